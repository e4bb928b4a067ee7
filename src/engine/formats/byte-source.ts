// Random access to the bytes of a file without holding it in memory: the EDF/BDF reader asks for the header,
// then for the annotation bytes of each data record, then for record ranges as the importer walks the file.
// The app implements it over a file handle (main process); tests and small files use `bytesSource`.

export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /**
   * Exactly `length` bytes starting at `offset` (the caller never reads past `size`). The returned array may be
   * a view that is only valid until the next call; the reader copies what it keeps.
   */
  read(offset: number, length: number): Uint8Array | Promise<Uint8Array>;
}

/** A ByteSource over bytes already in memory (views, no copies). */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new RangeError(`read of ${length} bytes at ${offset} is outside the ${bytes.length} available`);
      }
      return bytes.subarray(offset, offset + length);
    },
  };
}

/**
 * A request for bytes from a parsing step. Parsers are written as generators that yield these and receive the
 * bytes back, so that one parser serves both an in-memory file (run synchronously) and a ByteSource (run
 * asynchronously).
 */
export interface ByteRequest {
  readonly offset: number;
  readonly length: number;
}

export type ByteSteps<T> = Generator<ByteRequest, T, Uint8Array>;

export function runStepsSync<T>(steps: ByteSteps<T>, bytes: Uint8Array): T {
  const source = bytesSource(bytes);
  let next = steps.next();
  while (!next.done) {
    next = steps.next(source.read(next.value.offset, next.value.length) as Uint8Array);
  }
  return next.value;
}

export async function runSteps<T>(steps: ByteSteps<T>, source: ByteSource): Promise<T> {
  let next = steps.next();
  while (!next.done) {
    next = steps.next(await source.read(next.value.offset, next.value.length));
  }
  return next.value;
}
