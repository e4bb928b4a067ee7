// OpenBCI Cyton, 8 channels at 250 Hz: counts to microvolts with each channel's own gain.
import {
  CYTON_ACCEL_G_PER_COUNT,
  CYTON_CHANNELS,
  CYTON_DEFAULT_GAIN,
  CYTON_FOOTER_ACCEL,
  CYTON_SAMPLE_RATE_HZ,
  cytonMicrovoltsPerCount,
} from './cyton-format';
import { CytonFramer, type CytonPacketHandler } from './cyton-framer';
import { SampleEmitter } from './sample-emitter';
import { emptyParserStats, type ParserSink, type ParserStats, type StreamParser } from './stream-parser';

export interface CytonParserOptions {
  /** Per-channel gains (default 24 each); change them later with setGain as the board is reconfigured. */
  readonly gains?: readonly number[];
  /** Samples per emitted block at most (default 250). */
  readonly blockCapacity?: number;
}

/** Signed 24-bit big-endian at bytes[at]. */
export function int24At(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8)) >> 8;
}

/** Signed 16-bit big-endian at bytes[at]. */
export function int16At(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16)) >> 16;
}

/** Per-channel microvolts-per-count factors that follow gain changes. */
export class GainTable {
  readonly scale: Float64Array;
  private readonly gainValues: number[];

  constructor(channelCount: number, gains: readonly number[] = []) {
    this.scale = new Float64Array(channelCount);
    this.gainValues = new Array<number>(channelCount).fill(CYTON_DEFAULT_GAIN);
    for (let c = 0; c < channelCount; c++) this.set(c, gains[c] ?? CYTON_DEFAULT_GAIN);
  }

  /** Channel index from 0. Unknown gains are ignored (the board rejects them too) and reported by `false`. */
  set(channel: number, gain: number): boolean {
    if (!(channel >= 0 && channel < this.scale.length) || !(gain > 0)) return false;
    this.gainValues[channel] = gain;
    this.scale[channel] = cytonMicrovoltsPerCount(gain);
    return true;
  }

  get gains(): readonly number[] {
    return [...this.gainValues];
  }
}

export class CytonParser implements StreamParser, CytonPacketHandler {
  readonly channelCount = CYTON_CHANNELS;
  readonly sampleRateHz = CYTON_SAMPLE_RATE_HZ;
  readonly gainTable: GainTable;
  private readonly counters = emptyParserStats();
  private readonly framer: CytonFramer;
  private readonly emitter: SampleEmitter;

  constructor(
    private readonly sink: ParserSink,
    options: CytonParserOptions = {},
  ) {
    this.gainTable = new GainTable(CYTON_CHANNELS, options.gains);
    this.emitter = new SampleEmitter(
      CYTON_CHANNELS,
      CYTON_SAMPLE_RATE_HZ,
      options.blockCapacity ?? CYTON_SAMPLE_RATE_HZ,
      sink,
      this.counters,
    );
    this.framer = new CytonFramer(this, this.counters);
  }

  /** Channel from 0; takes effect for the packets parsed from now on. */
  setGain(channel: number, gain: number): boolean {
    return this.gainTable.set(channel, gain);
  }

  push(bytes: Uint8Array): void {
    this.framer.push(bytes);
  }

  flush(): void {
    this.emitter.flush();
  }

  finish(): void {
    this.framer.finish();
    this.emitter.flush();
  }

  stats(): Readonly<ParserStats> {
    return this.counters;
  }

  reset(): void {
    this.framer.reset();
    this.emitter.reset();
  }

  packet(bytes: Uint8Array, offset: number, _packetIndex: number, missingBefore: number): void {
    const emitter = this.emitter;
    if (missingBefore > 0) emitter.skip(missingBefore, 'counter-jump');
    const column = emitter.beginSample();
    const out = emitter.buffer;
    const stride = emitter.capacity;
    const scale = this.gainTable.scale;
    let at = offset + 2;
    for (let c = 0; c < CYTON_CHANNELS; c++, at += 3) {
      out[c * stride + column] =
        (((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8)) >> 8) * scale[c]!;
    }
    const atSample = emitter.nextSample;
    emitter.commitSample();
    if (this.sink.accel && bytes[offset + 32] === CYTON_FOOTER_ACCEL) {
      this.sink.accel(
        atSample,
        int16At(bytes, offset + 26) * CYTON_ACCEL_G_PER_COUNT,
        int16At(bytes, offset + 28) * CYTON_ACCEL_G_PER_COUNT,
        int16At(bytes, offset + 30) * CYTON_ACCEL_G_PER_COUNT,
      );
    }
  }
}
