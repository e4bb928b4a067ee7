// The renderer's one ClisonixApi: the preload's in Electron, a WebSocket client in browser mode.
import type { ClisonixApi } from '../../shared/api';
import { createWebSocketApi, type ConnectionState, type WebSocketApi } from './websocket-api';

let api: ClisonixApi | null = null;

export function getApi(): ClisonixApi {
  if (api) return api;
  if (window.clisonix) {
    api = window.clisonix;
    return api;
  }
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api?token=${encodeURIComponent(token)}`;
  api = createWebSocketApi(wsUrl);
  return api;
}

/** Connection state for the banner: Electron's IPC is always "open". */
export function connectionOf(value: ClisonixApi): {
  state: ConnectionState;
  subscribe(l: (s: ConnectionState) => void): () => void;
} {
  if ('onConnection' in value) {
    const ws = value as WebSocketApi;
    return { state: ws.connection, subscribe: (l) => ws.onConnection(l) };
  }
  return { state: 'open', subscribe: () => () => undefined };
}
