// The CRC-32 of every chunk written and read. node:zlib's is the same function as the pure one in
// src/engine/checksum (what the pure rooms and the browser SDK can use; the tests hold them bit for bit equal),
// at several times its speed, which counts when a whole recording is imported, exported or verified.
import { crc32 as zlibCrc32 } from 'node:zlib';

export function storageCrc32(bytes: Uint8Array): number {
  return zlibCrc32(bytes);
}
