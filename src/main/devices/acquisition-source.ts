// What every source of samples is to the rest of the app, whether a serial headset, the synthetic headset, the
// demo recording or playback of a stored take (BrainFlow's rule: synthetic and playback boards are ordinary boards).
import type { BoardKind, SourceKind, SourceStats } from '../../shared/api/acquisition';
import type { SampleBlock, SampleGap } from '../../shared/samples';

export interface SourceDescription {
  readonly kind: SourceKind;
  readonly label: string;
  readonly board: BoardKind | null;
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];
  /** Firmware line or file name, kept with recordings. */
  readonly detail: string | null;
  /** Amplifier gain of each channel (OpenBCI's 24x...), kept with recordings; absent when not known. */
  readonly gains?: readonly number[];
}

/** Where a running source delivers. Calls come in stream order; blocks of one segment continue one clock. */
export interface SourceSink {
  block(block: SampleBlock): void;
  gap(gap: SampleGap): void;
  /** The device went quiet or failed; what was received is kept. `reconnecting` says whether it will retry. */
  lost(reason: string, reconnecting: boolean): void;
  /** Streaming again after a loss: a new segment starts, its sample clock from 0. */
  resumed(): void;
  /** Counter changes (resyncs, discarded bytes, checksum failures...), as totals since start. */
  stats(stats: Partial<SourceStats>): void;
}

/** Per-channel settings a board takes while connected (the Cyton's ADS1299: gain, power-down). Channels from 1. */
export interface ChannelControls {
  readonly gainChoices: readonly number[];
  gains(): readonly number[];
  poweredDown(): readonly boolean[];
  setGain(channel: number, gain: number): Promise<void>;
  setChannelPower(channel: number, on: boolean): Promise<void>;
}

export interface AcquisitionSource {
  readonly description: SourceDescription;
  /** Present on boards whose channels can be set up from the host. */
  readonly controls?: ChannelControls;
  /** Resolves once samples flow; rejects with a readable error (permission, busy port, no handshake...). */
  start(sink: SourceSink): Promise<void>;
  /** Stops streaming and releases the device; idempotent. */
  stop(): Promise<void>;
}
