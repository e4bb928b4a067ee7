// RIFF/WAVE header validation for audio uploads: the chunks are walked, the format chunk is checked, and the
// data chunk must hold whole frames within the file. Nothing is decoded: the header alone decides.
import { FormatError } from '../../engine/formats/format-error';

export interface WavInfo {
  readonly formatTag: 'pcm' | 'float' | 'extensible';
  readonly channels: number;
  readonly sampleRateHz: number;
  readonly bitsPerSample: number;
  readonly frames: number;
  readonly durationS: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

export function readWavHeader(bytes: Uint8Array): WavInfo {
  if (bytes.length < 12)
    throw new FormatError(`WAV file is ${bytes.length} bytes long; a RIFF header needs 12`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF') throw new FormatError('not a WAV file: it does not start with "RIFF"');
  if (tag(8) !== 'WAVE')
    throw new FormatError(`not a WAV file: RIFF form type is "${tag(8)}", expected "WAVE"`);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) {
    throw new FormatError(
      `WAV file is truncated: the RIFF header announces ${riffEnd} bytes, the file has ${bytes.length}`,
    );
  }

  let format: Omit<WavInfo, 'frames' | 'durationS'> | null = null;
  let blockAlign = 0;
  for (let at = 12; at + 8 <= riffEnd;) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (body + size > riffEnd) {
      throw new FormatError(
        `WAV chunk "${id}" at byte ${at} runs past the end of the file (${size} bytes announced)`,
      );
    }
    if (id === 'fmt ') {
      if (size < 16) throw new FormatError(`WAV "fmt " chunk is ${size} bytes; at least 16 are needed`);
      const code = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      const sampleRateHz = view.getUint32(body + 4, true);
      blockAlign = view.getUint16(body + 12, true);
      const bitsPerSample = view.getUint16(body + 14, true);
      const formatTag =
        code === WAVE_FORMAT_PCM
          ? 'pcm'
          : code === WAVE_FORMAT_IEEE_FLOAT
            ? 'float'
            : code === WAVE_FORMAT_EXTENSIBLE
              ? 'extensible'
              : null;
      if (formatTag === null)
        throw new FormatError(`WAV format code ${code} is not PCM, IEEE float or extensible`);
      if (channels < 1 || channels > 64)
        throw new FormatError(`WAV declares ${channels} channels (1 to 64 accepted)`);
      if (sampleRateHz < 1 || sampleRateHz > 768_000) {
        throw new FormatError(`WAV sample rate ${sampleRateHz} Hz is out of range (1 to 768000)`);
      }
      if (![8, 16, 24, 32, 64].includes(bitsPerSample)) {
        throw new FormatError(`WAV bits per sample is ${bitsPerSample}; 8, 16, 24, 32 or 64 expected`);
      }
      if (blockAlign !== channels * (bitsPerSample / 8)) {
        throw new FormatError(
          `WAV block align is ${blockAlign} bytes; ${channels} channels of ${bitsPerSample} bits need ${channels * (bitsPerSample / 8)}`,
        );
      }
      format = { formatTag, channels, sampleRateHz, bitsPerSample };
    } else if (id === 'data') {
      if (!format) throw new FormatError('WAV "data" chunk comes before the "fmt " chunk');
      if (size % blockAlign !== 0) {
        throw new FormatError(
          `WAV data chunk holds ${size} bytes, not a whole number of ${blockAlign}-byte frames`,
        );
      }
      const frames = size / blockAlign;
      return { ...format, frames, durationS: frames / format.sampleRateHz };
    }
    at = body + size + (size % 2); // chunks are padded to an even length
  }
  throw new FormatError(format ? 'WAV file has no "data" chunk' : 'WAV file has no "fmt " chunk');
}
