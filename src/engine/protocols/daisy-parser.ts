// OpenBCI Cyton + Daisy, 16 channels at 125 Hz: pairs of Cyton packets merged into one sample.
//
// Pairing follows the OpenBCI docs ("16 Channel Data with Daisy Module", 03-Cyton_Data_Format.md): after an
// invalid first packet (counter 0), "on odd sample numbers, the Board ADS1299 values are sent, and on even
// sample numbers, the Daisy ADS1299 samples are sent". BrainFlow (cyton_daisy.cpp) pairs the same way: an odd
// counter starts a sample with channels 1-8, the following even counter completes it with channels 9-16. So the
// pair is (2k+1, 2k+2) mod 256 and the counter 255 main packet pairs with the counter 0 Daisy packet.
//
// A half whose partner was lost is not completed with invented values: the merged sample is lost, and the gap is
// reported in merged 125 Hz samples. We do not undo the firmware's averaging of consecutive samples (the docs'
// optional up-sampling table); the merged samples are what the boards sent.
import {
  CYTON_ACCEL_G_PER_COUNT,
  CYTON_CHANNELS,
  CYTON_FOOTER_ACCEL,
  DAISY_CHANNELS,
  DAISY_SAMPLE_RATE_HZ,
} from './cyton-format';
import { CytonFramer, type CytonPacketHandler } from './cyton-framer';
import { GainTable, int16At } from './cyton-parser';
import { SampleEmitter } from './sample-emitter';
import { emptyParserStats, type ParserSink, type ParserStats, type StreamParser } from './stream-parser';

export interface DaisyParserOptions {
  /** Gains of channels 1-16 (default 24 each). */
  readonly gains?: readonly number[];
  /** Merged samples per emitted block at most (default 125). */
  readonly blockCapacity?: number;
}

// Pair numbers start at -1 (the Daisy half of counter 0), so "none" must lie below that; a small integer keeps the
// fields holding it unboxed (a large one would allocate a heap number on every store).
const NO_PAIR = -2;

export class DaisyParser implements StreamParser, CytonPacketHandler {
  readonly channelCount = DAISY_CHANNELS;
  readonly sampleRateHz = DAISY_SAMPLE_RATE_HZ;
  readonly gainTable: GainTable;
  private readonly counters = emptyParserStats();
  private readonly framer: CytonFramer;
  private readonly emitter: SampleEmitter;
  /** Counter of the first accepted packet: packet index + this = the unwrapped counter. */
  private firstCounter = -1;
  /** Pair number of the first merged sample: pair - this = its sample index. */
  private firstPair = NO_PAIR;
  private pendingPair = NO_PAIR;
  private readonly pendingMain = new Float64Array(CYTON_CHANNELS);
  private readonly pendingAccel = new Float64Array(3);
  private pendingHasAccel = false;

  constructor(
    private readonly sink: ParserSink,
    options: DaisyParserOptions = {},
  ) {
    this.gainTable = new GainTable(DAISY_CHANNELS, options.gains);
    this.emitter = new SampleEmitter(
      DAISY_CHANNELS,
      DAISY_SAMPLE_RATE_HZ,
      options.blockCapacity ?? DAISY_SAMPLE_RATE_HZ,
      sink,
      this.counters,
    );
    this.framer = new CytonFramer(this, this.counters);
  }

  /** Channel from 0 (8-15 are the Daisy's). */
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
    this.dropPending();
    this.emitter.flush();
  }

  stats(): Readonly<ParserStats> {
    return this.counters;
  }

  reset(): void {
    this.framer.reset();
    this.emitter.reset();
    this.firstCounter = -1;
    this.firstPair = NO_PAIR;
    this.pendingPair = NO_PAIR;
  }

  packet(bytes: Uint8Array, offset: number, packetIndex: number, _missingBefore: number): void {
    if (this.firstCounter < 0) this.firstCounter = bytes[offset + 1]!;
    const unwrapped = this.firstCounter + packetIndex;
    // Both halves of pair k: main 2k+1, Daisy 2k+2; (counter - 1) >> 1 gives k for either.
    const pair = (unwrapped - 1) >> 1;
    const scale = this.gainTable.scale;
    const hasAccel = bytes[offset + 32] === CYTON_FOOTER_ACCEL;
    if ((unwrapped & 1) === 1) {
      this.dropPending();
      let at = offset + 2;
      for (let c = 0; c < CYTON_CHANNELS; c++, at += 3) {
        this.pendingMain[c] =
          (((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8)) >> 8) * scale[c]!;
      }
      this.pendingPair = pair;
      this.pendingHasAccel = hasAccel;
      if (hasAccel) {
        this.pendingAccel[0] = int16At(bytes, offset + 26);
        this.pendingAccel[1] = int16At(bytes, offset + 28);
        this.pendingAccel[2] = int16At(bytes, offset + 30);
      }
      return;
    }
    if (this.pendingPair !== pair) {
      // A Daisy half whose main half was lost (or the invalid first packet after 'b').
      this.dropPending();
      this.counters.framesUnused++;
      return;
    }
    this.pendingPair = NO_PAIR;
    const emitter = this.emitter;
    if (this.firstPair === NO_PAIR) this.firstPair = pair;
    const sampleIndex = pair - this.firstPair;
    if (sampleIndex > emitter.nextSample) emitter.skip(sampleIndex - emitter.nextSample, 'counter-jump');
    const column = emitter.beginSample();
    const out = emitter.buffer;
    const stride = emitter.capacity;
    for (let c = 0; c < CYTON_CHANNELS; c++) out[c * stride + column] = this.pendingMain[c]!;
    let at = offset + 2;
    for (let c = CYTON_CHANNELS; c < DAISY_CHANNELS; c++, at += 3) {
      out[c * stride + column] =
        (((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8)) >> 8) * scale[c]!;
    }
    const atSample = emitter.nextSample;
    emitter.commitSample();
    if (this.sink.accel && this.pendingHasAccel && hasAccel) {
      // As BrainFlow does, the merged sample's accelerometer is the mean of both halves.
      const g = CYTON_ACCEL_G_PER_COUNT / 2;
      this.sink.accel(
        atSample,
        (this.pendingAccel[0]! + int16At(bytes, offset + 26)) * g,
        (this.pendingAccel[1]! + int16At(bytes, offset + 28)) * g,
        (this.pendingAccel[2]! + int16At(bytes, offset + 30)) * g,
      );
    }
  }

  private dropPending(): void {
    if (this.pendingPair === NO_PAIR) return;
    this.pendingPair = NO_PAIR;
    this.counters.framesUnused++;
  }
}
