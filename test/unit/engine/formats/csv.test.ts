import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotationsCsv, parseCsv, timeDecimals, writeCsv } from '../../../../src/engine/formats/csv';
import { planarExportSource, type PlanarRecording } from '../../../../src/engine/formats/export-source';

async function csvText(rec: PlanarRecording, decimals?: number): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of writeCsv(planarExportSource(rec), { decimals, rowsPerChunk: 100 })) {
    text += decoder.decode(chunk);
  }
  return text;
}

describe('CSV reader', () => {
  it('reads channels, units and a rate derived from the time column', () => {
    const rec = parseCsv(
      'time_s,Fp1 (uV),Fp2 [mV],Temp (degC)\n0.000,1.5,0.002,36.6\n0.004,2.5,-0.001,36.7\n0.008,3,0,36.8\n',
    );
    expect(rec.sampleRateHz).toBe(250);
    expect(rec.sampleRateSource).toBe('time-column');
    expect(rec.channelLabels).toEqual(['Fp1', 'Fp2', 'Temp']);
    expect(rec.units).toEqual(['uV', 'uV', 'degC']);
    expect(rec.unitConversions).toEqual([null, 'mV -> uV (x1000)', null]);
    expect(Array.from(rec.data.subarray(3, 6))).toEqual([2, -1, 0]);
    expect(rec.firstTimeS).toBe(0);
    expect(rec.gaps).toEqual([]);
  });

  it('turns a jump in the time column into a gap, and reads ms time stamps', () => {
    const rec = parseCsv('timestamp (ms);a;b\n1000;1;2\n1010;1;2\n1020;1;2\n1060;1;2\n1070;1;2\n', {
      timeColumn: 'timestamp',
    });
    expect(rec).toMatchObject({
      sampleRateHz: 100,
      sampleCount: 5,
      gaps: [{ atSample: 3, missingSamples: 3 }],
    });
    const ms = parseCsv('Time (ms),x\n0,1\n4,2\n8,3\n');
    expect(ms.sampleRateHz).toBe(250);
    const unix = parseCsv('timestamp,x\n1557936053329,1\n1557936053333,2\n1557936053337,3\n');
    expect(unix).toMatchObject({ sampleRateHz: 250, firstTimeS: 1557936053.329 });
  });

  it('uses the given rate without a time column, and wants one otherwise', () => {
    expect(parseCsv('O1\tO2\n1\t2\n3\t4\n', { sampleRateHz: 128 })).toMatchObject({
      sampleRateHz: 128,
      sampleCount: 2,
    });
    expect(() => parseCsv('O1,O2\n1,2\n')).toThrow(/no time column; give the sample rate/);
  });

  it('says which line and column is wrong', () => {
    expect(() => parseCsv('time,a\n0,1\n0.1,x\n')).toThrow(/CSV line 3, column "a" is not a number: "x"/);
    expect(() => parseCsv('time,a\n0,1\n0.1\n')).toThrow(/CSV line 3 has 1 fields, the header names 2/);
    expect(() => parseCsv('time,a\n0,1\n0.1,2\n0.05,3\n')).toThrow(
      /CSV line 4: time 0.05 does not come after 0.1/,
    );
    expect(() => parseCsv('1,2\n3,4\n')).toThrow(/should name the columns but holds numbers/);
  });
});

describe('CSV writer', () => {
  const rec: PlanarRecording = {
    sampleRateHz: 256,
    channelLabels: ['Fp1', 'C3, left'],
    sampleCount: 600,
    data: Float32Array.from({ length: 1200 }, (_, i) => Math.sin(i / 9) * 80 + (i % 7) * 1e3),
    gaps: [{ atSample: 300, missingSamples: 44, reason: 'counter-jump' }],
  };

  it('writes a time column that prints every sample time exactly, quoted labels, gaps as missing rows', async () => {
    expect(timeDecimals(250)).toBe(3);
    expect(timeDecimals(256)).toBe(8);
    const text = await csvText(rec);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe('time_s,Fp1 (uV),"C3, left (uV)"');
    expect(lines).toHaveLength(601);
    expect(lines[301]!.split(',')[0]).toBe(((300 + 44) / 256).toFixed(8));
  });

  it('round-trips through the reader within the printed decimals, gaps included', async () => {
    const back = parseCsv(await csvText(rec));
    expect(back.sampleRateHz).toBe(256);
    expect(back.channelLabels).toEqual(['Fp1', 'C3, left']);
    expect(back.gaps).toEqual([{ atSample: 300, missingSamples: 44, reason: 'counter-jump' }]);
    for (let i = 0; i < rec.data.length; i++) {
      expect(Math.abs(back.data[i]! - rec.data[i]!)).toBeLessThanOrEqual(
        0.5e-4 + Math.abs(rec.data[i]!) * 2 ** -23,
      );
    }
  });

  it('round-trips random recordings (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(100, 200, 250, 256, 500, 1000),
        fc.integer({ min: 2, max: 300 }),
        fc.array(fc.double({ min: -1e5, max: 1e5, noNaN: true }), { minLength: 2, maxLength: 600 }),
        async (rate, samples, values) => {
          const data = Float32Array.from({ length: samples * 2 }, (_, i) => values[i % values.length]!);
          const back = parseCsv(
            await csvText({ sampleRateHz: rate, channelLabels: ['a', 'b'], sampleCount: samples, data }, 3),
          );
          expect(back.sampleRateHz).toBe(rate);
          expect(back.sampleCount).toBe(samples);
          for (let i = 0; i < data.length; i++) {
            expect(Math.abs(back.data[i]! - data[i]!)).toBeLessThanOrEqual(
              0.5e-3 + Math.abs(data[i]!) * 2 ** -23,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('refuses signals at different rates and writes markers to their own CSV', async () => {
    const source = planarExportSource(rec);
    const mixed = {
      ...source,
      signals: source.signals.map((s, i) => ({ ...s, sampleRateHz: i === 0 ? 256 : 512 })),
    };
    await expect(writeCsv(mixed).next()).rejects.toThrow(
      /CSV holds one sample rate; this recording has 256 Hz, 512 Hz/,
    );
    expect(annotationsCsv([{ onsetS: 1.5, durationS: 0, text: 'eyes, closed' }])).toBe(
      'onset_s,duration_s,text\n1.5,0,"eyes, closed"\n',
    );
  });
});
