import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeThinkGearPacket, rawRow } from '../../../../src/engine/protocols/thinkgear-encoder';
import { ThinkGearParser } from '../../../../src/engine/protocols/thinkgear-parser';
import { collect, concat, InputCounter, pushInPieces } from './collect';

const SEED = Number(process.env.FC_SEED ?? 20261127);
const UV_PER_COUNT = (1.8 / 4096 / 2000) * 1e6; // NeuroSky: raw * (1.8 / 4096) / 2000 volts
const inputs: InputCounter[] = [];
afterAll(() => inputs.forEach((c) => c.report()));

const hex = (text: string) => Uint8Array.from(text.trim().split(/\s+/), (h) => parseInt(h, 16));

describe('ThinkGear parser', () => {
  it('decodes the example packet of the ThinkGear Serial Stream Guide', () => {
    // The guide's example: poor signal 0, ASIC_EEG_POWER, attention 0x0D, meditation 0x3D, checksum 0x34.
    const packet = hex(
      'AA AA 20 02 00 83 18 00 00 94 00 00 42 00 00 0B 00 00 64 00 00 4D 00 00 3D 00 00 07 00 00 05 04 0D 05 3D 34',
    );
    const out = collect();
    const parser = new ThinkGearParser(out);
    parser.push(packet);
    parser.finish();
    expect(out.events).toEqual([
      { kind: 'poor-signal', atSample: 0, value: 0 },
      { kind: 'band-powers', atSample: 0, values: [0x94, 0x42, 0x0b, 0x64, 0x4d, 0x3d, 0x07, 0x05] },
      { kind: 'attention', atSample: 0, value: 13 },
      { kind: 'meditation', atSample: 0, value: 61 },
    ]);
    expect(parser.stats()).toMatchObject({ framesAccepted: 1, checksumFailures: 0, bytesDiscarded: 0 });
  });

  it('decodes raw values as signed 16-bit big-endian counts of 0.22 uV', () => {
    // 0xFF38 = -200 counts; checksum = ~(0x80 + 0x02 + 0xFF + 0x38) & 0xFF = ~0xB9 = 0x46.
    // 0x7FFF = 32767 counts; checksum = ~(0x80 + 0x02 + 0x7F + 0xFF) & 0xFF = ~0x00 = 0xFF.
    const out = collect();
    const parser = new ThinkGearParser(out);
    parser.push(hex('AA AA 04 80 02 FF 38 46 AA AA 04 80 02 7F FF FF'));
    parser.finish();
    expect(out.rows()).toEqual([[Math.fround(-200 * UV_PER_COUNT)], [Math.fround(32767 * UV_PER_COUNT)]]);
    expect(-200 * UV_PER_COUNT).toBeCloseTo(-43.9453125, 9);
  });

  it('finds a packet after extra SYNC bytes, and rejects lengths above 169', () => {
    const out = collect();
    const parser = new ThinkGearParser(out);
    parser.push(hex('AA AA AA AA 04 80 02 FF 38 46 AA AA AB 00 AA AA 04 80 02 FF 38 46'));
    parser.finish();
    expect(out.sampleCount()).toBe(2);
    expect(parser.stats().bytesDiscarded).toBe(6);
  });

  it('counts a checksum failure, reports a corrupt raw frame as a one-sample gap, and goes on', () => {
    const good = encodeThinkGearPacket(rawRow(100));
    const bad = encodeThinkGearPacket(rawRow(200));
    bad[7] = bad[7]! ^ 0x01;
    const out = collect();
    const parser = new ThinkGearParser(out);
    parser.push(concat([good, bad, good, good]));
    parser.finish();
    expect(out.sampleCount()).toBe(3);
    expect(out.gaps).toEqual([{ atSample: 2, missingSamples: 1, reason: 'corrupt-frame' }]);
    expect(out.indices()).toEqual([0, 2, 3]);
    expect(parser.stats()).toMatchObject({ checksumFailures: 1, bytesDiscarded: 8 });
  });

  it('rejects a frame whose rows do not fit its payload even if the checksum matches', () => {
    const out = collect();
    const parser = new ThinkGearParser(out);
    parser.push(encodeThinkGearPacket([0x80, 0x03, 0x00, 0x01, 0x02])); // raw with 3 value bytes
    parser.push(encodeThinkGearPacket([0x83, 0x18, 0x00])); // band powers cut short
    parser.push(encodeThinkGearPacket(rawRow(5)));
    parser.finish();
    expect(out.sampleCount()).toBe(1);
    expect(parser.stats().checksumFailures).toBe(2);
  });

  it('never throws on random bytes', () => {
    const counter = new InputCounter('ThinkGear random bytes');
    inputs.push(counter);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(3000), { maxLength: 20 }),
        fc.boolean(),
        (bytes, cuts, sprinkleSync) => {
          counter.tick();
          // Half of the inputs get many SYNC bytes, so that packet headers of every length are attempted.
          if (sprinkleSync) for (let i = 0; i < bytes.length; i += 3) bytes[i] = 0xaa;
          const out = collect();
          const parser = new ThinkGearParser(out);
          pushInPieces(parser, bytes, cuts);
          parser.finish();
          expect(parser.stats().bytesDiscarded).toBeLessThanOrEqual(bytes.length);
          expect(out.sampleCount()).toBe(parser.stats().samples);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('resynchronises after garbage in any chunking without losing a packet or keeping a garbage byte', () => {
    const counter = new InputCounter('ThinkGear garbage between packets');
    inputs.push(counter);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 200 })), { maxLength: 6 }),
        fc.array(fc.nat(4000), { maxLength: 30 }),
        (raws, insertions, cuts) => {
          counter.tick();
          const before = new Map(insertions.map(([at, g]) => [at % raws.length, g]));
          const chunks: Uint8Array[] = [];
          let garbageBytes = 0;
          raws.forEach((r, i) => {
            const g = before.get(i);
            if (g) {
              chunks.push(g);
              garbageBytes += g.length;
            }
            chunks.push(encodeThinkGearPacket(rawRow(r)));
          });
          const out = collect();
          const parser = new ThinkGearParser(out);
          pushInPieces(parser, concat(chunks), cuts);
          parser.finish();
          expect(out.rows()).toEqual(raws.map((r) => [Math.fround(r * UV_PER_COUNT)]));
          expect(out.gaps).toEqual([]);
          expect(parser.stats().bytesDiscarded).toBe(garbageBytes);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('loses no intact packet to bit flips in other packets', () => {
    const counter = new InputCounter('ThinkGear bit flips');
    inputs.push(counter);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -32768, max: 32767 }), { minLength: 2, maxLength: 100 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(1000), { maxLength: 10 }),
        (raws, flips, cuts) => {
          counter.tick();
          const bytes = concat(raws.map((r) => encodeThinkGearPacket(rawRow(r))));
          const damaged = new Set<number>();
          for (const [at, bit] of flips) {
            const byte = at % bytes.length;
            bytes[byte] = bytes[byte]! ^ (1 << bit);
            damaged.add(Math.floor(byte / 8));
          }
          const out = collect();
          const parser = new ThinkGearParser(out);
          pushInPieces(parser, bytes, cuts);
          parser.finish();
          const received = out.rows().map((r) => r[0]);
          let at = 0;
          raws.forEach((r, i) => {
            if (damaged.has(i)) return;
            const want = Math.fround(r * UV_PER_COUNT);
            while (at < received.length && received[at] !== want) at++;
            expect(at, `intact packet ${i} lost`).toBeLessThan(received.length);
            at++;
          });
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});
