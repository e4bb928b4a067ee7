import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeCytonPacket } from '../../../../src/engine/protocols/cyton-encoder';
import { cytonMicrovoltsPerCount } from '../../../../src/engine/protocols/cyton-format';
import { DaisyParser } from '../../../../src/engine/protocols/daisy-parser';
import { collect, concat, InputCounter, pushInPieces } from './collect';

const SEED = Number(process.env.FC_SEED ?? 20261127);
const UV = cytonMicrovoltsPerCount(24);
const inputs: InputCounter[] = [];
afterAll(() => inputs.forEach((c) => c.report()));

/** The wire as the OpenBCI docs describe it: an invalid packet 0, then main (odd) / Daisy (even) per sample. */
function daisyWire(sampleCount: number): { counter: number; counts: number[] }[] {
  const packets = [{ counter: 0, counts: [0, 0, 0, 0, 0, 0, 0, 0] }];
  for (let k = 0; k < sampleCount; k++) {
    packets.push({ counter: (2 * k + 1) & 0xff, counts: [k, 1, 2, 3, 4, 5, 6, 7] });
    packets.push({ counter: (2 * k + 2) & 0xff, counts: [0 - k, 11, 12, 13, 14, 15, 16, 17] });
  }
  return packets;
}

function merged(k: number): number[] {
  return [k, 1, 2, 3, 4, 5, 6, 7, 0 - k, 11, 12, 13, 14, 15, 16, 17].map((c) => Math.fround(c * UV));
}

describe('Cyton + Daisy parser', () => {
  it('pairs odd (main) and even (Daisy) packets into 16-channel samples, across the counter wrap', () => {
    const wire = daisyWire(300); // counters wrap twice; the pair (255, 0) must merge
    const out = collect();
    const parser = new DaisyParser(out);
    parser.push(concat(wire.map(encodeCytonPacket)));
    parser.finish();
    expect(out.rows()).toEqual(Array.from({ length: 300 }, (_, k) => merged(k)));
    expect(out.gaps).toEqual([]);
    expect(parser.sampleRateHz).toBe(125);
    expect(parser.stats().framesUnused).toBe(1); // the invalid first packet
  });

  it('reports lost packets as gaps counted in merged samples, and never half a sample', () => {
    const counter = new InputCounter('Daisy dropped packets');
    inputs.push(counter);
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 200 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        fc.array(fc.nat(20000), { maxLength: 20 }),
        (sampleCount, drops, cuts) => {
          counter.tick();
          const wire = daisyWire(sampleCount);
          // The last two packets stay: a packet after a loss is confirmed by the one that follows it.
          const dropped = new Set(drops.map((d) => d % (wire.length - 2)));
          const kept = wire.filter((_, i) => !dropped.has(i));
          // Independent oracle: sample k survives when both of its packets (2k+1 and 2k+2) arrived.
          const complete = Array.from({ length: sampleCount }, (_, k) => k).filter(
            (k) => !dropped.has(2 * k + 1) && !dropped.has(2 * k + 2),
          );
          const first = complete[0] ?? 0;
          const expectedGaps: { atSample: number; missingSamples: number; reason: string }[] = [];
          complete.forEach((k, i) => {
            const previous = complete[i - 1];
            if (previous !== undefined && k - previous > 1) {
              expectedGaps.push({
                atSample: k - first,
                missingSamples: k - previous - 1,
                reason: 'counter-jump',
              });
            }
          });
          const out = collect();
          const parser = new DaisyParser(out);
          pushInPieces(parser, concat(kept.map(encodeCytonPacket)), cuts);
          parser.finish();
          expect(out.rows()).toEqual(complete.map(merged));
          expect(out.indices()).toEqual(complete.map((k) => k - first));
          expect(out.gaps).toEqual(expectedGaps);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('never throws on random bytes and accounts for every byte', () => {
    const counter = new InputCounter('Daisy random bytes');
    inputs.push(counter);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(3000), { maxLength: 20 }),
        (bytes, cuts) => {
          counter.tick();
          const out = collect();
          const parser = new DaisyParser(out);
          pushInPieces(parser, bytes, cuts);
          parser.finish();
          const s = parser.stats();
          expect(s.framesAccepted * 33 + s.bytesDiscarded).toBe(bytes.length);
          expect(out.sampleCount()).toBe(s.samples);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('scales each of the 16 channels by its own gain', () => {
    const out = collect();
    const gains = [1, 2, 4, 6, 8, 12, 24, 24, 24, 24, 24, 24, 24, 24, 2, 1];
    const parser = new DaisyParser(out, { gains });
    parser.push(concat(daisyWire(3).map(encodeCytonPacket)));
    parser.finish();
    const row = out.rows()[2]!;
    const counts = [2, 1, 2, 3, 4, 5, 6, 7, -2, 11, 12, 13, 14, 15, 16, 17];
    expect(row).toEqual(counts.map((c, i) => Math.fround(c * cytonMicrovoltsPerCount(gains[i]!))));
  });
});
