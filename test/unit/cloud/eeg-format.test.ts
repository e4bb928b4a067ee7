// Which EEG format an upload is, decided by its bytes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEegFormat } from '../../../src/cloud/formats/eeg-format';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (p: string) => readFileSync(path.join(ROOT, p));

describe('detectEegFormat', () => {
  it('recognises the fixtures by their content', () => {
    expect(detectEegFormat(read('test/fixtures/edfbrowser/test_generator.edf'))).toBe('edf');
    expect(detectEegFormat(read('test/fixtures/edfbrowser/test_subsecond.edf'))).toBe('edf');
    expect(detectEegFormat(read('test/fixtures/edfbrowser/test_generator.bdf'))).toBe('bdf');
    expect(detectEegFormat(read('resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'))).toBe(
      'openbci-text',
    );
  });

  it('takes delimited text for CSV and refuses everything else', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    expect(detectEegFormat(text('# exported\ntime,Fp1,Fp2\n0,1.5,2.5\n'))).toBe('csv');
    expect(detectEegFormat(text('time;Fp1\n0;1\n'))).toBe('csv');
    expect(detectEegFormat(text('hello world\n'))).toBeNull();
    expect(detectEegFormat(new Uint8Array([0, 1, 2, 3, 44, 44, 44]))).toBeNull();
    expect(detectEegFormat(new Uint8Array(0))).toBeNull();
    // An EDF-looking start on a file too short to hold a header is not EDF.
    expect(detectEegFormat(text('0       '))).toBeNull();
  });
});
