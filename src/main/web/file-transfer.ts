// Files in and out of browser mode, which has no file dialogs and no paths: POST /api/upload streams a file to
// the data folder's uploads/ (size-limited, then imported by 'recordings.import' with the path it answers), and
// GET /api/download/<name> serves a finished export from exports/. Both need the session token; an upload from a
// page also needs the app's own Origin.
import { createReadStream, createWriteStream, existsSync, rmSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { AppServices } from '../services/app-services';

export const DEFAULT_MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Number((bytes / 1024 ** 3).toFixed(1))} GiB`;
  if (bytes >= 1024 ** 2) return `${Number((bytes / 1024 ** 2).toFixed(1))} MiB`;
  return `${Number((bytes / 1024).toFixed(1))} KiB`;
}

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
  const limitText = sizeText(maxBytes);
  if (declared > maxBytes) {
    json(res, 413, { error: `${name} is larger than the ${limitText} an upload may have.` });
    req.resume();
    return;
  }
  const target = transfers.uploadPath(name);
  let received = 0;
  const over = { limit: false };
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(target, { flags: 'wx' });
      out.on('error', reject);
      out.on('finish', resolve);
      req.on('error', reject);
      req.on('aborted', () => reject(new Error('the browser stopped sending')));
      req.on('data', (chunk: Buffer) => {
        if (over.limit) return;
        received += chunk.length;
        if (received > maxBytes) {
          // Keep reading (and dropping) the rest: a reset connection would hide the answer from the page.
          over.limit = true;
          out.destroy();
          resolve();
          return;
        }
        if (!out.write(chunk)) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      });
      req.on('end', () => {
        if (!over.limit) out.end();
      });
    });
  } catch (error) {
    rmSync(target, { force: true });
    if (!res.headersSent) {
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
  if (over.limit) {
    rmSync(target, { force: true });
    res.setHeader('Connection', 'close');
    json(res, 413, { error: `${name} is larger than the ${limitText} an upload may have.` });
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
