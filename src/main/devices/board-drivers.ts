// What is particular to each board on a serial port: its baud rates, its parser, and the conversation that takes
// it from "port just opened" to "samples flowing" (and back). The SerialBoardSource does the rest.
import type { BoardKind } from '../../shared/api/acquisition';
import {
  channelSettingsCommand,
  CYTON_COMMAND,
  CYTON_EOT,
  DONGLE_NO_BOARD_REPLY,
  parseCytonBanner,
} from '../../engine/protocols/cyton-commands';
import {
  CYTON_BAUD_RATE,
  CYTON_CHANNELS,
  CYTON_DEFAULT_GAIN,
  CYTON_GAINS,
  DAISY_CHANNELS,
  isCytonGain,
} from '../../engine/protocols/cyton-format';
import { CytonParser } from '../../engine/protocols/cyton-parser';
import { DaisyParser } from '../../engine/protocols/daisy-parser';
import type { ParserSink, StreamParser } from '../../engine/protocols/stream-parser';
import { TextLineParser, type TextBoardOptions } from '../../engine/protocols/text-parser';
import { THINKGEAR_BAUD_RATES } from '../../engine/protocols/thinkgear-format';
import { ThinkGearParser } from '../../engine/protocols/thinkgear-parser';
import { ReplyTimeout, type ReplyReader } from './reply-reader';
import type { SerialLink } from './serial-link';

/** A device problem said so that a technician can act on it. */
export class DeviceError extends Error {
  override readonly name: string = 'DeviceError';
}

/** Nothing decodable arrived at this baud rate (another rate may work). */
export class NoFramesError extends DeviceError {
  override readonly name = 'NoFramesError';
}

export interface DriverContext {
  readonly path: string;
  readonly link: SerialLink;
  readonly reader: ReplyReader;
  /** From now on incoming bytes go to the parser (binary streaming). */
  streamToParser(): void;
  /** From now on incoming bytes go to the reply reader (text conversation). */
  collectReplies(): void;
  /** True once the parser has accepted a frame since the call, false after `timeoutMs`. */
  framesFlowing(timeoutMs: number): Promise<boolean>;
}

export interface BoardDriver {
  readonly board: BoardKind;
  readonly name: string;
  readonly baudRates: readonly number[];
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];
  createParser(sink: ParserSink): StreamParser;
  /** On a freshly opened port: bring the board to a known state, apply settings, start streaming. */
  begin(context: DriverContext): Promise<string | null>;
  /** Best effort before the port closes: stop streaming. */
  end(context: DriverContext): Promise<void>;
}

export interface DriverTimeouts {
  /** Reply to the soft reset 'v' (the firmware resets its chips first). */
  readonly resetMs: number;
  /** Reply to a setting command. */
  readonly commandMs: number;
  /** First frame after streaming starts. */
  readonly firstFrameMs: number;
}

export const DEFAULT_TIMEOUTS: DriverTimeouts = { resetMs: 4000, commandMs: 1500, firstFrameMs: 2500 };

const labels = (n: number) => Array.from({ length: n }, (_, c) => `Ch${c + 1}`);

function excerpt(text: string): string {
  const printable = text.replace(/[^\x20-\x7e]+/g, ' ').trim();
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}

export class CytonDriver implements BoardDriver {
  readonly board: BoardKind;
  readonly name: string;
  readonly baudRates = [CYTON_BAUD_RATE];
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];
  private readonly gainList: number[];
  /** Channels powered down on the board (the ADS1299 then sends 0 for them). */
  private readonly powerDownList: boolean[];
  private parser: CytonParser | DaisyParser | null = null;

  constructor(
    private readonly daisy: boolean,
    gains: readonly number[] = [],
    private readonly timeouts: DriverTimeouts = DEFAULT_TIMEOUTS,
  ) {
    this.board = daisy ? 'cyton-daisy' : 'cyton';
    this.name = daisy ? 'OpenBCI Cyton + Daisy' : 'OpenBCI Cyton';
    const channels = daisy ? DAISY_CHANNELS : CYTON_CHANNELS;
    this.sampleRateHz = daisy ? 125 : 250;
    this.channelLabels = labels(channels);
    this.gainList = Array.from({ length: channels }, (_, c) => gains[c] ?? CYTON_DEFAULT_GAIN);
    this.gainList.forEach((g, c) => this.checkGain(c + 1, g));
    this.powerDownList = this.gainList.map(() => false);
  }

  get gains(): readonly number[] {
    return [...this.gainList];
  }

  /** Per channel (channel 1 first): true when powered down on the board. */
  get poweredDown(): readonly boolean[] {
    return [...this.powerDownList];
  }

  createParser(sink: ParserSink): StreamParser {
    this.parser = this.daisy
      ? new DaisyParser(sink, { gains: this.gainList })
      : new CytonParser(sink, { gains: this.gainList });
    return this.parser;
  }

  async begin(context: DriverContext): Promise<string> {
    const { link, reader, path } = context;
    context.collectReplies();
    // A board left streaming by an earlier session would bury the reset reply under packets.
    await link.write(CYTON_COMMAND.streamStop);
    await reader.quiet(100, 1000);
    reader.clear();
    await link.write(CYTON_COMMAND.softReset);
    const reply = await this.expectReply(context, "the soft reset 'v'", this.timeouts.resetMs);
    if (reply.includes(DONGLE_NO_BOARD_REPLY)) {
      throw new DeviceError(
        `the OpenBCI dongle on ${path} answers but the Cyton does not: switch the board on (PC position) ` +
          'and check that board and dongle use the same radio channel',
      );
    }
    const banner = parseCytonBanner(reply);
    if (!banner) {
      throw new DeviceError(
        `${path} answered 'v' with "${excerpt(reply)}", which is not an OpenBCI Cyton banner`,
      );
    }
    if (this.daisy && !banner.daisy) {
      await link.write(CYTON_COMMAND.use16Channels);
      const attach = await this.expectReply(context, "'C' (use 16 channels)", this.timeouts.commandMs);
      if (!attach.endsWith(`16${CYTON_EOT}`)) {
        throw new DeviceError(
          `no Daisy module answers on ${path} (the board said "${excerpt(attach)}"): seat the Daisy or choose the 8-channel Cyton`,
        );
      }
    } else if (!this.daisy && banner.daisy) {
      await link.write(CYTON_COMMAND.use8Channels);
      await this.expectReply(context, "'c' (use 8 channels)", this.timeouts.commandMs);
    }
    // 'v' restored the firmware defaults, so every channel set otherwise (gain, power) is sent again, also after
    // a reconnection.
    for (const [c, gain] of this.gainList.entries()) {
      if (gain !== CYTON_DEFAULT_GAIN || this.powerDownList[c]) await this.sendChannel(context, c + 1, true);
    }
    reader.clear();
    context.streamToParser();
    await link.write(CYTON_COMMAND.streamStart);
    if (!(await context.framesFlowing(this.timeouts.firstFrameMs))) {
      throw new DeviceError(
        `the Cyton on ${path} sent no data within ${this.timeouts.firstFrameMs} ms of 'b' (start streaming)`,
      );
    }
    return `${this.name}, firmware ${banner.firmware ?? 'unknown'} (${banner.board ?? 'no board line'})`;
  }

  async end(context: DriverContext): Promise<void> {
    await context.link.write(CYTON_COMMAND.streamStop);
  }

  /**
   * Changes a channel's gain (channel from 1). With a context the board is told at once: while not streaming its
   * confirmation is awaited; while streaming the firmware sends none, and the new scale applies from the next
   * packet parsed (packets already in flight, a few ms, are scaled with the old gain, as in BrainFlow).
   */
  async setGain(
    context: DriverContext | null,
    channel: number,
    gain: number,
    streaming: boolean,
  ): Promise<void> {
    this.checkGain(channel, gain);
    const previous = this.gainList[channel - 1]!;
    this.gainList[channel - 1] = gain;
    try {
      if (context) await this.sendChannel(context, channel, !streaming);
    } catch (error) {
      this.gainList[channel - 1] = previous;
      throw error;
    }
    this.parser?.setGain(channel - 1, gain);
  }

  /**
   * Powers a channel down (on = false) or up on the board, keeping its gain; like setGain, confirmed by the board
   * only while it is not streaming. Kept across reconnections.
   */
  async setPower(
    context: DriverContext | null,
    channel: number,
    on: boolean,
    streaming: boolean,
  ): Promise<void> {
    this.checkGain(channel, this.gainList[channel - 1] ?? CYTON_DEFAULT_GAIN);
    const previous = this.powerDownList[channel - 1]!;
    this.powerDownList[channel - 1] = !on;
    try {
      if (context) await this.sendChannel(context, channel, !streaming);
    } catch (error) {
      this.powerDownList[channel - 1] = previous;
      throw error;
    }
  }

  private checkGain(channel: number, gain: number): void {
    if (!Number.isInteger(channel) || channel < 1 || channel > this.gainList.length) {
      throw new DeviceError(
        `channel ${channel} does not exist on the ${this.name} (1-${this.gainList.length})`,
      );
    }
    if (!isCytonGain(gain)) {
      throw new DeviceError(`gain ${gain} is not one of the ADS1299 gains ${CYTON_GAINS.join(', ')}`);
    }
  }

  /** Sends a channel's current settings while streaming (no confirmation comes). */
  async resendChannel(context: DriverContext, channel: number): Promise<void> {
    await this.sendChannel(context, channel, false);
  }

  /** The whole `x...X` of a channel: its gain and power state, the other settings at the firmware defaults. */
  private async sendChannel(context: DriverContext, channel: number, confirm: boolean): Promise<void> {
    const gain = this.gainList[channel - 1];
    if (gain === undefined || !isCytonGain(gain)) return;
    const command = channelSettingsCommand(channel, {
      gain,
      powerDown: this.powerDownList[channel - 1] ?? false,
    });
    if (confirm) context.reader.clear();
    await context.link.write(command);
    if (!confirm) return;
    const reply = await this.expectReply(context, `the channel setting ${command}`, this.timeouts.commandMs);
    if (!reply.includes('Success')) {
      throw new DeviceError(`the board refused ${command} for channel ${channel}: "${excerpt(reply)}"`);
    }
  }

  private async expectReply(context: DriverContext, what: string, timeoutMs: number): Promise<string> {
    try {
      return await context.reader.until(CYTON_EOT, timeoutMs, what);
    } catch (error) {
      if (!(error instanceof ReplyTimeout)) throw error;
      const heard = error.received.length;
      throw new DeviceError(
        heard === 0
          ? `no reply from ${context.path} to ${what} within ${timeoutMs} ms: is the board on (PC position), ` +
              "the dongle switch on GPIO_6, and this the dongle's port?"
          : `${context.path} did not answer ${what} as a Cyton would within ${timeoutMs} ms ` +
              `(${heard} bytes: "${excerpt(error.received)}")`,
      );
    }
  }
}

export class ThinkGearDriver implements BoardDriver {
  readonly board = 'thinkgear' as const;
  readonly name = 'NeuroSky ThinkGear';
  readonly sampleRateHz = 512;
  readonly channelLabels = ['EEG'];

  constructor(
    readonly baudRates: readonly number[] = THINKGEAR_BAUD_RATES,
    private readonly firstFrameMs = 1500,
  ) {}

  createParser(sink: ParserSink): StreamParser {
    return new ThinkGearParser(sink);
  }

  /** ThinkGear headsets stream from power-on: the only handshake is seeing valid packets at this baud rate. */
  async begin(context: DriverContext): Promise<string> {
    context.streamToParser();
    if (!(await context.framesFlowing(this.firstFrameMs))) {
      throw new NoFramesError(
        `no ThinkGear packets on ${context.path} at ${this.baudRates.join(' or ')} baud: ` +
          'is the headset switched on and paired, and is this its port?',
      );
    }
    return `${this.name} at ${context.link.baudRate} baud`;
  }

  async end(): Promise<void> {
    // Nothing to tell the headset.
  }
}

export interface TextDriverOptions extends TextBoardOptions {
  readonly baudRate?: number;
}

export class TextBoardDriver implements BoardDriver {
  readonly board = 'text' as const;
  readonly name = 'text board';
  readonly baudRates: readonly number[];
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];

  constructor(private readonly options: TextDriverOptions) {
    // Constructing a parser checks the configuration and says what is wrong with it.
    new TextLineParser({ samples() {}, gap() {} }, options);
    this.baudRates = [options.baudRate ?? 115200];
    this.sampleRateHz = options.sampleRateHz;
    this.channelLabels = labels(options.channelCount);
  }

  createParser(sink: ParserSink): StreamParser {
    return new TextLineParser(sink, this.options);
  }

  async begin(context: DriverContext): Promise<string> {
    context.streamToParser();
    const waitMs = Math.max(2000, 3000 / this.sampleRateHz);
    if (!(await context.framesFlowing(waitMs))) {
      throw new DeviceError(
        `no lines of ${this.options.channelCount} numbers from ${context.path} at ${context.link.baudRate} baud ` +
          `within ${waitMs} ms: check the baud rate, the channel count and the separator`,
      );
    }
    return `${this.name}, ${this.options.channelCount} channels at ${this.sampleRateHz} Hz`;
  }

  async end(): Promise<void> {
    // Text boards stream on their own.
  }
}
