// The Cyton's ASCII command protocol (OpenBCI "Cyton Board SDK", 04-OpenBCI_Cyton_SDK.md, and the firmware's
// OpenBCI_32bit_Library.cpp processChar/boardReset), shared by the host side (devices) and the board simulator.
//
//  v   soft reset; the board answers with its banner, ended by "$$$" (firmware v3 boardReset()):
//        OpenBCI V3 8-16 channel
//        On Board ADS1299 Device ID: 0x3E
//        On Daisy ADS1299 Device ID: 0x3E      (only with a Daisy)
//        LIS3DH Device ID: 0x33
//        Firmware: v3.1.2
//        $$$
//  b / s   start / stop streaming: no reply (over the dongle)
//  x C P G I B S2 S1 X   channel settings: channel 1-8 or Q W E R T Y U I (9-16), power down, gain code 0-6
//        (x1 x2 x4 x6 x8 x12 x24), input type, bias, SRB2, SRB1. Not streaming, the board answers
//        "Success: Channel set for N$$$" or "Failure: ...$$$"; streaming, it answers nothing.
//  d   default channel settings: "updating channel settings to default$$$" when not streaming
//  c / C   8 / 16 channels: "daisy removed$$$" / "16$$$", "daisy attached16$$$" or "no daisy to attach!8$$$"
// With the board off, the dongle answers "Failure: Communications timeout - Device failed to poll Host$$$".
import { CYTON_GAINS, type CytonGain } from './cyton-format';

export const CYTON_EOT = '$$$';
export const CYTON_COMMAND = {
  softReset: 'v',
  streamStart: 'b',
  streamStop: 's',
  channelDefaults: 'd',
  channelDefaultsReport: 'D',
  use8Channels: 'c',
  use16Channels: 'C',
  channelSettingsStart: 'x',
  channelSettingsLatch: 'X',
} as const;

/** Channel selectors of the `x...X` command, channel 1 first. */
export const CYTON_CHANNEL_SELECTORS = '12345678QWERTYUI';
export const DONGLE_NO_BOARD_REPLY = 'Failure: Communications timeout - Device failed to poll Host';

export interface CytonChannelSettings {
  readonly gain: CytonGain;
  readonly powerDown?: boolean;
  /** ADS1299 input type 0-7 (0 normal electrode input). */
  readonly input?: number;
  readonly bias?: boolean;
  readonly srb2?: boolean;
  readonly srb1?: boolean;
}

/** Firmware defaults: powered, gain 24, normal input, in bias, SRB2 on, SRB1 off ("D" reports 060110). */
export const CYTON_DEFAULT_CHANNEL: Required<CytonChannelSettings> = {
  gain: 24,
  powerDown: false,
  input: 0,
  bias: true,
  srb2: true,
  srb1: false,
};

export function cytonGainCode(gain: number): string {
  const index = (CYTON_GAINS as readonly number[]).indexOf(gain);
  if (index < 0)
    throw new RangeError(`gain ${gain} is not one of the ADS1299 gains ${CYTON_GAINS.join(', ')}`);
  return String(index);
}

/** `x...X` for channel 1..16. */
export function channelSettingsCommand(channel: number, settings: CytonChannelSettings): string {
  const selector = CYTON_CHANNEL_SELECTORS[channel - 1];
  if (!Number.isInteger(channel) || selector === undefined) {
    throw new RangeError(`channel ${channel} does not exist: the Cyton has channels 1-8, with a Daisy 1-16`);
  }
  const s = { ...CYTON_DEFAULT_CHANNEL, ...settings };
  const input = s.input;
  if (!(Number.isInteger(input) && input >= 0 && input <= 7)) {
    throw new RangeError(`input type ${input} is not 0-7`);
  }
  const bit = (b: boolean) => (b ? '1' : '0');
  return `x${selector}${bit(s.powerDown)}${cytonGainCode(s.gain)}${input}${bit(s.bias)}${bit(s.srb2)}${bit(s.srb1)}X`;
}

export interface CytonBanner {
  readonly firmware: string | null;
  readonly daisy: boolean;
  /** The first line, e.g. "OpenBCI V3 8-16 channel". */
  readonly board: string | null;
}

/** What the reply to `v` says about the board; null if it is not an OpenBCI banner. */
export function parseCytonBanner(text: string): CytonBanner | null {
  const board = /OpenBCI[^\r\n$]*/.exec(text)?.[0]?.trim() ?? null;
  if (board === null && !/ADS1299 Device ID/i.test(text)) return null;
  return {
    board,
    firmware: /Firmware:\s*(v[\d.]+)/i.exec(text)?.[1] ?? null,
    daisy: /On Daisy ADS1299 Device ID/i.test(text),
  };
}

export function cytonResetBanner(options: { daisy: boolean; firmware: string }): string {
  return [
    'OpenBCI V3 8-16 channel',
    'On Board ADS1299 Device ID: 0x3E',
    ...(options.daisy ? ['On Daisy ADS1299 Device ID: 0x3E'] : []),
    'LIS3DH Device ID: 0x33',
    `Firmware: ${options.firmware}`,
    CYTON_EOT,
  ].join('\r\n'); // Arduino println ends lines with CRLF
}
