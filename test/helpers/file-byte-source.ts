// Node-side ByteSource over a file and a sink for the writers' chunks: what the app's main process does,
// kept here for the tests and benchmarks (the engine itself never touches the file system).
import { closeSync, openSync, readSync, writeSync, fstatSync } from 'node:fs';
import type { ByteSource } from '../../src/engine/formats/byte-source';

export interface FileByteSource extends ByteSource {
  close(): void;
  /** Bytes handed out so far (to prove what a step did or did not read). */
  readonly bytesRead: number;
}

export function fileByteSource(path: string): FileByteSource {
  const fd = openSync(path, 'r');
  const size = fstatSync(fd).size;
  let bytesRead = 0;
  return {
    size,
    get bytesRead() {
      return bytesRead;
    },
    read(offset, length) {
      const out = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const n = readSync(fd, out, done, length - done, offset + done);
        if (n === 0) throw new Error(`unexpected end of ${path} at ${offset + done}`);
        done += n;
      }
      bytesRead += length;
      return out;
    },
    close: () => closeSync(fd),
  };
}

/** Writes every chunk of `chunks` to `path`; returns the bytes written. */
export async function writeChunksToFile(path: string, chunks: AsyncIterable<Uint8Array>): Promise<number> {
  const fd = openSync(path, 'w');
  let total = 0;
  try {
    for await (const chunk of chunks) {
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done, chunk.length - done);
      total += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  return total;
}
