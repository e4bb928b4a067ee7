import type { BoardKind } from './acquisition';
import type { Method, NoParams } from './contract';

/** A serial port of this machine, with the board it probably leads to (a guess: the handshake decides). */
export interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer: string | null;
  readonly serialNumber: string | null;
  /** USB ids as 4 hex digits, e.g. "0403" / "6015" for the OpenBCI dongle. */
  readonly vendorId: string | null;
  readonly productId: string | null;
  readonly likelyBoard: BoardKind | null;
  /** Why that board is guessed ("FTDI 0403:6015, the OpenBCI USB dongle ..."). */
  readonly why: string | null;
  /** The Linux FTDI latency timer in ms; null where there is none to read (not FTDI, not Linux, a pty). */
  readonly ftdiLatencyMs: number | null;
  /** What to do about a latency timer above 1 ms, null when it is fine or unknown. */
  readonly latencyAdvice: string | null;
}

export interface DeviceList {
  readonly serialPorts: readonly SerialPortInfo[];
  /** Why the ports could not be listed (the serialport module did not load...); null when they could. */
  readonly serialProblem: string | null;
}

/** One channel of the connected source as the technician set it up. */
export interface ChannelSetup {
  /** From 1. */
  readonly channel: number;
  readonly label: string;
  /** The board's programmable gain; null for boards without one. */
  readonly gain: number | null;
  /** false: powered down on the board or hidden from the display (see SourceSetup.channelPower). */
  readonly enabled: boolean;
}

/** Where switching a channel off takes effect. */
export type ChannelPowerControl =
  /** The board powers the channel down (the Cyton's ADS1299): it sends 0 uV until switched on again. */
  | 'board'
  /** The protocol cannot switch channels: the channel is hidden from the display and still recorded. */
  | 'display';

export interface SourceSetup {
  /** The source's label, as in SourceStatus. */
  readonly label: string;
  readonly board: BoardKind | null;
  /** What the board said about itself ("OpenBCI Cyton, firmware v3.1.2 (...)"), or the file played. */
  readonly firmware: string | null;
  readonly channels: readonly ChannelSetup[];
  /** Gains the board accepts; empty when it has no programmable gain. */
  readonly gainChoices: readonly number[];
  readonly channelPower: ChannelPowerControl;
  /** The montage whose labels the channels carry, null after labels were edited by hand or none was chosen. */
  readonly montage: string | null;
}

export interface ChannelToggleResult {
  readonly setup: SourceSetup;
  readonly appliedOn: ChannelPowerControl;
  /** What happened, in words ("Channel 3 (C3) is powered down on the board ..."). */
  readonly message: string;
}

/**
 * What a board reports besides samples, at most a few times a second (latest values). ThinkGear headsets send
 * contact quality, eSense attention/meditation and band powers once a second; the Cyton its accelerometer.
 */
export interface BoardReadings {
  readonly segment: number;
  /** Sample index (in the segment's clock) of the newest reading. */
  readonly atSample: number;
  /** ThinkGear contact quality: 0 good, 200 the sensor is off the skin; null when not reported. */
  readonly poorSignal: number | null;
  /** ThinkGear eSense 0-100 (0: not computed yet, often with poor contact). */
  readonly attention: number | null;
  readonly meditation: number | null;
  readonly blinkStrength: number | null;
  /** ThinkGear's eight on-chip band powers (delta, theta, low/high alpha, low/high beta, low/mid gamma), unitless. */
  readonly bandPowers: readonly number[] | null;
  /** Cyton accelerometer, in g. */
  readonly accelG: readonly [number, number, number] | null;
}

/** A named set of channel labels (10-20 / 10-10 names or free text), channel 1 first. */
export interface Montage {
  readonly name: string;
  readonly labels: readonly string[];
  /** Shipped with the app (resources/presets): cannot be overwritten or deleted. */
  readonly builtIn: boolean;
  readonly description: string | null;
  /** The board it was made for, if any (a hint for the montage list). */
  readonly board: BoardKind | null;
}

export interface SetGainRequest {
  /** From 1. */
  readonly channel: number;
  readonly gain: number;
}

export interface SetChannelEnabledRequest {
  readonly channel: number;
  readonly enabled: boolean;
}

export interface SetChannelLabelsRequest {
  /** One per channel, channel 1 first; fewer leaves the remaining channels as they are. */
  readonly labels: readonly string[];
  /** The montage these labels come from, or absent when edited by hand. */
  readonly montage?: string;
}

export interface SaveMontageRequest {
  readonly name: string;
  readonly labels: readonly string[];
  readonly description?: string;
  readonly board?: BoardKind;
}

export interface DevicesMethods {
  'devices.list': Method<NoParams, DeviceList>;
  /** Channels, gains and labels of the connected source; null when none is connected. */
  'source.setup': Method<NoParams, SourceSetup | null>;
  /** Cyton / Daisy: sent to the board at once (x...X), kept per channel, re-sent after a reconnection. */
  'source.setGain': Method<SetGainRequest, SourceSetup>;
  'source.setChannelEnabled': Method<SetChannelEnabledRequest, ChannelToggleResult>;
  /** Renames the channels (SourceStatus.channelLabels, so recordings started afterwards carry them). */
  'source.setChannelLabels': Method<SetChannelLabelsRequest, SourceSetup>;
  'source.applyMontage': Method<{ readonly name: string }, SourceSetup>;
  'source.readings': Method<NoParams, BoardReadings | null>;
  'montages.list': Method<NoParams, readonly Montage[]>;
  /** Saves (or replaces) a montage in the data folder; built-in names cannot be reused. */
  'montages.save': Method<SaveMontageRequest, Montage>;
  'montages.delete': Method<{ readonly name: string }, readonly Montage[]>;
}

export interface DevicesEvents {
  'source.setup': SourceSetup | null;
  /** At most 4 per second, only while a board reports something besides samples. */
  'source.readings': BoardReadings;
  'montages.changed': readonly Montage[];
}
