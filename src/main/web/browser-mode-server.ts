// Browser mode: the built UI over HTTP and the same ClisonixApi over a WebSocket, on 127.0.0.1 only, for a
// machine without Electron (here) or a headless acquisition box. Sample frames go out as binary messages.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { ClientMessage, ServerMessage } from '../../shared/api';
import type { AppServices } from '../services/app-services';
import {
  allowedOrigins,
  contentSecurityPolicy,
  hostAllowed,
  newSessionToken,
  tokenMatches,
} from './security';
import { DEFAULT_MAX_UPLOAD_BYTES, handleDownload, handleUpload } from './file-transfer';
import { readStaticFile } from './static-files';

export interface BrowserModeOptions {
  readonly services: AppServices;
  /** The built renderer; null serves a page that says how to build it. */
  readonly rendererDir: string | null;
  readonly port?: number;
  readonly token?: string;
  /** Bytes queued to a slow client beyond which display frames are skipped (and counted). */
  readonly maxBufferedBytes?: number;
  /** Largest file a browser may upload for import (default 4 GiB). */
  readonly maxUploadBytes?: number;
}

export interface BrowserModeServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const API_PATH = '/api';
const UPLOAD_PATH = '/api/upload';
const DOWNLOAD_PREFIX = '/api/download/';

export async function startBrowserModeServer(options: BrowserModeOptions): Promise<BrowserModeServer> {
  const token = options.token ?? newSessionToken();
  const { services, rendererDir } = options;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  let port = options.port ?? 0;

  const http = createServer((req, res) => {
    void serveHttp(req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  async function serveHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader(
      'Content-Security-Policy',
      contentSecurityPolicy([`ws://${HOST}:${port}`, `ws://localhost:${port}`]),
    );
    if (!hostAllowed(req.headers.host, port)) {
      text(res, 403, 'Forbidden: unexpected Host header.');
      return;
    }
    if (url.pathname === UPLOAD_PATH || url.pathname.startsWith(DOWNLOAD_PREFIX)) {
      if (!tokenMatches(token, url.searchParams.get('token'))) {
        text(res, 401, 'Unauthorized: the session token is missing or wrong.');
        return;
      }
      const origin = req.headers.origin;
      if (origin !== undefined && !allowedOrigins(port).has(origin)) {
        text(res, 403, 'Forbidden: files move only from the Clisonix page itself.');
        return;
      }
      if (url.pathname === UPLOAD_PATH) {
        if (req.method !== 'POST') text(res, 405, 'Method not allowed: upload with POST.');
        else await handleUpload(req, res, services, url, options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') text(res, 405, 'Method not allowed.');
      else handleDownload(req, res, services, url.pathname.slice(DOWNLOAD_PREFIX.length));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      text(res, 405, 'Method not allowed.');
      return;
    }
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (isPage && !tokenMatches(token, url.searchParams.get('token'))) {
      text(
        res,
        401,
        'Clisonix Desktop: open the full address printed by `clisonix serve` (it ends with ?token=...).',
      );
      return;
    }
    if (!rendererDir) {
      text(res, 503, 'The UI is not built yet: run `npm run build`, then reload.');
      return;
    }
    const file = await readStaticFile(rendererDir, isPage ? '/index.html' : url.pathname);
    if (!file) {
      text(res, 404, 'Not found.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Cache-Control': isPage ? 'no-store' : 'no-cache',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    const refusal =
      url.pathname !== API_PATH
        ? '404 Not Found'
        : !hostAllowed(req.headers.host, port)
          ? '403 Forbidden'
          : !tokenMatches(token, url.searchParams.get('token'))
            ? '401 Unauthorized'
            : !allowedOrigins(port).has(req.headers.origin ?? '')
              ? '403 Forbidden'
              : null;
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  function attach(ws: WebSocket): void {
    const send = (message: ServerMessage) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
    };
    const offEvents = services.events.onEvent((name, payload) => send({ t: 'event', name, payload }));
    const offFrames = services.events.onFrame((frame) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > maxBuffered) {
        services.acquisition.noteDisplayFramesSkipped(1);
        return;
      }
      ws.send(frame, { binary: true });
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      void (async () => {
        const message = isBinary ? null : parseClientMessage(rawToString(data));
        if (!message) {
          send({
            t: 'result',
            id: -1,
            outcome: {
              ok: false,
              error: {
                code: 'invalid_request',
                message: 'Malformed message: expected {"t":"call","id":n,"method":"...","params":{...}}',
              },
            },
          });
          return;
        }
        send({
          t: 'result',
          id: message.id,
          outcome: await services.dispatch(message.method, message.params),
        });
      })();
    });
    ws.on('close', () => {
      offEvents();
      offFrames();
    });
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, HOST, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const address = http.address();
  port = typeof address === 'object' && address ? address.port : port;

  return {
    url: `http://${HOST}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(`${body}\n`);
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data instanceof ArrayBuffer ? new Uint8Array(data) : data).toString('utf8');
}

function parseClientMessage(text: string): ClientMessage | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const m = value as Record<string, unknown>;
    if (
      m.t !== 'call' ||
      typeof m.id !== 'number' ||
      !Number.isSafeInteger(m.id) ||
      typeof m.method !== 'string'
    )
      return null;
    return { t: 'call', id: m.id, method: m.method, params: m.params };
  } catch {
    return null;
  }
}
