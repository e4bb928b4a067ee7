import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../../src/engine/formats/format-error';
import { parseOpenBciText } from '../../../../src/engine/formats/openbci-text';

const DEMO = path.resolve(
  import.meta.dirname,
  '../../../../resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt',
);
const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/openbci');

describe('OpenBCI GUI text reader', () => {
  const text = readFileSync(DEMO, 'utf8');
  const v6 = parseOpenBciText(text);

  it('reads the v6 sample recording: 8 channels at 250 Hz, every line a sample', () => {
    const rec = v6;
    const dataLines = text.split('\n').filter((l) => /^\d/.test(l));
    expect(rec.sampleRateHz).toBe(250);
    expect(rec.channelLabels).toHaveLength(8);
    expect(rec.board).toBe('OpenBCI_GUI$BoardCytonSerial');
    expect(rec.generation).toBe('v6');
    expect(rec.sampleCount).toBe(dataLines.length);
    // First data line: "0, 61379.36, 49492.89, ..., 1740.11, ..." and the 2nd channel of the 2nd line.
    expect(rec.data[0]).toBeCloseTo(61379.36, 2);
    expect(rec.data[7 * rec.sampleCount]).toBeCloseTo(1740.11, 2);
    expect(rec.data[1 * rec.sampleCount + 1]).toBeCloseTo(48972.47, 2);
    expect(rec.sampleCounter?.[1]).toBe(1);
    expect(rec.timestampsMs?.[0]).toBe(1557936053329);
    expect(rec.warnings).toEqual([]);
  });

  it('reads the GUI v5 file (no column names, placeholder row of zeros) as the same samples as v6', () => {
    const rec = parseOpenBciText(
      readFileSync(path.join(FIXTURES, 'OpenBCI_GUI-v5-blinks-jawClench-alpha.head.txt'), 'utf8'),
    );
    expect(rec.generation).toBe('v5');
    expect(rec.board).toBe('OpenBCI_GUI$BoardCytonSerial');
    expect(rec.sampleCount).toBe(10);
    expect(rec.warnings.join()).toMatch(/line 5 is a placeholder row of zeros/);
    expect(Array.from(rec.timestampsMs!.subarray(0, 3))).toEqual([
      1557936053329, 1557936053336, 1557936053336,
    ]);
    for (let c = 0; c < 8; c++) {
      expect(rec.data.subarray(c * 10, c * 10 + 10)).toEqual(
        v6.data.subarray(c * v6.sampleCount, c * v6.sampleCount + 10),
      );
    }
  });

  it('reads the GUI v3/v4 file (accelerometer columns, formatted then unix time) as the same samples', () => {
    const rec = parseOpenBciText(
      readFileSync(path.join(FIXTURES, 'OpenBCI-sampleData-1-blinks-jawClench-alpha.head.txt'), 'utf8'),
    );
    expect(rec.generation).toBe('v1-v4');
    expect(rec.sampleRateHz).toBe(250);
    expect(rec.channelLabels).toHaveLength(8);
    expect(rec.sampleCounter?.[9]).toBe(9);
    expect(rec.timestampsMs?.[9]).toBe(1557936053366);
    for (let c = 0; c < 8; c++) {
      expect(rec.data.subarray(c * 10, c * 10 + 10)).toEqual(
        v6.data.subarray(c * v6.sampleCount, c * v6.sampleCount + 10),
      );
    }
  });

  it('reads the 2014 GUI header, which has no channel count, inferring it from the columns', () => {
    // The header as the 2014 GUI's OutputFile_rawtxt.writeHeader wrote it: sample index + channels only.
    const legacy = [
      '%OpenBCI Raw EEG Data',
      '%',
      '%Sample Rate = 250.0 Hz',
      '%First Column = SampleIndex',
      '%Other Columns = EEG data in microvolts',
      '0, 61379.36, 49492.89, -16597.06, -21309.75, 6703.91, -3284.86, 7223.10, 1740.11',
      '1, 60973.46, 48972.47, -16279.02, -21050.13, 7045.02, -2887.53, 7593.09, 2118.70',
    ].join('\n');
    const rec = parseOpenBciText(legacy);
    expect(rec.channelLabels).toHaveLength(8);
    expect(rec.timestampsMs).toBeNull();
    expect(rec.data[1 * 2 + 1]).toBeCloseTo(48972.47, 2);
  });

  it('turns BrainFlow unix seconds into ms and collects the marker channel', () => {
    const lines = text.split(/\r?\n/);
    const withMarker = lines
      .slice(0, 8)
      .map((l, i) => {
        if (i < 5) return l;
        const f = l.split(',');
        f[23] = i === 6 ? ' 3' : '0';
        f[22] = ` ${(1557936053.329 + i / 250).toFixed(6)}`;
        return f.join(',');
      })
      .join('\n');
    const rec = parseOpenBciText(withMarker);
    expect(rec.markers).toEqual([{ sample: 1, value: 3 }]);
    expect(rec.timestampsMs?.[0]).toBeCloseTo(1557936053329 + 20, 3);
  });

  it('says what is wrong with a foreign, lying or damaged file', () => {
    expect(() => parseOpenBciText('hello')).toThrow(FormatError);
    const lying = text.replace('%Number of channels = 8', '%Number of channels = 4');
    expect(() => parseOpenBciText(lying)).toThrow(/declares 4 channels but the column line names 8/);
    const damaged = text.replace('0, 61379.36', '0, 61x79.36');
    expect(() => parseOpenBciText(damaged)).toThrow(/line 6: EXG channel 0 is not a number/);
    expect(() => parseOpenBciText('%OpenBCI Raw EEG Data\n%Number of channels = 8\n')).toThrow(
      /no valid "%Sample Rate = N Hz" line/,
    );
    const tooMany = '%OpenBCI Raw EEG Data\n%Number of channels = 16\n%Sample Rate = 125 Hz\n0, 1, 2, 3\n';
    expect(() => parseOpenBciText(tooMany)).toThrow(
      /declares 16 channels but sample lines hold only 3 values/,
    );
  });
});
