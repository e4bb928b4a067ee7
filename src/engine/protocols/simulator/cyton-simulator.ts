// A simulated OpenBCI Cyton (optionally with a Daisy) behind its dongle: answers the command protocol as the
// firmware does (cyton-commands.ts) and streams real packets of the signal it is given, scaled by each channel's
// gain and clipped like the ADC. With a Daisy it sends what the OpenBCI docs describe: an invalid first packet
// (counter 0), then the main board on odd counters and the Daisy on even ones, a pair per 125 Hz sample. (It does
// not model the firmware's averaging of consecutive 250 Hz samples: each pair carries one sample of the signal.)
import type { PullSource } from '../../sources/pull-source';
import { accelCountsFromG, cytonCountsFromMicrovolts, writeCytonPacket } from '../cyton-encoder';
import {
  CYTON_CHANNEL_SELECTORS,
  CYTON_EOT,
  DONGLE_NO_BOARD_REPLY,
  cytonResetBanner,
} from '../cyton-commands';
import {
  CYTON_BAUD_RATE,
  CYTON_CHANNELS,
  CYTON_GAINS,
  CYTON_PACKET_BYTES,
  CYTON_SAMPLE_RATE_HZ,
  DAISY_CHANNELS,
  DAISY_SAMPLE_RATE_HZ,
} from '../cyton-format';
import { asciiBytes } from '../text-encoder';
import { ByteSink, type BoardSimulator, type SimulatorFaults, type SimulatorStats } from './board-simulator';

export interface CytonSimulatorOptions {
  /** A Daisy module is attached (16 channels at 125 Hz). */
  readonly daisy: boolean;
  /** The signal at the board's rate: 8 channels at 250 Hz, or 16 at 125 Hz with a Daisy. */
  readonly signal: PullSource;
  readonly firmware?: string;
  /** false: only the dongle answers (the board is off or on another radio channel). */
  readonly boardPowered?: boolean;
  readonly accelG?: readonly [number, number, number];
  readonly faults?: SimulatorFaults;
}

interface ChannelState {
  gain: number;
  powerDown: boolean;
}

const OFF_COMMANDS = '12345678qwertyui';
const ON_COMMANDS = '!@#$%^&*QWERTYUI';

export class CytonBoardSimulator implements BoardSimulator {
  readonly board;
  readonly baudRate = CYTON_BAUD_RATE;
  readonly sampleRateHz: number;
  readonly channelCount: number;
  readonly stats: SimulatorStats = {
    packetsSent: 0,
    packetsDropped: 0,
    garbageBytes: 0,
    samplesGenerated: 0,
  };
  private isStreaming = false;
  private daisyActive: boolean;
  private readonly channels: ChannelState[];
  /** Characters of an `x...X` command being received, or null. */
  private settings: string | null = null;
  private packetIndex = 0;
  private readonly out = new ByteSink();
  private readonly packetCounts = new Int32Array(CYTON_CHANNELS);
  private readonly accelCounts: number[];

  constructor(private readonly options: CytonSimulatorOptions) {
    this.board = options.daisy ? ('cyton-daisy' as const) : ('cyton' as const);
    this.daisyActive = options.daisy;
    this.channelCount = options.daisy ? DAISY_CHANNELS : CYTON_CHANNELS;
    this.sampleRateHz = options.daisy ? DAISY_SAMPLE_RATE_HZ : CYTON_SAMPLE_RATE_HZ;
    if (options.signal.channelLabels.length !== this.channelCount) {
      throw new RangeError(
        `the simulated ${this.board} needs a ${this.channelCount}-channel signal, got ${options.signal.channelLabels.length}`,
      );
    }
    this.channels = Array.from({ length: DAISY_CHANNELS }, () => ({ gain: 24, powerDown: false }));
    this.accelCounts = (options.accelG ?? [0, 0, 1]).map(accelCountsFromG);
  }

  get streaming(): boolean {
    return this.isStreaming;
  }

  /** Current gains of the channels in use (what `x...X` set). */
  get gains(): readonly number[] {
    return this.channels.slice(0, this.daisyActive ? DAISY_CHANNELS : CYTON_CHANNELS).map((c) => c.gain);
  }

  /** Which channels in use are powered down (what `x...X` or the '1'-'8' / 'q'-'i' keys set). */
  get poweredDown(): readonly boolean[] {
    return this.channels.slice(0, this.daisyActive ? DAISY_CHANNELS : CYTON_CHANNELS).map((c) => c.powerDown);
  }

  receive(bytes: Uint8Array): Uint8Array {
    let reply = '';
    for (const byte of bytes) reply += this.command(String.fromCharCode(byte));
    return asciiBytes(reply);
  }

  private command(ch: string): string {
    if (this.options.boardPowered === false) {
      return ch === 'v' ? `${DONGLE_NO_BOARD_REPLY}${CYTON_EOT}` : '';
    }
    if (this.settings !== null) return this.settingsChar(ch);
    const quiet = (text: string) => (this.isStreaming ? '' : text);
    switch (ch) {
      case 'v':
        this.isStreaming = false;
        this.daisyActive = this.options.daisy;
        for (const c of this.channels) Object.assign(c, { gain: 24, powerDown: false });
        return cytonResetBanner({ daisy: this.daisyActive, firmware: this.options.firmware ?? 'v3.1.2' });
      case 'b':
        if (!this.isStreaming) {
          this.isStreaming = true;
          this.packetIndex = 0;
          this.stats.samplesGenerated = 0;
        }
        return '';
      case 's':
        this.isStreaming = false;
        return '';
      case 'x':
        this.settings = 'x';
        return '';
      case 'd':
        for (const c of this.channels) Object.assign(c, { gain: 24, powerDown: false });
        return quiet(`updating channel settings to default${CYTON_EOT}`);
      case 'D':
        return quiet(`060110${CYTON_EOT}`);
      case 'c':
        if (!this.daisyActive) return '';
        this.daisyActive = false;
        return quiet(`daisy removed${CYTON_EOT}`);
      case 'C':
        if (this.daisyActive) return quiet(`16${CYTON_EOT}`);
        if (!this.options.daisy) return quiet(`no daisy to attach!8${CYTON_EOT}`);
        this.daisyActive = true;
        return quiet(`daisy attached16${CYTON_EOT}`);
      default: {
        const off = OFF_COMMANDS.indexOf(ch);
        if (off >= 0) this.channels[off]!.powerDown = true;
        const on = ON_COMMANDS.indexOf(ch);
        if (on >= 0) this.channels[on]!.powerDown = false;
        return '';
      }
    }
  }

  /** One character of `x C P G I B S2 S1 X`, checked as the firmware checks it. */
  private settingsChar(ch: string): string {
    const text = `${this.settings ?? ''}${ch}`;
    const fail = (why: string) => {
      this.settings = null;
      return this.isStreaming ? '' : `Failure: ${why}${CYTON_EOT}`;
    };
    if (ch === 'X' && text.length < 9) return fail('too few chars');
    if (text.length < 9) {
      this.settings = text;
      return '';
    }
    if (ch !== 'X') return fail('Err: 9th char not X');
    this.settings = null;
    const channel = CYTON_CHANNEL_SELECTORS.indexOf(text[1] ?? '');
    const gain = CYTON_GAINS[Number(text[3])];
    if (channel < 0 || (channel >= CYTON_CHANNELS && !this.daisyActive)) return fail('Err: invalid channel');
    if (gain === undefined) return fail('Err: invalid gain');
    this.channels[channel] = { gain, powerDown: text[2] === '1' };
    return this.isStreaming ? '' : `Success: Channel set for ${channel + 1}${CYTON_EOT}`;
  }

  stream(sampleCount: number): Uint8Array {
    if (!this.isStreaming || sampleCount <= 0) return new Uint8Array(0);
    const first = this.stats.samplesGenerated;
    const block = this.options.signal.read(first, sampleCount);
    // A Daisy board told to use 8 channels ('c') sends channels 1-8 of its signal, a packet per sample.
    const daisy = this.daisyActive;
    if (daisy && this.packetIndex === 0) this.emitPacket(0, null, 0); // the invalid first packet
    for (let i = 0; i < sampleCount; i++) {
      if (daisy) {
        this.emitPacket(this.packetIndex, block.data, i, 0, sampleCount);
        this.emitPacket(this.packetIndex, block.data, i, CYTON_CHANNELS, sampleCount);
      } else {
        this.emitPacket(this.packetIndex, block.data, i, 0, sampleCount);
      }
    }
    this.stats.samplesGenerated += sampleCount;
    return this.out.take();
  }

  private emitPacket(
    packetIndex: number,
    data: Float32Array | null,
    column: number,
    firstChannel = 0,
    stride = 0,
  ): void {
    const faults = this.options.faults;
    this.packetIndex++;
    const garbage = faults?.garbageBefore?.(packetIndex) ?? null;
    if (garbage) {
      this.out.append(garbage);
      this.stats.garbageBytes += garbage.length;
    }
    if (faults?.dropPacket?.(packetIndex)) {
      this.stats.packetsDropped++;
      return;
    }
    const counts = this.packetCounts;
    for (let c = 0; c < CYTON_CHANNELS; c++) {
      const channel = this.channels[firstChannel + c]!;
      counts[c] =
        data === null || channel.powerDown
          ? 0
          : cytonCountsFromMicrovolts(data[(firstChannel + c) * stride + column]!, channel.gain);
    }
    const bytes = this.out.reserve(CYTON_PACKET_BYTES);
    writeCytonPacket(bytes, this.out.length, {
      counter: packetIndex & 0xff,
      counts,
      accelCounts: this.accelCounts,
    });
    this.out.length += CYTON_PACKET_BYTES;
    this.stats.packetsSent++;
  }
}
