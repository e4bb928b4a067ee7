// A stored chunk is the planar float32 samples of all channels (channel-major), little-endian as in memory on
// every platform Clisonix runs on, with the CRC-32 of exactly those bytes.
import { storageCrc32 as crc32 } from './checksum';
import { StorageError } from './errors';

/** At most this many bytes per chunk, whatever the channel count (keeps one row well inside SQLite's limits). */
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024;

/** About one second of samples per chunk, fewer when a second of all channels would exceed MAX_CHUNK_BYTES. */
export function chunkSamplesFor(sampleRateHz: number, channelCount: number): number {
  const oneSecond = Math.max(1, Math.round(sampleRateHz));
  return Math.max(1, Math.min(oneSecond, Math.floor(MAX_CHUNK_BYTES / (4 * channelCount))));
}

export function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

/** Planar values of the first `filled` samples of a chunk whose rows are `capacity` samples long. */
export function compactPlanar(
  values: Float32Array,
  channelCount: number,
  capacity: number,
  filled: number,
): Float32Array {
  if (filled === capacity) return values;
  const out = new Float32Array(channelCount * filled);
  for (let c = 0; c < channelCount; c++) {
    out.set(values.subarray(c * capacity, c * capacity + filled), c * filled);
  }
  return out;
}

export interface ChunkLocation {
  readonly recordingId: string;
  readonly firstSample: number;
  readonly sampleCount: number;
}

/** Throws a `corrupt` StorageError naming the chunk when its bytes do not match their length or CRC. */
export function verifyChunk(
  bytes: Uint8Array,
  expectedCrc: number,
  channelCount: number,
  where: ChunkLocation,
): void {
  const span = `samples ${where.firstSample}..${where.firstSample + where.sampleCount - 1} of recording ${where.recordingId}`;
  const expectedBytes = channelCount * where.sampleCount * 4;
  if (bytes.byteLength !== expectedBytes) {
    throw new StorageError({
      code: 'corrupt',
      message: `The stored chunk holding ${span} has ${bytes.byteLength} bytes instead of ${expectedBytes}; that part of the recording is damaged.`,
    });
  }
  const actual = crc32(bytes);
  if (actual !== expectedCrc >>> 0) {
    throw new StorageError({
      code: 'corrupt',
      message: `The stored chunk holding ${span} fails its CRC-32 check (stored ${hex(expectedCrc)}, computed ${hex(actual)}); that part of the recording is damaged.`,
    });
  }
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}
