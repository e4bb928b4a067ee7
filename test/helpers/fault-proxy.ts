// A forwarding proxy on 127.0.0.1 in front of the real cloud server, that can answer a planned fault instead of
// forwarding: a 5xx (with or without Retry-After), a dropped connection, or silence. The real server never
// answers 5xx on purpose, so this is how the SDK's retry paths meet real HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang'; readonly ms: number };

export interface FaultProxy {
  readonly url: string;
  /** Faults for the next requests whose `METHOD path` matches, in order; then requests pass through. */
  plan(match: RegExp, faults: readonly Fault[]): void;
  /** `METHOD path status` of every request seen (status 0 for a fault without one). */
  readonly seen: string[];
  close(): Promise<void>;
}

export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const plans: { match: RegExp; faults: Fault[] }[] = [];
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    const line = `${req.method ?? ''} ${(req.url ?? '').split('?')[0] ?? ''}`;
    const plan = plans.find((p) => p.match.test(line) && p.faults.length > 0);
    const fault = plan?.faults.shift();
    if (fault) {
      req.resume();
      if (fault.kind === 'status') {
        seen.push(`${line} ${fault.status}`);
        res.writeHead(fault.status, {
          'content-type': 'application/json',
          ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }),
        });
        res.end(JSON.stringify({ error: 'unavailable', message: 'injected by the fault proxy' }));
      } else if (fault.kind === 'drop') {
        seen.push(`${line} 0`);
        req.socket.destroy();
      } else {
        seen.push(`${line} 0`);
        setTimeout(() => req.socket.destroy(), fault.ms).unref();
      }
      return;
    }
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        seen.push(`${line} ${answer.statusCode ?? 0}`);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    plan(match, faults) {
      plans.push({ match, faults: [...faults] });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
