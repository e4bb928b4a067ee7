import { crc32 as zlibCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../../src/engine/checksum/crc32';

describe('crc32', () => {
  it('gives the published check value of CRC-32/ISO-HDLC for "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("agrees with zlib's CRC-32 on any bytes, at any offset and length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.nat(7), (bytes, skip) => {
        const view = bytes.subarray(Math.min(skip, bytes.length));
        expect(crc32(view)).toBe(zlibCrc32(view));
      }),
      { numRuns: 300 },
    );
  });

  it('continues across pieces: crc32(b, crc32(a)) is the CRC of a then b', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.uint8Array({ maxLength: 2000 }), (a, b) => {
        const joined = new Uint8Array(a.length + b.length);
        joined.set(a);
        joined.set(b, a.length);
        expect(crc32(b, crc32(a))).toBe(zlibCrc32(joined));
      }),
      { numRuns: 200 },
    );
  });

  it('changes when a single bit of a chunk-sized buffer flips', () => {
    const bytes = new Uint8Array(256_000).map((_, i) => (i * 7919) & 0xff);
    const before = crc32(bytes);
    bytes[123_457]! ^= 0x10;
    expect(crc32(bytes)).not.toBe(before);
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
  });
});
