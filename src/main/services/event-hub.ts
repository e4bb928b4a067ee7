// Fan-out of service events and sample frames to whichever transports are attached (IPC windows, WebSockets).
import type { ApiEvents, EventName } from '../../shared/api';

export type EventListener = <E extends EventName>(name: E, payload: ApiEvents[E]) => void;
export type FrameListener = (frame: ArrayBuffer) => void;

export class EventHub {
  readonly #eventListeners = new Set<EventListener>();
  readonly #frameListeners = new Set<FrameListener>();

  emit<E extends EventName>(name: E, payload: ApiEvents[E]): void {
    for (const listener of this.#eventListeners) {
      try {
        listener(name, payload);
      } catch (error) {
        // A broken transport must not stop the others from hearing the event.
        console.error(`event listener failed on ${name}:`, error);
      }
    }
  }

  /** Encoded sample frames (src/shared/frames.ts); every listener receives the same bytes. */
  publishFrame(frame: ArrayBuffer): void {
    for (const listener of this.#frameListeners) {
      try {
        listener(frame);
      } catch (error) {
        console.error('frame listener failed:', error);
      }
    }
  }

  onEvent(listener: EventListener): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  onFrame(listener: FrameListener): () => void {
    this.#frameListeners.add(listener);
    return () => this.#frameListeners.delete(listener);
  }

  get frameListenerCount(): number {
    return this.#frameListeners.size;
  }
}
