import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FRAME_HEADER_BYTES, FrameFormatError } from '../../../src/shared/frames';

const frame = {
  seq: 7,
  segment: 2,
  firstSample: 1_000_000_123,
  sampleRateHz: 250,
  channelCount: 3,
  sampleCount: 4,
  data: Float32Array.from({ length: 12 }, (_, i) => i * 1.5 - 3),
};

describe('sample frames', () => {
  it('round-trips header and planar samples exactly', () => {
    const decoded = decodeFrame(encodeFrame(frame));
    expect({ ...decoded, data: Array.from(decoded.data) }).toEqual({
      ...frame,
      data: Array.from(frame.data),
    });
  });

  it('decodes from an unaligned view without losing samples', () => {
    const bytes = new Uint8Array(encodeFrame(frame));
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(decodeFrame(shifted.subarray(1)).data)).toEqual(Array.from(frame.data));
  });

  it('rejects short, foreign and inconsistent bytes with a reason', () => {
    expect(() => decodeFrame(new ArrayBuffer(8))).toThrow(/shorter than its header/);
    expect(() => decodeFrame(new ArrayBuffer(FRAME_HEADER_BYTES))).toThrow(/bad magic/);
    const truncated = encodeFrame(frame).slice(0, FRAME_HEADER_BYTES + 8);
    expect(() => decodeFrame(truncated)).toThrow(FrameFormatError);
    expect(() => encodeFrame({ ...frame, sampleCount: 5 })).toThrow(/expected 15/);
  });
});
