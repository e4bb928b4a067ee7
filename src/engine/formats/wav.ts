// The one WAV module (RIFF/WAVE): the encoder of what the app renders (brainsync, the neural symphony) and the
// header reader the cloud checks audio uploads with. Pure over bytes. Text tags (LIST/INFO) carry what is needed
// to reproduce a render; they are written as ASCII (JSON escapes anything else), so no text codec is needed here.
import { FormatError } from './format-error';

export interface WavInfo {
  readonly formatTag: 'pcm' | 'float' | 'extensible';
  readonly channels: number;
  readonly sampleRateHz: number;
  readonly bitsPerSample: number;
  readonly frames: number;
  readonly durationS: number;
  /** Byte offset of the first sample in the file. */
  readonly dataOffset: number;
  /** LIST/INFO tags found before the data chunk (ISFT, ICMT, INAM...), as Latin-1 text. */
  readonly tags: Readonly<Record<string, string>>;
}

/** LIST/INFO tag ids (four characters) and their text; ASCII only, as readers expect. */
export type WavTags = Readonly<Record<string, string>>;

export interface WavEncodeInput {
  readonly sampleRateHz: number;
  /** One array per channel (planar), all the same length; values in [-1, 1] (beyond is clipped). */
  readonly channels: readonly Float32Array[];
  readonly tags?: WavTags;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** RIFF sizes are 32-bit. */
const MAX_RIFF_BYTES = 0xffff_ffff;

/** Float samples to 16-bit PCM: clipped to [-1, 1], scaled by 32767 and rounded half away from zero. */
export function toPcm16(x: number): number {
  const clipped = x > 1 ? 1 : x < -1 ? -1 : x;
  const scaled = clipped * 32767;
  // Math.round rounds -0.5 up; half away from zero keeps the quantiser symmetric about 0.
  return scaled < 0 ? -Math.round(-scaled) : Math.round(scaled);
}

function checkTagText(id: string, text: string): void {
  if (!/^[A-Z0-9]{4}$/.test(id))
    throw new RangeError(`WAV tag id "${id}" must be four upper-case letters or digits`);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      throw new RangeError(
        `WAV tag ${id}: character ${i} (code ${c}) is not printable ASCII; escape it (JSON does with \\u)`,
      );
    }
  }
}

function listInfoChunk(tags: WavTags): Uint8Array {
  const entries = Object.entries(tags);
  if (entries.length === 0) return new Uint8Array(0);
  let size = 4; // "INFO"
  for (const [id, text] of entries) {
    checkTagText(id, text);
    const body = text.length + 1; // zero-terminated
    size += 8 + body + (body % 2);
  }
  const out = new Uint8Array(8 + size);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'LIST');
  view.setUint32(4, size, true);
  ascii(8, 'INFO');
  let at = 12;
  for (const [id, text] of entries) {
    const body = text.length + 1;
    ascii(at, id);
    view.setUint32(at + 4, body, true);
    ascii(at + 8, text);
    at += 8 + body + (body % 2);
  }
  return out;
}

/** PCM 16-bit little-endian WAV: RIFF, "fmt ", optional LIST/INFO tags, "data" (interleaved frames). */
export function encodeWav({ sampleRateHz, channels, tags = {} }: WavEncodeInput): Uint8Array {
  const channelCount = channels.length;
  if (channelCount < 1 || channelCount > 64)
    throw new RangeError(`a WAV file holds 1 to 64 channels, got ${channelCount}`);
  if (!(Number.isInteger(sampleRateHz) && sampleRateHz >= 1 && sampleRateHz <= 768_000)) {
    throw new RangeError(`WAV sample rate must be an integer from 1 to 768000 Hz, got ${sampleRateHz}`);
  }
  const frames = channels[0]!.length;
  channels.forEach((c, i) => {
    if (c.length !== frames)
      throw new RangeError(`channel ${i} has ${c.length} samples, channel 0 has ${frames}`);
  });
  const info = listInfoChunk(tags);
  const blockAlign = channelCount * 2;
  const dataBytes = frames * blockAlign;
  const total = 12 + 24 + info.length + 8 + dataBytes;
  if (total > MAX_RIFF_BYTES) {
    throw new RangeError(`${frames} frames of ${channelCount} channels exceed the 4 GiB limit of a WAV file`);
  }
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const ascii = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) out[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, total - 8, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, channelCount, true);
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true);
  out.set(info, 36);
  const dataAt = 36 + info.length;
  ascii(dataAt, 'data');
  view.setUint32(dataAt + 4, dataBytes, true);
  let at = dataAt + 8;
  for (let n = 0; n < frames; n++) {
    for (let c = 0; c < channelCount; c++) {
      view.setInt16(at, toPcm16(channels[c]![n]!), true);
      at += 2;
    }
  }
  return out;
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b === 0) break;
    s += String.fromCharCode(b);
  }
  return s;
}

function readInfoTags(bytes: Uint8Array, view: DataView, body: number, end: number): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let at = body + 4; at + 8 <= end;) {
    const id = latin1(bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (at + 8 + size > end) break; // a damaged tag list is not a damaged file: the samples are still good
    tags[id] = latin1(bytes.subarray(at + 8, at + 8 + size));
    at += 8 + size + (size % 2);
  }
  return tags;
}

/** Walks the chunks, checks the format chunk and that the data chunk holds whole frames within the file. */
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

  let format: Pick<WavInfo, 'formatTag' | 'channels' | 'sampleRateHz' | 'bitsPerSample'> | null = null;
  let blockAlign = 0;
  let tags: Record<string, string> = {};
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
    } else if (id === 'LIST' && size >= 4 && tag(body) === 'INFO') {
      tags = { ...tags, ...readInfoTags(bytes, view, body, body + size) };
    } else if (id === 'data') {
      if (!format) throw new FormatError('WAV "data" chunk comes before the "fmt " chunk');
      if (size % blockAlign !== 0) {
        throw new FormatError(
          `WAV data chunk holds ${size} bytes, not a whole number of ${blockAlign}-byte frames`,
        );
      }
      const frames = size / blockAlign;
      return { ...format, frames, durationS: frames / format.sampleRateHz, dataOffset: body, tags };
    }
    at = body + size + (size % 2); // chunks are padded to an even length
  }
  throw new FormatError(format ? 'WAV file has no "data" chunk' : 'WAV file has no "fmt " chunk');
}

export interface DecodedWav {
  readonly info: WavInfo;
  /** One array per channel, samples / 32767: the inverse of toPcm16, so a round trip is within half a step. */
  readonly channels: Float32Array[];
}

/** The samples of a 16-bit PCM WAV (what encodeWav writes), planar. Other encodings are refused by name. */
export function decodeWavPcm16(bytes: Uint8Array): DecodedWav {
  const info = readWavHeader(bytes);
  if (info.formatTag !== 'pcm' || info.bitsPerSample !== 16) {
    throw new FormatError(
      `WAV holds ${info.bitsPerSample}-bit ${info.formatTag} samples; only 16-bit PCM is decoded here`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = Array.from({ length: info.channels }, () => new Float32Array(info.frames));
  let at = info.dataOffset;
  for (let n = 0; n < info.frames; n++) {
    for (let c = 0; c < info.channels; c++) {
      channels[c]![n] = view.getInt16(at, true) / 32767;
      at += 2;
    }
  }
  return { info, channels };
}
