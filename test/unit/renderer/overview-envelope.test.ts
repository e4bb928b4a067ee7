import { describe, expect, it } from 'vitest';
import { decodeEnvelope, rowRange } from '../../../src/renderer/recordings/overview-envelope';

function base64Of(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

describe('the overview envelope', () => {
  it('decodes what the services send: channel-major min/max pairs, NaN where a column has no sample', () => {
    const values = Float32Array.from([-1, 2, Number.NaN, Number.NaN, -3, 4, 10, 20, 11, 21, 12, 22]);
    const envelope = decodeEnvelope(base64Of(values), 2, 3);
    expect([...envelope.values]).toEqual([...values]);
    expect(() => decodeEnvelope(base64Of(values), 3, 3)).toThrow(
      'the overview holds 12 values, expected 3 x 3 x 2',
    );
  });

  it('scales a row to the 2nd..98th percentile so one artifact does not flatten the rest', () => {
    const columns = 100;
    const values = new Float32Array(columns * 2);
    for (let k = 0; k < columns; k++) {
      values[k * 2] = -10 - (k % 3);
      values[k * 2 + 1] = 10 + (k % 3);
    }
    values[50 * 2] = -5000; // a cable pulled
    values[50 * 2 + 1] = 5000;
    const range = rowRange(decodeEnvelope(base64Of(values), 1, columns), 0);
    expect(range).toEqual({ lo: -12, hi: 12 });
  });

  it('has no range for a channel without samples, and widens a flat one', () => {
    const empty = decodeEnvelope(base64Of(new Float32Array(8).fill(Number.NaN)), 1, 4);
    expect(rowRange(empty, 0)).toBeNull();
    const flat = decodeEnvelope(base64Of(new Float32Array(8).fill(7)), 1, 4);
    expect(rowRange(flat, 0)).toEqual({ lo: 6, hi: 8 });
  });
});
