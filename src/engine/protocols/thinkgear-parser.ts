// NeuroSky ThinkGear: one channel of raw EEG at 512 Hz plus poor-signal, eSense and band-power events.
// The stream has no sample counter, so losses are known only when a frame arrives but fails its checksum: a
// corrupt frame shaped like a raw-value packet is reported as a one-sample gap ('corrupt-frame'). Bytes lost
// before they form a frame cannot be counted as samples; they are counted as discarded bytes.
import { SampleEmitter } from './sample-emitter';
import { emptyParserStats, type ParserSink, type ParserStats, type StreamParser } from './stream-parser';
import {
  THINKGEAR_CODE,
  THINKGEAR_EXCODE,
  THINKGEAR_MAX_PAYLOAD,
  THINKGEAR_MICROVOLTS_PER_COUNT,
  THINKGEAR_SAMPLE_RATE_HZ,
  THINKGEAR_SYNC,
  thinkGearChecksum,
} from './thinkgear-format';

export interface ThinkGearParserOptions {
  /** Raw samples per emitted block at most (default 512). */
  readonly blockCapacity?: number;
}

const HEADER = 3;
const MAX_FRAME = HEADER + THINKGEAR_MAX_PAYLOAD + 1;
const CARRY_CAPACITY = 2 * MAX_FRAME;

export class ThinkGearParser implements StreamParser {
  readonly channelCount = 1;
  readonly sampleRateHz = THINKGEAR_SAMPLE_RATE_HZ;
  private readonly counters = emptyParserStats();
  private readonly emitter: SampleEmitter;
  private readonly carry = new Uint8Array(CARRY_CAPACITY);
  private carryLength = 0;
  private inSync = false;

  constructor(
    private readonly sink: ParserSink,
    options: ThinkGearParserOptions = {},
  ) {
    this.emitter = new SampleEmitter(
      1,
      THINKGEAR_SAMPLE_RATE_HZ,
      options.blockCapacity ?? THINKGEAR_SAMPLE_RATE_HZ,
      sink,
      this.counters,
    );
  }

  push(chunk: Uint8Array): void {
    let start = 0;
    if (this.carryLength > 0) {
      const held = this.carryLength;
      const take = Math.min(chunk.length, CARRY_CAPACITY - held);
      const carry = this.carry;
      for (let i = 0; i < take; i++) carry[held + i] = chunk[i]!;
      const total = held + take;
      const stop = this.scan(carry, 0, total, false);
      if (take === chunk.length || stop < held) {
        carry.copyWithin(0, stop, total);
        this.carryLength = total - stop;
        return;
      }
      this.carryLength = 0;
      start = stop - held;
    }
    const stop = this.scan(chunk, start, chunk.length, false);
    const rest = chunk.length - stop;
    for (let i = 0; i < rest; i++) this.carry[i] = chunk[stop + i]!;
    this.carryLength = rest;
  }

  flush(): void {
    this.emitter.flush();
  }

  finish(): void {
    if (this.carryLength > 0) this.scan(this.carry, 0, this.carryLength, true);
    this.carryLength = 0;
    this.emitter.flush();
  }

  stats(): Readonly<ParserStats> {
    return this.counters;
  }

  reset(): void {
    this.carryLength = 0;
    this.inSync = false;
    this.emitter.reset();
  }

  private scan(bytes: Uint8Array, pos: number, end: number, final: boolean): number {
    while (pos < end) {
      if (bytes[pos] !== THINKGEAR_SYNC) {
        this.discard(1);
        pos++;
        continue;
      }
      if (end - pos < HEADER) {
        if (!final) return pos;
        this.discard(end - pos);
        return end;
      }
      const length = bytes[pos + 2]!;
      // A lone SYNC, a third SYNC (the packet starts one byte later) or an impossible length: slide by one byte.
      if (bytes[pos + 1] !== THINKGEAR_SYNC || length > THINKGEAR_MAX_PAYLOAD) {
        this.discard(1);
        pos++;
        continue;
      }
      const frame = HEADER + length + 1;
      if (end - pos < frame) {
        if (!final) return pos;
        this.discard(1);
        pos++;
        continue;
      }
      if (thinkGearChecksum(bytes, pos + HEADER, length) !== bytes[pos + frame - 1]) {
        this.counters.checksumFailures++;
        // A raw-value frame (80 02 hi lo) is one lost sample of the 512 Hz clock; other frames carry no samples.
        if (
          length === 4 &&
          bytes[pos + HEADER] === THINKGEAR_CODE.raw &&
          bytes[pos + HEADER + 1] === 2 &&
          this.counters.framesAccepted > 0
        ) {
          this.emitter.skip(1, 'corrupt-frame');
        }
        // Rescan from the next byte: a real packet may start inside the corrupt one.
        this.discard(1);
        pos++;
        continue;
      }
      if (!this.payloadIsWellFormed(bytes, pos + HEADER, length)) {
        this.counters.checksumFailures++;
        this.discard(frame);
        pos += frame;
        continue;
      }
      this.counters.framesAccepted++;
      this.inSync = true;
      this.emitRows(bytes, pos + HEADER, length);
      pos += frame;
    }
    return pos;
  }

  /** Every row must fit the payload exactly, and the rows we decode must have their documented lengths. */
  private payloadIsWellFormed(bytes: Uint8Array, start: number, length: number): boolean {
    const end = start + length;
    let at = start;
    while (at < end) {
      while (at < end && bytes[at] === THINKGEAR_EXCODE) at++;
      if (at >= end) return false;
      const code = bytes[at++]!;
      if (code < 0x80) {
        at += 1;
        continue;
      }
      if (at >= end) return false;
      const valueLength = bytes[at++]!;
      if (code === THINKGEAR_CODE.raw && valueLength !== 2) return false;
      if (code === THINKGEAR_CODE.bandPowers && valueLength !== 24) return false;
      at += valueLength;
    }
    return at === end;
  }

  private emitRows(bytes: Uint8Array, start: number, length: number): void {
    const end = start + length;
    const emitter = this.emitter;
    const sink = this.sink;
    let at = start;
    while (at < end) {
      let extended = 0;
      while (bytes[at] === THINKGEAR_EXCODE) {
        extended++;
        at++;
      }
      const code = bytes[at++]!;
      const valueLength = code < 0x80 ? 1 : bytes[at++]!;
      if (extended === 0) {
        if (code === THINKGEAR_CODE.raw) {
          const column = emitter.beginSample();
          emitter.buffer[column] =
            (((bytes[at]! << 24) | (bytes[at + 1]! << 16)) >> 16) * THINKGEAR_MICROVOLTS_PER_COUNT;
          emitter.commitSample();
        } else if (sink.event) {
          const atSample = emitter.nextSample;
          const value = bytes[at]!;
          if (code === THINKGEAR_CODE.poorSignal) sink.event({ kind: 'poor-signal', atSample, value });
          else if (code === THINKGEAR_CODE.attention) sink.event({ kind: 'attention', atSample, value });
          else if (code === THINKGEAR_CODE.meditation) sink.event({ kind: 'meditation', atSample, value });
          else if (code === THINKGEAR_CODE.blink) sink.event({ kind: 'blink', atSample, value });
          else if (code === THINKGEAR_CODE.bandPowers) {
            const values: number[] = [];
            for (let b = 0; b < 8; b++) {
              const v = at + 3 * b;
              values.push(bytes[v]! * 65536 + bytes[v + 1]! * 256 + bytes[v + 2]!);
            }
            sink.event({ kind: 'band-powers', atSample, values });
          }
        }
      }
      at += valueLength;
    }
  }

  private discard(count: number): void {
    this.counters.bytesDiscarded += count;
    if (this.inSync) {
      this.inSync = false;
      this.counters.resyncs++;
    }
  }
}
