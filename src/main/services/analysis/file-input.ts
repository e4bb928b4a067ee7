// A recording file read for analysis: asynchronous reads (the main event loop never waits on the disk), with
// progress and cancel, into one buffer of its own that is then transferred to the engine worker, which decodes it.
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../../shared/api';
import { cancelledError } from './control';

/** Reads of this size keep progress moving on a large file without many small system calls. */
const READ_BYTES = 8 * 1024 * 1024;

export interface FileBytes {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

function fileProblem(file: string, error: unknown): ApiError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ApiError({ code: 'not_found', message: `There is no file ${file}.` });
  if (code === 'EACCES' || code === 'EPERM') {
    return new ApiError({
      code: 'permission_denied',
      message: `Clisonix may not read ${file}; check the file's permissions.`,
    });
  }
  if (code === 'EISDIR') {
    return new ApiError({
      code: 'invalid_request',
      message: `${file} is a folder; choose a recording file.`,
    });
  }
  return new ApiError({
    code: 'storage_error',
    message: `Could not read ${file}: ${error instanceof Error ? error.message : String(error)}`,
  });
}

export async function readFileForAnalysis(
  file: string,
  options: { onProgress?: (done: number, total: number) => void; signal?: AbortSignal } = {},
): Promise<FileBytes> {
  const resolved = path.resolve(file);
  let size: number;
  try {
    const info = await stat(resolved);
    if (info.isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
    size = info.size;
  } catch (error) {
    throw fileProblem(resolved, error);
  }
  if (size === 0) throw new ApiError({ code: 'invalid_request', message: `${resolved} is empty.` });
  const bytes = new Uint8Array(size);
  let handle;
  try {
    handle = await open(resolved, 'r');
  } catch (error) {
    throw fileProblem(resolved, error);
  }
  try {
    let done = 0;
    while (done < size) {
      if (options.signal?.aborted) throw cancelledError();
      const { bytesRead } = await handle.read(bytes, done, Math.min(READ_BYTES, size - done), done);
      if (bytesRead === 0) {
        throw new ApiError({
          code: 'storage_error',
          message: `${resolved} became shorter while it was read (${done} of ${size} bytes); try again.`,
        });
      }
      done += bytesRead;
      options.onProgress?.(done, size);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw fileProblem(resolved, error);
  } finally {
    await handle.close();
  }
  return { path: resolved, fileName: path.basename(resolved), bytes };
}
