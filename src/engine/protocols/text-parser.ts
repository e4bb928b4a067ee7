// Text boards (Arduino and friends): one line per sample, numbers separated by commas, semicolons or tabs (spaces
// around them are ignored, and spaces alone separate numbers too), lines ended by LF, CR or CRLF. The rate and the
// scale are configured, not sent. An optional first field holding a wrapping sample counter enables gap detection.
// Numbers are parsed from the bytes directly (ASCII), with no string or allocation per line.
import { SampleEmitter } from './sample-emitter';
import { emptyParserStats, type ParserSink, type ParserStats, type StreamParser } from './stream-parser';

export interface TextBoardOptions {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  /** Microvolts per unit of the numbers sent (default 1: the board sends microvolts). */
  readonly microvoltsPerUnit?: number;
  /** The value that means 0 uV, e.g. 512 for a 10-bit ADC centred at mid-scale (default 0). */
  readonly zeroOffset?: number;
  /** When the first field is a sample counter wrapping at this modulus (e.g. 256), losses become gaps. */
  readonly counterModulo?: number;
  /** Longest line accepted (default 512 bytes); longer ones are discarded as garbage. */
  readonly maxLineBytes?: number;
  /** Drop the first line, which may have been cut by opening the port mid-line (default true). */
  readonly skipFirstLine?: boolean;
  readonly blockCapacity?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

function isHardSeparator(c: number): boolean {
  return c === 0x2c || c === 0x3b || c === 0x09; // , ; TAB
}

export class TextLineParser implements StreamParser {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  private readonly counters = emptyParserStats();
  private readonly emitter: SampleEmitter;
  private readonly line: Uint8Array;
  private lineLength = 0;
  private overflowing = false;
  private skipNextLine: boolean;
  private readonly fields: Float64Array;
  private readonly fieldCount: number;
  private readonly scale: number;
  private readonly offset: number;
  private readonly modulo: number;
  private expectedCounter = -1;
  /** Set by parseNumber: where the number ended. */
  private numberEnd = 0;

  constructor(
    sink: ParserSink,
    private readonly options: TextBoardOptions,
  ) {
    if (!(Number.isInteger(options.channelCount) && options.channelCount > 0)) {
      throw new RangeError(
        `text board channel count must be a positive integer, got ${options.channelCount}`,
      );
    }
    if (!(options.sampleRateHz > 0)) {
      throw new RangeError(`text board sample rate must be positive, got ${options.sampleRateHz} Hz`);
    }
    this.channelCount = options.channelCount;
    this.sampleRateHz = options.sampleRateHz;
    this.scale = options.microvoltsPerUnit ?? 1;
    this.offset = options.zeroOffset ?? 0;
    this.modulo = options.counterModulo ?? 0;
    this.fieldCount = this.channelCount + (this.modulo > 0 ? 1 : 0);
    this.fields = new Float64Array(this.fieldCount);
    this.line = new Uint8Array(options.maxLineBytes ?? 512);
    this.skipNextLine = options.skipFirstLine ?? true;
    const capacity = options.blockCapacity ?? Math.max(1, Math.round(options.sampleRateHz));
    this.emitter = new SampleEmitter(this.channelCount, this.sampleRateHz, capacity, sink, this.counters);
  }

  push(bytes: Uint8Array): void {
    const line = this.line;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (b === LF || b === CR) {
        this.endLine();
      } else if (this.overflowing) {
        this.counters.bytesDiscarded++;
      } else if (this.lineLength === line.length) {
        this.overflowing = true;
        this.discard(this.lineLength + 1);
        this.lineLength = 0;
      } else {
        line[this.lineLength++] = b;
      }
    }
  }

  flush(): void {
    this.emitter.flush();
  }

  finish(): void {
    // A last line without its end of line may be cut short: it is not trusted.
    if (this.lineLength > 0) this.discard(this.lineLength);
    this.lineLength = 0;
    this.emitter.flush();
  }

  stats(): Readonly<ParserStats> {
    return this.counters;
  }

  reset(): void {
    this.lineLength = 0;
    this.overflowing = false;
    this.skipNextLine = this.options.skipFirstLine ?? true;
    this.expectedCounter = -1;
    this.emitter.reset();
  }

  private endLine(): void {
    const length = this.lineLength;
    this.lineLength = 0;
    if (this.overflowing) {
      this.overflowing = false;
      return;
    }
    if (length === 0) return;
    if (this.skipNextLine) {
      this.skipNextLine = false;
      this.counters.bytesDiscarded += length;
      return;
    }
    if (!this.parseFields(length)) {
      this.counters.checksumFailures++;
      this.discard(length);
      return;
    }
    const fields = this.fields;
    const emitter = this.emitter;
    let first = 0;
    if (this.modulo > 0) {
      const counter = fields[0]!;
      if (!(Number.isInteger(counter) && counter >= 0 && counter < this.modulo)) {
        this.counters.checksumFailures++;
        this.discard(length);
        return;
      }
      if (this.expectedCounter >= 0) {
        const missing = (((counter - this.expectedCounter) % this.modulo) + this.modulo) % this.modulo;
        emitter.skip(missing, 'counter-jump');
      }
      this.expectedCounter = (counter + 1) % this.modulo;
      first = 1;
    }
    this.counters.framesAccepted++;
    const column = emitter.beginSample();
    const out = emitter.buffer;
    const stride = emitter.capacity;
    for (let c = 0; c < this.channelCount; c++) {
      out[c * stride + column] = (fields[first + c]! - this.offset) * this.scale;
    }
    emitter.commitSample();
  }

  /** Fills this.fields from the line; false unless it holds exactly the expected count of numbers. */
  private parseFields(length: number): boolean {
    const line = this.line;
    let count = 0;
    let at = 0;
    let needField = false;
    for (;;) {
      while (at < length && line[at] === SPACE) at++;
      if (at === length) return !needField && count === this.fieldCount;
      if (count === this.fieldCount) return false;
      const value = this.parseNumber(line, at, length);
      if (!Number.isFinite(value)) return false;
      this.fields[count++] = value;
      const afterNumber = this.numberEnd;
      at = afterNumber;
      while (at < length && line[at] === SPACE) at++;
      if (at === length) return count === this.fieldCount;
      if (isHardSeparator(line[at]!)) {
        at++;
        needField = true;
      } else if (at > afterNumber) {
        needField = false;
      } else {
        return false;
      }
    }
  }

  /** An ASCII decimal number at line[at...]: [+-]digits[.digits][e[+-]digits]. NaN when there is none. */
  private parseNumber(line: Uint8Array, at: number, end: number): number {
    let negative = false;
    const sign = line[at];
    if (sign === 0x2d || sign === 0x2b) {
      negative = sign === 0x2d;
      at++;
    }
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    while (at < end) {
      const d = line[at]! - 0x30;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
      at++;
    }
    if (at < end && line[at] === 0x2e) {
      at++;
      while (at < end) {
        const d = line[at]! - 0x30;
        if (d < 0 || d > 9) break;
        mantissa = mantissa * 10 + d;
        exponent--;
        digits++;
        at++;
      }
    }
    if (digits === 0) return Number.NaN;
    if (at < end && (line[at] === 0x65 || line[at] === 0x45)) {
      at++;
      let negativeExponent = false;
      if (line[at] === 0x2d || line[at] === 0x2b) {
        negativeExponent = line[at] === 0x2d;
        at++;
      }
      let e = 0;
      let exponentDigits = 0;
      while (at < end) {
        const d = line[at]! - 0x30;
        if (d < 0 || d > 9) break;
        e = Math.min(e * 10 + d, 10000);
        exponentDigits++;
        at++;
      }
      if (exponentDigits === 0) return Number.NaN;
      exponent += negativeExponent ? -e : e;
    }
    this.numberEnd = at;
    // Below 2^53 the mantissa is exact and a single division or multiplication by an exact power of ten rounds
    // once, which is what parseFloat returns for the usual short decimals.
    let value: number;
    if (exponent === 0) value = mantissa;
    else if (exponent > 0) value = mantissa * (POWERS_OF_TEN[exponent] ?? 10 ** exponent);
    else value = mantissa / (POWERS_OF_TEN[-exponent] ?? 10 ** -exponent);
    return negative ? -value : value;
  }

  private discard(count: number): void {
    this.counters.bytesDiscarded += count;
    this.counters.resyncs++;
  }
}
