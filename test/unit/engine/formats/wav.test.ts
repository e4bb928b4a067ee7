// RIFF/WAVE header validation, against files written by sox and measured by soxi (an independent reader).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../../src/engine/formats/format-error';
import { readWavHeader } from '../../../../src/engine/formats/wav';

const dir = mkdtempSync(path.join(tmpdir(), 'clisonix-wav-unit-'));

function sox(
  name: string,
  args: string[],
): { bytes: Buffer; frames: number; rate: number; channels: number } {
  const file = path.join(dir, name);
  execFileSync('sox', ['-n', ...args, file, 'synth', '0.37', 'sine', '300']);
  const soxi = (flag: string) => Number(execFileSync('soxi', [flag, file], { encoding: 'utf8' }).trim());
  return { bytes: readFileSync(file), frames: soxi('-s'), rate: soxi('-r'), channels: soxi('-c') };
}

describe('readWavHeader', () => {
  it.each([
    ['16-bit stereo PCM', ['-r', '44100', '-c', '2', '-b', '16'], 'pcm', 16],
    ['8-bit mono PCM', ['-r', '8000', '-c', '1', '-b', '8'], 'pcm', 8],
    ['24-bit 3-channel (WAVE_FORMAT_EXTENSIBLE)', ['-r', '48000', '-c', '3', '-b', '24'], 'extensible', 24],
    ['32-bit float', ['-r', '22050', '-c', '2', '-e', 'floating-point', '-b', '32'], 'float', 32],
  ] as const)('reads %s as soxi does', (_name, args, formatTag, bits) => {
    const wav = sox(`${bits}-${formatTag}.wav`, [...args]);
    const info = readWavHeader(wav.bytes);
    expect(info).toMatchObject({
      formatTag,
      bitsPerSample: bits,
      channels: wav.channels,
      sampleRateHz: wav.rate,
    });
    expect(info.frames).toBe(wav.frames);
    expect(info.durationS).toBeCloseTo(wav.frames / wav.rate, 12);
  });

  it('says what is wrong with damaged or foreign files', () => {
    const good = sox('good.wav', ['-r', '8000', '-c', '1', '-b', '16']).bytes;
    const patched = (at: number, write: (v: DataView) => void) => {
      const copy = Uint8Array.from(good);
      write(new DataView(copy.buffer));
      return copy.subarray(0, at < 0 ? copy.length : at);
    };
    const cases: [string, Uint8Array, RegExp][] = [
      ['tiny', good.subarray(0, 8), /12/],
      ['not RIFF', Buffer.from('RIFX' + 'x'.repeat(40)), /does not start with "RIFF"/],
      ['not WAVE', patched(-1, (v) => v.setUint32(8, 0x41564941)), /form type is "AVIA"/],
      ['truncated', good.subarray(0, good.length - 10), /truncated/],
      ['bad format code', patched(-1, (v) => v.setUint16(20, 85, true)), /format code 85/],
      ['no channels', patched(-1, (v) => v.setUint16(22, 0, true)), /declares 0 channels/],
      ['odd bits', patched(-1, (v) => v.setUint16(34, 12, true)), /bits per sample is 12/],
      ['lying block align', patched(-1, (v) => v.setUint16(32, 4, true)), /block align is 4 bytes/],
      ['zero rate', patched(-1, (v) => v.setUint32(24, 0, true)), /sample rate 0 Hz/],
    ];
    for (const [name, bytes, message] of cases) {
      expect(() => readWavHeader(bytes), name).toThrow(FormatError);
      expect(() => readWavHeader(bytes), name).toThrow(message);
    }
    // A data chunk that is not whole frames, and a file whose only chunk is "data".
    const ragged = Uint8Array.from(good);
    const view = new DataView(ragged.buffer);
    const dataAt = good.indexOf('data');
    view.setUint32(dataAt + 4, view.getUint32(dataAt + 4, true) - 1, true);
    expect(() => readWavHeader(ragged)).toThrow(/not a whole number of 2-byte frames/);
    const noFmt = Buffer.concat([
      Buffer.from('RIFF'),
      Buffer.from([12, 0, 0, 0]),
      Buffer.from('WAVEdata'),
      Buffer.alloc(4),
    ]);
    expect(() => readWavHeader(noFmt)).toThrow(/"data" chunk comes before the "fmt " chunk/);
  });
});
