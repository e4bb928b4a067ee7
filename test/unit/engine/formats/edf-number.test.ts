import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatEdfNumber,
  formatEdfNumberExact,
  formatSeconds,
  parseEdfInteger,
  parseEdfNumber,
} from '../../../../src/engine/formats/edf-number';

describe('EDF numeric fields', () => {
  it('parses space-padded decimals and integers, and nothing else', () => {
    expect(parseEdfNumber('-3276.8 ')).toBe(-3276.8);
    expect(parseEdfNumber('+.5     ')).toBe(0.5);
    expect(parseEdfNumber('12abc   ')).toBeNull();
    expect(parseEdfNumber('        ')).toBeNull();
    expect(parseEdfInteger('-32768  ')).toBe(-32768);
    expect(parseEdfInteger('1.0     ')).toBeNull();
  });

  it('formats to at most 8 characters, never past the value in the asked direction', () => {
    expect(formatEdfNumber(-99.99914, 8, 'down')).toBe('-99.9992');
    expect(formatEdfNumber(61379.364, 8, 'up')).toBe('61379.37');
    expect(formatEdfNumber(1000, 8, 'up')).toBe('1000');
    expect(formatEdfNumber(-0.0000123, 8, 'down')).toBe('-0.00002');
    expect(formatEdfNumber(1e9, 8, 'up')).toBeNull();
    expect(formatEdfNumberExact(0.1, 8)).toBe('0.1');
    expect(formatEdfNumberExact(1 / 3, 8)).toBeNull();
    expect(formatSeconds(0.30000000000000004)).toBe('0.3');
    expect(formatSeconds(12)).toBe('12');
  });

  it('keeps every value inside the formatted range (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -9e6, max: 9e7, noNaN: true }), (v) => {
        const down = formatEdfNumber(v, 8, 'down');
        const up = formatEdfNumber(v, 8, 'up');
        expect(down).not.toBeNull();
        expect(up).not.toBeNull();
        expect(down!.length).toBeLessThanOrEqual(8);
        expect(up!.length).toBeLessThanOrEqual(8);
        expect(down).not.toMatch(/e/i);
        expect(Number(down)).toBeLessThanOrEqual(v);
        expect(Number(up)).toBeGreaterThanOrEqual(v);
      }),
      { numRuns: 2000 },
    );
  });
});
