import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../../src/engine/formats/detect-format';
import { fixture } from './edf-test-bytes';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('detectFormat', () => {
  it('routes the fixtures and the demo recording by their first bytes', () => {
    expect(detectFormat(fixture('test_generator.edf').subarray(0, 256), 'x.edf').format).toBe('edf');
    expect(detectFormat(fixture('test_generator.bdf').subarray(0, 256), 'x.bdf').format).toBe('bdf');
    const demo = readFileSync(
      path.resolve(
        import.meta.dirname,
        '../../../../resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt',
      ),
    );
    expect(detectFormat(new Uint8Array(demo.subarray(0, 4096)), 'demo.txt').format).toBe('openbci-text');
  });

  it('recognises a CSV by its header line and numeric rows, whatever the content of the name', () => {
    expect(detectFormat(bytes('time_s,Fp1 (uV)\n0,1.5\n0.004,2\n'), 'rec.csv').format).toBe('csv');
    expect(detectFormat(bytes('Fp1;Fp2\n1;2\n'), 'export.txt').format).toBe('csv');
  });

  it('says why it refuses anything else', () => {
    expect(detectFormat(bytes('hello world'), 'notes.txt')).toEqual({
      format: null,
      reason: 'notes.txt is not EDF/EDF+, BDF/BDF+, an OpenBCI GUI recording or a CSV with a header line',
    });
    expect(detectFormat(bytes('PK\x03\x04'), 'broken.edf').reason).toMatch(
      /named like an EDF\/BDF file but does not start/,
    );
    expect(detectFormat(bytes('a,b\n1,2\n'), 'picture.png').format).toBeNull();
  });
});
