// Collects a board's text replies during a handshake (before binary streaming) and waits for what is expected,
// with timeouts whose errors quote what did arrive.
const MAX_TEXT = 64 * 1024;

export class ReplyTimeout extends Error {
  override readonly name = 'ReplyTimeout';
  constructor(
    message: string,
    readonly received: string,
  ) {
    super(message);
  }
}

export class ReplyReader {
  private text = '';
  private lastByteAt = 0;
  private wake: (() => void) | null = null;
  private failure: string | null = null;

  feed(chunk: Uint8Array): void {
    // latin1: one char per byte, so binary noise cannot break the decoding of the text around it.
    let piece = '';
    for (const byte of chunk) piece += String.fromCharCode(byte);
    this.text = (this.text + piece).slice(-MAX_TEXT);
    this.lastByteAt = performance.now();
    this.wake?.();
  }

  /** Whatever arrived and was not consumed yet. */
  get received(): string {
    return this.text;
  }

  clear(): void {
    this.text = '';
  }

  /** A new port: forget the text and any failure of the previous one. */
  reset(): void {
    this.text = '';
    this.failure = null;
  }

  /** Makes pending and later waits fail at once (the port went away). */
  fail(reason: string): void {
    this.failure = reason;
    this.wake?.();
  }

  /** The text up to and including the first `marker`, which is consumed. */
  async until(marker: string, timeoutMs: number, what: string): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.failure !== null) throw new Error(this.failure);
      const at = this.text.indexOf(marker);
      if (at >= 0) {
        const reply = this.text.slice(0, at + marker.length);
        this.text = this.text.slice(at + marker.length);
        return reply;
      }
      const left = deadline - performance.now();
      if (left <= 0) throw new ReplyTimeout(`no reply to ${what} within ${timeoutMs} ms`, this.text);
      await this.sleep(left);
    }
  }

  /** Waits until the line has been quiet for `quietMs` (or `maxMs` passed), e.g. to let a stream drain. */
  async quiet(quietMs: number, maxMs: number): Promise<void> {
    const deadline = performance.now() + maxMs;
    this.lastByteAt = performance.now();
    for (;;) {
      if (this.failure !== null) throw new Error(this.failure);
      const now = performance.now();
      const quietFor = now - this.lastByteAt;
      if (quietFor >= quietMs || now >= deadline) return;
      await new Promise((resolve) => setTimeout(resolve, Math.min(quietMs - quietFor, deadline - now)));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const wake = () => done();
      this.wake = wake;
      function done() {
        clearTimeout(timer);
        resolve();
      }
    }).finally(() => {
      this.wake = null;
    });
  }
}
