import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../../src/engine/formats/format-error';
import { parseOpenBciText } from '../../../../src/engine/formats/openbci-text';

const DEMO = path.resolve(
  import.meta.dirname,
  '../../../../resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt',
);

describe('OpenBCI GUI text reader', () => {
  const text = readFileSync(DEMO, 'utf8');

  it('reads the v6 sample recording: 8 channels at 250 Hz, every line a sample', () => {
    const rec = parseOpenBciText(text);
    const dataLines = text.split('\n').filter((l) => /^\d/.test(l));
    expect(rec.sampleRateHz).toBe(250);
    expect(rec.channelLabels).toHaveLength(8);
    expect(rec.board).toBe('OpenBCI_GUI$BoardCytonSerial');
    expect(rec.sampleCount).toBe(dataLines.length);
    // First data line: "0, 61379.36, 49492.89, ..., 1740.11, ..." and the 2nd channel of the 2nd line.
    expect(rec.data[0]).toBeCloseTo(61379.36, 2);
    expect(rec.data[7 * rec.sampleCount]).toBeCloseTo(1740.11, 2);
    expect(rec.data[1 * rec.sampleCount + 1]).toBeCloseTo(48972.47, 2);
    expect(rec.sampleCounter?.[1]).toBe(1);
    expect(rec.timestampsMs?.[0]).toBe(1557936053329);
  });

  it('says what is wrong with a foreign, lying or damaged file', () => {
    expect(() => parseOpenBciText('hello')).toThrow(FormatError);
    const lying = text.replace('%Number of channels = 8', '%Number of channels = 4');
    expect(() => parseOpenBciText(lying)).toThrow(/declares 4 channels but the column line names 8/);
    const damaged = text.replace('0, 61379.36', '0, 61x79.36');
    expect(() => parseOpenBciText(damaged)).toThrow(/line 6: EXG channel 0 is not a number/);
  });
});
