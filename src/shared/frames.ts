// Binary sample frames from the services to the UI: a fixed little-endian header, then planar float32 samples.
// The same bytes travel over Electron IPC and over the browser-mode WebSocket; never JSON arrays.
import type { SampleBlock } from './samples';

export const FRAME_MAGIC = 0x46584c43; // 'CLXF' read as a little-endian u32
export const FRAME_VERSION = 1;
export const FRAME_HEADER_BYTES = 40;

/** A decoded frame: a sample block plus where it sits in the stream. */
export interface SampleFrame extends SampleBlock {
  /** Increments with every frame of a stream; a jump means the UI was not sent some frames (display only). */
  readonly seq: number;
  /** Increments with every (re)connection of a source: a new segment starts a new clock. */
  readonly segment: number;
}

export class FrameFormatError extends Error {
  override readonly name = 'FrameFormatError';
}

export function encodeFrame(frame: Omit<SampleFrame, 'data'> & { data: Float32Array }): ArrayBuffer {
  const values = frame.channelCount * frame.sampleCount;
  if (frame.data.length !== values) {
    throw new FrameFormatError(`frame data holds ${frame.data.length} values, expected ${values}`);
  }
  const buffer = new ArrayBuffer(FRAME_HEADER_BYTES + values * 4);
  const view = new DataView(buffer);
  view.setUint32(0, FRAME_MAGIC, true);
  view.setUint16(4, FRAME_VERSION, true);
  view.setUint16(6, frame.channelCount, true);
  view.setUint32(8, frame.sampleCount, true);
  view.setUint32(12, frame.seq >>> 0, true);
  view.setFloat64(16, frame.firstSample, true);
  view.setFloat64(24, frame.sampleRateHz, true);
  view.setUint32(32, frame.segment >>> 0, true);
  new Float32Array(buffer, FRAME_HEADER_BYTES, values).set(frame.data);
  return buffer;
}

/** Decodes without copying the samples when the bytes are 4-byte aligned. Throws FrameFormatError on bad bytes. */
export function decodeFrame(bytes: ArrayBuffer | ArrayBufferView): SampleFrame {
  const buffer = bytes instanceof ArrayBuffer ? bytes : bytes.buffer;
  const offset = bytes instanceof ArrayBuffer ? 0 : bytes.byteOffset;
  const length = bytes.byteLength;
  if (length < FRAME_HEADER_BYTES)
    throw new FrameFormatError(`frame of ${length} bytes is shorter than its header`);
  const view = new DataView(buffer, offset, length);
  if (view.getUint32(0, true) !== FRAME_MAGIC) throw new FrameFormatError('not a sample frame (bad magic)');
  const version = view.getUint16(4, true);
  if (version !== FRAME_VERSION) throw new FrameFormatError(`unsupported frame version ${version}`);
  const channelCount = view.getUint16(6, true);
  const sampleCount = view.getUint32(8, true);
  const values = channelCount * sampleCount;
  if (length !== FRAME_HEADER_BYTES + values * 4) {
    throw new FrameFormatError(
      `frame of ${length} bytes does not hold ${channelCount} x ${sampleCount} samples`,
    );
  }
  const dataOffset = offset + FRAME_HEADER_BYTES;
  const data =
    dataOffset % 4 === 0
      ? new Float32Array(buffer as ArrayBuffer, dataOffset, values)
      : new Float32Array((buffer as ArrayBuffer).slice(dataOffset, dataOffset + values * 4));
  return {
    seq: view.getUint32(12, true),
    firstSample: view.getFloat64(16, true),
    sampleRateHz: view.getFloat64(24, true),
    segment: view.getUint32(32, true),
    channelCount,
    sampleCount,
    data,
  };
}
