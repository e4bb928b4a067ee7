import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readEdf } from '../../../../src/engine/formats/edf-reader';
import { GAP_ANNOTATION, PADDING_ANNOTATION, writeEdfBytes } from '../../../../src/engine/formats/edf-writer';
import { planarExportSource, type PlanarRecording } from '../../../../src/engine/formats/export-source';
import { halfStepUv, worstError } from './quantisation';

const recordingArb = fc
  .record({
    rate: fc.constantFrom(1, 10, 128, 200, 250, 256, 500, 1000),
    channels: fc.integer({ min: 1, max: 4 }),
    samples: fc.integer({ min: 1, max: 700 }),
    magnitude: fc.integer({ min: -3, max: 7 }),
    flat: fc.boolean(),
    seed: fc.integer(),
    gaps: fc.array(
      fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        missing: fc.integer({ min: 1, max: 600 }),
      }),
      {
        maxLength: 3,
      },
    ),
    annotations: fc.array(
      fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        durationS: fc.constantFrom(0, 0.25, 1.5),
        text: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
      }),
      { maxLength: 6 },
    ),
    format: fc.constantFrom('edf' as const, 'bdf' as const),
    startMs: fc.integer({ min: Date.UTC(1985, 0, 1), max: Date.UTC(2084, 11, 31) }),
  })
  .map((p) => {
    let state = p.seed >>> 0 || 1;
    const random = () => {
      state = (state * 1664525 + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
    const amplitude = 10 ** p.magnitude;
    const data = new Float32Array(p.channels * p.samples);
    for (let i = 0; i < data.length; i++) data[i] = p.flat ? amplitude / 3 : (random() * 2 - 1) * amplitude;
    const rec: PlanarRecording = {
      sampleRateHz: p.rate,
      channelLabels: Array.from({ length: p.channels }, (_, c) => `Ch${c + 1}`),
      sampleCount: p.samples,
      data,
      gaps: p.gaps.map((g) => ({
        atSample: Math.floor(g.at * p.samples),
        missingSamples: g.missing,
        reason: 'device-lost' as const,
      })),
    };
    const timelineS = (p.samples + p.gaps.reduce((n, g) => n + g.missing, 0)) / p.rate;
    return {
      rec: {
        ...rec,
        annotations: p.annotations.map((a) => ({
          onsetS: a.at * timelineS,
          durationS: a.durationS,
          text: a.text,
        })),
      },
      format: p.format,
      startMs: p.startMs,
    };
  });

/** TAL separators cannot appear in an annotation: the writer turns them into spaces. */
const tal = (text: string) => text.split('\x00').join(' ').split('\x14').join(' ').split('\x15').join(' ');

describe('EDF+/BDF+ writer + reader (property)', () => {
  it('random recordings come back within quantisation: samples, gaps, markers, start', async () => {
    await fc.assert(
      fc.asyncProperty(recordingArb, async ({ rec, format, startMs }) => {
        const source = planarExportSource(rec);
        const back = readEdf(await writeEdfBytes(source, { format, start: { epochMs: startMs } }));
        const rate = rec.sampleRateHz;
        const timeline = source.signals[0]!.sampleCount;
        const full = await source.read({
          firstSample: source.signals.map(() => 0),
          sampleCount: source.signals.map(() => timeline),
        });
        expect(back.signals.map((s) => [s.label, s.sampleRateHz])).toEqual(
          rec.channelLabels.map((l) => [l, rate]),
        );
        // A gap before the first record moves the file's start to that record; no data lies before it.
        const shiftS = ((back.header.start?.epochMs ?? Number.NaN) - startMs) / 1000;
        const shiftRecords = shiftS / back.header.recordDurationS;
        expect(Math.abs(shiftRecords - Math.round(shiftRecords))).toBeLessThan(1e-6);
        const shift = Math.round(shiftS * rate);
        expect(full.every((ch) => ch.subarray(0, shift).every((v) => v !== v))).toBe(true);
        const spr = back.signals[0]!.samplesPerRecord;
        back.signals.forEach((s, c) => {
          // Put each record back at its onset on the timeline, then compare where the source had data.
          const placed = new Float32Array(timeline).fill(Number.NaN);
          const expected = new Float32Array(timeline).fill(Number.NaN);
          back.recordOnsetsS.forEach((onset, r) => {
            const at = Math.round(onset * rate) + shift;
            for (let j = 0; j < spr && at + j < timeline; j++) {
              placed[at + j] = back.data[c]![r * spr + j]!;
              expected[at + j] = full[c]![at + j]!;
            }
          });
          const missingFromFile = full[c]!.filter((v, i) => v === v && placed[i] !== placed[i]).length;
          expect(missingFromFile).toBe(0);
          expect(worstError(expected, placed, halfStepUv(s))).toBeLessThanOrEqual(1);
        });
        const userAnnotations = back.annotations.filter(
          (a) => !a.text.startsWith(GAP_ANNOTATION) && a.text !== PADDING_ANNOTATION,
        );
        const sent = [...rec.annotations].sort((a, b) => a.onsetS - b.onsetS);
        expect(userAnnotations.map((a) => a.text).sort()).toEqual(sent.map((a) => tal(a.text)).sort());
        for (const a of userAnnotations) {
          const match = sent.find(
            (b) => tal(b.text) === a.text && Math.abs(b.onsetS - (a.onsetS + shiftS)) < 1e-6,
          );
          expect(match, `annotation "${a.text}" at ${a.onsetS}`).toBeDefined();
        }
      }),
      { numRuns: 80 },
    );
  });
});
