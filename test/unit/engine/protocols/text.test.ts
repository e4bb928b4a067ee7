import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { asciiBytes, encodeTextLine } from '../../../../src/engine/protocols/text-encoder';
import { TextLineParser, type TextBoardOptions } from '../../../../src/engine/protocols/text-parser';
import { collect, InputCounter, pushInPieces } from './collect';

const SEED = Number(process.env.FC_SEED ?? 20261127);
const inputs: InputCounter[] = [];
afterAll(() => inputs.forEach((c) => c.report()));

function parse(text: string, options: Partial<TextBoardOptions> = {}) {
  const out = collect();
  const parser = new TextLineParser(out, {
    channelCount: 3,
    sampleRateHz: 250,
    skipFirstLine: false,
    ...options,
  });
  parser.push(asciiBytes(text));
  parser.finish();
  return { out, stats: parser.stats() };
}

describe('text-board parser', () => {
  it('reads comma, semicolon, tab and space separated lines with any line end', () => {
    const { out, stats } = parse('1,2,3\r\n4;5;6\n7\t8\t9\r10 11 12\n -1.5 , +2e2 ,.25\n');
    expect(out.rows()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
      [10, 11, 12],
      [-1.5, 200, 0.25],
    ]);
    expect(stats).toMatchObject({ framesAccepted: 5, checksumFailures: 0, bytesDiscarded: 0 });
  });

  it('applies the configured scale and zero offset', () => {
    const { out } = parse('512,1023,0\n', { microvoltsPerUnit: 0.5, zeroOffset: 512 });
    expect(out.rows()).toEqual([[0, 255.5, -256]]);
  });

  it('rejects malformed lines, counts them, and keeps the good ones around them', () => {
    const bad = [
      '1,2',
      '1,2,3,4',
      '1,,3',
      '1,2,3,',
      'a,b,c',
      '1,2,3x',
      '1e,2,3',
      '--1,2,3',
      '1 2,3 4',
      '1,2,1e999',
    ];
    const text = ['0,0,0', ...bad, '9,9,9', ''].join('\n');
    const { out, stats } = parse(text);
    expect(out.rows()).toEqual([
      [0, 0, 0],
      [9, 9, 9],
    ]);
    expect(stats.checksumFailures).toBe(bad.length);
    expect(stats.bytesDiscarded).toBe(bad.join('').length);
  });

  it('discards an over-long line and resynchronises at the next line end', () => {
    const { out, stats } = parse(`1,2,3\n${'7,'.repeat(400)}7\n4,5,6\n`, { maxLineBytes: 64 });
    expect(out.rows()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(stats.bytesDiscarded).toBe(801);
  });

  it('drops the first line by default, as the port may open in the middle of it', () => {
    const out = collect();
    const parser = new TextLineParser(out, { channelCount: 2, sampleRateHz: 10 });
    parser.push(asciiBytes('3,4\n1,2\n'));
    parser.finish();
    expect(out.rows()).toEqual([[1, 2]]);
  });

  it('turns jumps of a sample-counter column into gaps, modulo its wrap', () => {
    const { out } = parse('254,1,1\n255,2,2\n2,3,3\n3,4,4\n', { channelCount: 2, counterModulo: 256 });
    expect(out.rows()).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    expect(out.gaps).toEqual([{ atSample: 4, missingSamples: 2, reason: 'counter-jump' }]);
    expect(out.indices()).toEqual([0, 1, 4, 5]);
  });

  it('reads back exactly the numbers an encoder wrote, in any chunking', () => {
    const counter = new InputCounter('text lines round trip');
    inputs.push(counter);
    const value = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc
        .tuple(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 15 }), fc.boolean())
        .map(([v, digits, negative]) => Number((negative ? -v : v).toPrecision(digits))),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 50 }),
        fc.constantFrom(',' as const, '\t' as const, ';' as const, ' ' as const),
        fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const),
        fc.array(fc.nat(3000), { maxLength: 20 }),
        (rows, separator, lineEnd, cuts) => {
          counter.tick();
          const text = rows.map((r) => encodeTextLine(r, { separator, lineEnd })).join('');
          const out = collect();
          const parser = new TextLineParser(out, {
            channelCount: 3,
            sampleRateHz: 100,
            skipFirstLine: false,
          });
          pushInPieces(parser, asciiBytes(text), cuts);
          parser.finish();
          expect(out.rows()).toEqual(rows.map((r) => r.map((v) => Math.fround(v))));
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('never throws on random bytes', () => {
    const counter = new InputCounter('text random bytes');
    inputs.push(counter);
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 3000 }),
        fc.array(fc.nat(3000), { maxLength: 20 }),
        (bytes, cuts) => {
          counter.tick();
          const out = collect();
          const parser = new TextLineParser(out, { channelCount: 2, sampleRateHz: 100, counterModulo: 10 });
          pushInPieces(parser, bytes, cuts);
          parser.finish();
          expect(out.sampleCount()).toBe(parser.stats().samples);
          expect(parser.stats().bytesDiscarded).toBeLessThanOrEqual(bytes.length);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses a configuration without channels or rate, saying which', () => {
    expect(() => new TextLineParser(collect(), { channelCount: 0, sampleRateHz: 10 })).toThrow(
      /channel count/,
    );
    expect(() => new TextLineParser(collect(), { channelCount: 2, sampleRateHz: 0 })).toThrow(/sample rate/);
  });
});
