// Files in and out of browser mode, which has no file dialogs and no paths: POST /api/upload streams a file to
// the data folder's uploads/ (size-limited, then imported by 'recordings.import' with the path it answers), and
// GET /api/download/<name> serves a finished export from exports/. Both need the session token; an upload from a
// page also needs the app's own Origin.
import { createReadStream, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppServices } from '../services/app-services';

export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

class TooLarge extends Error {}

export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  services: AppServices,
  url: URL,
  maxBytes: number,
): Promise<void> {
  const transfers = services.transfers;
  if (!transfers) {
    json(res, 503, { error: 'Recordings are unavailable: the recordings database could not be opened.' });
    return;
  }
  const name = url.searchParams.get('name')?.trim();
  if (!name) {
    json(res, 400, { error: 'The upload needs the file name (?name=...).' });
    return;
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  const limitText = `${(maxBytes / 1024 ** 3).toFixed(1)} GiB`;
  if (declared > maxBytes) {
    json(res, 413, { error: `${name} is larger than the ${limitText} an upload may have.` });
    req.resume();
    return;
  }
  const target = transfers.uploadPath(name);
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      done(received > maxBytes ? new TooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    rmSync(target, { force: true });
    if (error instanceof TooLarge) {
      json(res, 413, { error: `${name} is larger than the ${limitText} an upload may have.` });
    } else if (!res.headersSent) {
      const code = (error as NodeJS.ErrnoException).code;
      json(res, code === 'ENOSPC' ? 507 : 500, {
        error:
          code === 'ENOSPC'
            ? `The disk of the Clisonix data folder is full; ${name} could not be received.`
            : `The upload of ${name} failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    return;
  }
  json(res, 200, { path: target, bytes: received });
}

export function handleDownload(
  req: IncomingMessage,
  res: ServerResponse,
  services: AppServices,
  encodedName: string,
): void {
  const transfers = services.transfers;
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    name = '';
  }
  // Only a plain file name of the exports folder: no separators, no dot-dot, nothing hidden.
  const file =
    transfers && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) ? path.join(transfers.exportsDir, name) : null;
  if (!file || !existsSync(file) || !statSync(file).isFile()) {
    json(res, 404, { error: `There is no export named ${name || encodedName}.` });
    return;
  }
  res.writeHead(200, {
    'Content-Type': name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream',
    'Content-Length': statSync(file).size,
    'Content-Disposition': `attachment; filename="${name}"`,
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
