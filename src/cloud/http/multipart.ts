// Reading one file (and a few text fields) from a multipart/form-data request, within the size limits, with every
// way a body can be malformed answered as a 4xx.
import type { FastifyRequest } from 'fastify';
import { HttpError, invalidRequest } from './errors';

export interface UploadedFile {
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly fields: Readonly<Record<string, string>>;
}

const MAX_FIELDS = 8;
const MAX_FIELD_BYTES = 1024;

/** The single file part named `file`; `required: false` returns null when the request carries no body. */
export async function readMultipartFile(
  request: FastifyRequest,
  maxBytes: number,
  required = true,
): Promise<UploadedFile | null> {
  if (!request.isMultipart()) {
    const hasBody =
      request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0';
    if (!required && !hasBody && request.headers['transfer-encoding'] === undefined) return null;
    throw invalidRequest('send the file as multipart/form-data in a field named "file"', 415);
  }
  let file: { bytes: Uint8Array; fileName: string } | null = null;
  const fields: Record<string, string> = {};
  try {
    const parts = request.parts({
      limits: {
        fileSize: maxBytes,
        files: 1,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
        parts: MAX_FIELDS + 1,
        headerPairs: 50,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw invalidRequest(
            `unexpected file field "${part.fieldname}"; send the file in a field named "file"`,
          );
        }
        const bytes = await part.toBuffer();
        file = { bytes, fileName: part.filename };
      } else if (typeof part.value === 'string') {
        fields[part.fieldname] = part.value;
      }
    }
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const status = statusOf(error);
    if (status === 413) throw invalidRequest(`the file is larger than the limit of ${maxBytes} bytes`, 413);
    const message = error instanceof Error ? error.message : String(error);
    throw invalidRequest(
      `malformed multipart body: ${message}`,
      status !== null && status < 500 ? status : 400,
    );
  }
  if (!file) {
    if (!required) return null;
    throw invalidRequest('the multipart body has no file field named "file"');
  }
  return { ...file, fields };
}

function statusOf(error: unknown): number | null {
  if (typeof error === 'object' && error !== null && 'statusCode' in error) {
    const code = error.statusCode;
    if (typeof code === 'number') return code;
  }
  return null;
}
