// ClisonixApi over the browser-mode WebSocket: JSON calls and events as text, sample frames as binary.
// Reconnects by itself when the server restarts; calls made while disconnected wait for the connection.
import {
  ApiError,
  type ApiEvents,
  type ClisonixApi,
  type EventName,
  type MethodName,
  type ParamsOf,
  type ResultOf,
  type ServerMessage,
} from '../../shared/api';
import { decodeFrame, type SampleFrame } from '../../shared/frames';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

interface PendingCall {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export interface WebSocketApi extends ClisonixApi {
  readonly connection: ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  close(): void;
}

export function createWebSocketApi(url: string): WebSocketApi {
  const pending = new Map<number, PendingCall>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const frameListeners = new Set<(frame: SampleFrame) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let outbox: string[] = [];
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  let retryMs = 250;
  let closed = false;

  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of connectionListeners) l(next);
  };

  function open(): void {
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setState('open');
      for (const message of outbox) ws.send(message);
      outbox = [];
    };
    ws.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
      if (typeof event.data !== 'string') {
        const frame = decodeFrame(event.data);
        for (const l of frameListeners) l(frame);
        return;
      }
      const message = JSON.parse(event.data) as ServerMessage;
      if (message.t === 'event') {
        for (const l of eventListeners.get(message.name) ?? []) l(message.payload);
        return;
      }
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.outcome.ok) call.resolve(message.outcome.result);
      else call.reject(new ApiError(message.outcome.error));
    };
    ws.onclose = () => {
      if (closed) return;
      // Calls in flight are lost with the connection; their callers hear it rather than wait forever.
      for (const [id, call] of pending) {
        pending.delete(id);
        call.reject(
          new ApiError({ code: 'unavailable', message: 'The connection to Clisonix was lost; try again.' }),
        );
      }
      setState('reconnecting');
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  open();

  return {
    transport: 'websocket',
    get connection() {
      return state;
    },
    call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
      const id = nextId++;
      const message = JSON.stringify({ t: 'call', id, method, params });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket?.readyState === WebSocket.OPEN) socket.send(message);
        else outbox.push(message);
      });
    },
    on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
      const set = eventListeners.get(event) ?? new Set();
      eventListeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    onFrame(listener) {
      frameListeners.add(listener);
      return () => frameListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      socket?.close();
    },
  };
}
