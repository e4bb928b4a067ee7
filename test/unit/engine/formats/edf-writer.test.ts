import { describe, expect, it } from 'vitest';
import { readEdf } from '../../../../src/engine/formats/edf-reader';
import {
  GAP_ANNOTATION,
  PADDING_ANNOTATION,
  prepareEdfExport,
  writeEdfBytes,
} from '../../../../src/engine/formats/edf-writer';
import {
  type ExportSource,
  planarExportSource,
  type PlanarRecording,
} from '../../../../src/engine/formats/export-source';
import { FormatError } from '../../../../src/engine/formats/format-error';
import { halfStepUv, worstError } from './quantisation';

function sineRecording(sampleCount: number, sampleRateHz = 250, channels = 3): PlanarRecording {
  const data = new Float32Array(channels * sampleCount);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < sampleCount; i++) {
      data[c * sampleCount + i] =
        (c + 1) * 40 * Math.sin((2 * Math.PI * (c + 5) * i) / sampleRateHz) + c * 800;
    }
  }
  return {
    sampleRateHz,
    channelLabels: Array.from({ length: channels }, (_, c) => `EEG C${c + 1}`),
    sampleCount,
    data,
  };
}

const START = { epochMs: Date.UTC(2024, 2, 5, 10, 20, 30, 250) };

describe('EDF+/BDF+ writer', () => {
  for (const format of ['edf', 'bdf'] as const) {
    it(`${format}: round-trips samples within half a digital step, with labels, rate, start and markers`, async () => {
      const rec = {
        ...sineRecording(2575),
        annotations: [
          { onsetS: 1.5, durationS: 0, text: 'eyes closed' },
          { onsetS: 2.004, durationS: 0.5, text: 'blink é' },
        ],
      };
      const back = readEdf(await writeEdfBytes(planarExportSource(rec), { format, start: START }));
      expect(back.header).toMatchObject({ format: format.toUpperCase(), plus: 'C', recordDurationS: 0.1 });
      expect(back.header.recordCount).toBe(103);
      expect(back.header.start).toMatchObject({
        year: 2024,
        month: 3,
        day: 5,
        hour: 10,
        minute: 20,
        second: 30,
      });
      expect(back.header.start?.subsecondS).toBeCloseTo(0.25, 12);
      expect(back.signals.map((s) => [s.label, s.sampleRateHz, s.unit])).toEqual([
        ['EEG C1', 250, 'uV'],
        ['EEG C2', 250, 'uV'],
        ['EEG C3', 250, 'uV'],
      ]);
      expect(back.annotations).toEqual(rec.annotations);
      back.signals.forEach((s, c) => {
        const original = rec.data.subarray(c * 2575, (c + 1) * 2575);
        expect(back.data[c]).toHaveLength(2575);
        expect(worstError(original, back.data[c]!, halfStepUv(s))).toBeLessThanOrEqual(1);
        // The range is the data's own, rounded outwards only as far as 8 characters need.
        const min = Math.min(...original);
        const max = Math.max(...original);
        expect(s.physicalMin).toBeLessThanOrEqual(min);
        expect(s.physicalMax).toBeGreaterThanOrEqual(max);
        expect(min - s.physicalMin).toBeLessThan(1e-3);
        expect(s.physicalMax - max).toBeLessThan(1e-3);
      });
    });
  }

  it('writes whole-record gaps as EDF+D record onsets, part-record gaps as filled and annotated samples', async () => {
    const rec = {
      ...sineRecording(3000),
      gaps: [
        { atSample: 1000, missingSamples: 750, reason: 'device-lost' as const },
        { atSample: 2000, missingSamples: 3, reason: 'counter-jump' as const },
      ],
    };
    const back = readEdf(await writeEdfBytes(planarExportSource(rec), { format: 'edf', start: START }));
    expect(back.header).toMatchObject({ plus: 'D', recordDurationS: 1 });
    // Timeline: 3753 samples = 15.012 s -> 16 one-second records, records 4..6 (4 s..7 s) entirely lost.
    expect(back.header.recordCount).toBe(13);
    expect(back.discontinuities).toEqual([{ beforeRecord: 4, atS: 7, gapS: 3 }]);
    expect(Array.from(back.recordOnsetsS.subarray(3, 6))).toEqual([3, 7, 8]);
    expect(back.annotations).toEqual([
      { onsetS: 4, durationS: 3, text: `${GAP_ANNOTATION} (device-lost)` },
      { onsetS: 11, durationS: 0.012, text: `${GAP_ANNOTATION} (counter-jump)` },
      { onsetS: 15.012, durationS: 0.988, text: PADDING_ANNOTATION },
    ]);
    const c0 = back.data[0]!;
    const step = halfStepUv(back.signals[0]!);
    // File record 4 is grid record 7 (7 s), where recorded sample 1000 resumes; file record 8 is grid record 11,
    // whose first 3 samples were lost (filled with the value nearest 0) before recorded sample 2000.
    expect(Math.abs(c0[4 * 250]! - rec.data[1000]!)).toBeLessThanOrEqual(step * 1.001);
    expect(Math.abs(c0[8 * 250 + 3]! - rec.data[2000]!)).toBeLessThanOrEqual(step * 1.001);
    expect(Math.abs(c0[8 * 250]!)).toBeLessThanOrEqual(step);
    expect(Math.abs(c0[8 * 250 - 1]! - rec.data[1999]!)).toBeLessThanOrEqual(step * 1.001);
  });

  it('streams bounded chunks from bounded source windows', async () => {
    const rec = sineRecording(250 * 60, 250, 8);
    const inner = planarExportSource(rec);
    let largestWindow = 0;
    const source: ExportSource = {
      ...inner,
      read(window) {
        largestWindow = Math.max(largestWindow, ...window.sampleCount);
        return inner.read(window);
      },
    };
    const exp = await prepareEdfExport(source, { format: 'bdf', chunkBytes: 20_000 });
    const sizes: number[] = [];
    for await (const chunk of exp.chunks()) sizes.push(chunk.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(exp.totalBytes);
    expect(Math.max(...sizes.slice(1))).toBeLessThanOrEqual(20_000);
    expect(sizes.length).toBeGreaterThan(20);
    expect(largestWindow).toBeLessThan(250 * 60);
  });

  it('fills in patient and recording subfields, and de-identifies on request', async () => {
    const source = planarExportSource(sineRecording(500));
    const identity = {
      patient: {
        code: 'MCH-0234567',
        sex: 'F' as const,
        birthDate: { year: 1951, month: 5, day: 2 },
        name: 'Haagse Härry',
      },
      recording: { adminCode: 'PSG-1234/2002', technician: 'NN', equipment: 'Cyton Daisy' },
      start: START,
    };
    const plain = readEdf(await writeEdfBytes(source, { format: 'edf', ...identity }));
    expect(plain.header.patientField).toBe('MCH-0234567 F 02-MAY-1951 Haagse_Harry');
    expect(plain.header.recordingField).toBe('Startdate 05-MAR-2024 PSG-1234/2002 NN Cyton_Daisy');
    const anonymous = readEdf(await writeEdfBytes(source, { format: 'edf', ...identity, deidentify: true }));
    expect(anonymous.header.patientField).toBe('X X X X');
    expect(anonymous.header.recordingField).toBe('Startdate 05-MAR-2024 X X Cyton_Daisy');
    expect(anonymous.header.start).not.toBeNull();
    const undated = readEdf(
      await writeEdfBytes(source, { format: 'edf', ...identity, deidentify: true, hideStartDate: true }),
    );
    expect(undated.header.recordingField).toBe('Startdate X X X Cyton_Daisy');
    expect(undated.header.start).toMatchObject({ year: 1985, month: 1, day: 1, hour: 0 });
  });

  it('moves voltages too large for 8 characters to mV, keeps other units, widens flat signals', async () => {
    const n = 500;
    const data = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      data[i] = (i - 250) * 2e6; // +-5e8 uV = +-500 V
      data[n + i] = 36.6;
      data[2 * n + i] = Math.sin(i);
    }
    const inner = planarExportSource({
      sampleRateHz: 250,
      channelLabels: ['huge', 'temp', 'flat?'],
      sampleCount: n,
      data,
    });
    const source: ExportSource = {
      ...inner,
      signals: inner.signals.map((s, i) => (i === 1 ? { ...s, unit: 'degC' } : s)),
    };
    const back = readEdf(await writeEdfBytes(source, { format: 'edf' }));
    expect(back.signals[0]).toMatchObject({ physicalDimension: 'mV', unit: 'uV', unitScale: 1000 });
    expect(back.signals[1]).toMatchObject({ physicalDimension: 'degC', unit: 'degC' });
    expect(back.signals[1]!.physicalMin).toBeCloseTo(35.6, 4);
    expect(back.signals[1]!.physicalMax).toBeCloseTo(37.6, 4);
    expect(back.data[1]![7]).toBeCloseTo(36.6, 4);
    back.signals.forEach((s, c) => {
      expect(worstError(data.subarray(c * n, (c + 1) * n), back.data[c]!, halfStepUv(s))).toBeLessThanOrEqual(
        1,
      );
    });
  });

  it('keeps signals of different rates at their own rate', async () => {
    const rates = [256, 512, 1];
    const seconds = 6;
    const source: ExportSource = {
      signals: rates.map((r, i) => ({
        label: `s${i}`,
        sampleRateHz: r,
        unit: 'uV',
        sampleCount: r * seconds,
      })),
      gaps: [],
      annotations: [],
      read: (w) =>
        w.firstSample.map((first, i) =>
          Float32Array.from(
            { length: w.sampleCount[i]! },
            (_, j) => Math.cos((first + j) / 7) * 50 * (i + 1),
          ),
        ),
    };
    const back = readEdf(await writeEdfBytes(source, { format: 'bdf' }));
    expect(back.signals.map((s) => s.sampleRateHz)).toEqual(rates);
    expect(back.data.map((d) => d.length)).toEqual(rates.map((r) => r * seconds));
    expect(back.data[1]![1000]).toBeCloseTo(Math.cos(1000 / 7) * 100, 3);
  });

  it('writes "yy" after 2084 and the reader takes the year from the recording field', async () => {
    const bytes = await writeEdfBytes(planarExportSource(sineRecording(250)), {
      format: 'edf',
      start: { epochMs: Date.UTC(2090, 6, 14, 8, 30, 0) },
    });
    expect(String.fromCharCode(...bytes.subarray(168, 176))).toBe('14.07.yy');
    expect(readEdf(bytes).header.start).toMatchObject({ year: 2090, month: 7, day: 14, hour: 8, minute: 30 });
  });

  it('refuses what EDF cannot hold, saying why', async () => {
    const rec = sineRecording(500);
    const withNaN = { ...rec, data: rec.data.slice() };
    withNaN.data[123] = Number.NaN;
    await expect(writeEdfBytes(planarExportSource(withNaN), { format: 'edf' })).rejects.toThrow(
      /"EEG C1" sample 123 \(0.492000 s\) is NaN: only samples inside gaps may be missing/,
    );
    const odd: ExportSource = {
      ...planarExportSource(rec),
      signals: planarExportSource(rec).signals.map((s) => ({ ...s, sampleRateHz: 249.98 })),
    };
    await expect(writeEdfBytes(odd, { format: 'edf' })).rejects.toThrow(FormatError);
    await expect(writeEdfBytes(odd, { format: 'edf' })).rejects.toThrow(/no data record duration up to 60 s/);
    await expect(
      writeEdfBytes(planarExportSource(rec), { format: 'edf', recordDurationS: 0.003 }),
    ).rejects.toThrow(/record duration 0.003 s does not give a whole number of samples/);
    await expect(
      writeEdfBytes(planarExportSource(rec), { format: 'edf', start: { epochMs: Date.UTC(1980, 0, 1) } }),
    ).rejects.toThrow(/before 1985/);
    const declared: ExportSource = {
      ...planarExportSource(rec),
      ranges: rec.channelLabels.map(() => ({ min: -1, max: 1 })),
    };
    await expect(writeEdfBytes(declared, { format: 'edf' })).rejects.toThrow(
      /lies outside its declared range/,
    );
  });

  it('packs many annotations in one second without losing any', async () => {
    const annotations = Array.from({ length: 200 }, (_, i) => ({
      onsetS: 3 + i / 1000,
      durationS: 0,
      text: `m${i}`,
    }));
    const source = planarExportSource({ ...sineRecording(2500), annotations });
    const back = readEdf(await writeEdfBytes(source, { format: 'edf' }));
    expect(back.annotations.map((a) => a.text)).toEqual(annotations.map((a) => a.text));
    back.annotations.forEach((a, i) => expect(a.onsetS).toBeCloseTo(annotations[i]!.onsetS, 9));
  });
});
