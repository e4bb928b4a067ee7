// Progress and cancellation for long pure computations, without any Node or DOM API: the caller passes plain
// callbacks (a worker wires them to messages and to a shared cancellation flag).

export interface RunControl {
  /** Called with work done so far and the total, in the unit the function documents (samples analysed). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled between channels and every few hundred segments; true stops the work with a CancelledError. */
  readonly isCancelled?: () => boolean;
}

export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor(message = 'the analysis was cancelled') {
    super(message);
  }
}

export function throwIfCancelled(control: RunControl | undefined): void {
  if (control?.isCancelled?.()) throw new CancelledError();
}
