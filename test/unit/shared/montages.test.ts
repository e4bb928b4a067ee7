import { describe, expect, it } from 'vitest';
import {
  channelLabelProblem,
  ELECTRODES_10_10,
  ELECTRODES_10_20,
  fitLabels,
  labelsProblem,
  montageNameProblem,
} from '../../../src/shared/montages';

describe('channel labels', () => {
  it.each([
    ['Fp1', null],
    ['EMG left arm', null],
    ['', 'a channel needs a label'],
    [' Cz', 'a label cannot start or end with a space'],
    ['A'.repeat(17), 'labels are at most 16 characters (EDF+)'],
    ['Fp1\u00b5', '"Fp1\u00b5" has a character EDF+ cannot store (ASCII only)'],
    ['O1\t', 'a label cannot start or end with a space'],
    ['O\u00011', '"O\u00011" has a character EDF+ cannot store (ASCII only)'],
  ])('%j -> %j', (label, problem) => {
    expect(channelLabelProblem(label)).toBe(problem);
  });

  it('names the channel of a bad label and both channels of a duplicate (case-insensitive, as MNE)', () => {
    expect(labelsProblem(['Fp1', 'Fp2', 'C3'])).toBeNull();
    expect(labelsProblem(['Fp1', ''])).toBe('channel 2: a channel needs a label');
    expect(labelsProblem(['Fp1', 'C3', 'fp1'])).toBe('channels 1 and 3 are both labelled "fp1"');
  });

  it('has the 21 positions of 10-20 and the 10-10 additions, without repeats', () => {
    const all = [...ELECTRODES_10_20, ...ELECTRODES_10_10];
    expect(ELECTRODES_10_20).toHaveLength(21);
    expect(new Set(all.map((n) => n.toLowerCase())).size).toBe(all.length);
    expect(all.every((n) => channelLabelProblem(n) === null)).toBe(true);
    // The 10-10 renames of the old temporal sites are offered beside the old names.
    for (const [old, renamed] of [
      ['T3', 'T7'],
      ['T4', 'T8'],
      ['T5', 'P7'],
      ['T6', 'P8'],
    ]) {
      expect(ELECTRODES_10_20).toContain(old);
      expect(ELECTRODES_10_10).toContain(renamed);
    }
  });
});

describe('montage names', () => {
  it.each([
    ['Resting, 8 ch', null],
    ['', 'a montage needs a name'],
    ['x '.repeat(40).trim(), 'montage names are at most 60 characters'],
    ['a\nb', 'a montage name cannot hold control characters'],
  ])('%j -> %j', (name, problem) => {
    expect(montageNameProblem(name)).toBe(problem);
  });
});

describe('fitting labels to a source', () => {
  const current = ['Ch1', 'Ch2', 'Ch3', 'Ch4'];

  it('labels the first channels and keeps the others', () => {
    expect(fitLabels(['Fp1', 'Fp2'], current)).toEqual({ ok: true, labels: ['Fp1', 'Fp2', 'Ch3', 'Ch4'] });
    expect(fitLabels(['O1', 'O2', 'Oz', 'Pz'], current)).toEqual({
      ok: true,
      labels: ['O1', 'O2', 'Oz', 'Pz'],
    });
  });

  it('refuses more labels than channels, and a result with a duplicate', () => {
    expect(fitLabels(['a', 'b', 'c', 'd', 'e'], current)).toEqual({
      ok: false,
      problem: '5 labels for a source with 4 channels',
    });
    expect(fitLabels(['Fp1', 'Fp2'], ['x'])).toEqual({
      ok: false,
      problem: '2 labels for a source with 1 channel',
    });
    expect(fitLabels(['Ch4'], current)).toEqual({
      ok: false,
      problem: 'channels 1 and 4 are both labelled "Ch4"',
    });
  });
});
