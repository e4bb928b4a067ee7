import type { Method, NoParams } from './contract';

export type SourceKind = 'demo' | 'synthetic' | 'playback' | 'serial';
export type BoardKind = 'cyton' | 'cyton-daisy' | 'thinkgear' | 'text';

/** One sine (plus optional noise) on one channel of the synthetic source. */
export interface SyntheticSignal {
  readonly channel: number;
  readonly frequencyHz: number;
  readonly amplitudeUv: number;
}

/** How a text board (Arduino and kin: one line of numbers per sample) is read; nothing of this is sent by the board. */
export interface TextBoardSettings {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  /** Microvolts per unit of the numbers sent (1 when the board sends microvolts). */
  readonly microvoltsPerUnit: number;
  /** The value that means 0 uV, e.g. 512 for a 10-bit ADC centred at mid-scale (default 0). */
  readonly zeroOffset?: number;
  /** The first number of each line is a sample counter wrapping at this modulus: lost lines become gaps. */
  readonly counterModulo?: number;
}

/** A headset on a serial port (a USB dongle, a pseudo-terminal of the simulator...). */
export interface SerialConnectRequest {
  readonly kind: 'serial';
  readonly path: string;
  readonly board: BoardKind;
  /** Instead of the board's own (Cyton 115200; ThinkGear tries 57600 then 9600; text boards 115200). */
  readonly baudRate?: number;
  /** Cyton / Daisy: gain per channel, channel 1 first (1, 2, 4, 6, 8, 12 or 24; default 24). */
  readonly gains?: readonly number[];
  /** Required for text boards, refused for the others. */
  readonly text?: TextBoardSettings;
  /** Name of a montage (built-in or saved) whose labels the channels get from the first sample. */
  readonly montage?: string;
}

export type ConnectRequest =
  | { readonly kind: 'demo' }
  | {
      readonly kind: 'synthetic';
      readonly channelCount?: number;
      readonly sampleRateHz?: number;
      readonly seed?: number;
      readonly noiseUv?: number;
      readonly signals?: readonly SyntheticSignal[];
    }
  | SerialConnectRequest
  /** A stored recording played back at its true rate (its gaps stay gaps). */
  | { readonly kind: 'playback'; readonly recordingId: string };

export type SourceState = 'idle' | 'connecting' | 'streaming' | 'lost' | 'reconnecting' | 'stopped' | 'error';

export interface SourceStatus {
  readonly state: SourceState;
  readonly kind: SourceKind | null;
  /** What the UI shows: "Demo headset (OpenBCI Cyton recording)", "/dev/ttyUSB0 - OpenBCI Cyton" ... */
  readonly label: string;
  readonly board: BoardKind | null;
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];
  /** Increments at every (re)connection; frames carry it. */
  readonly segment: number;
  /** Why the state is what it is, for lost / error states. */
  readonly message: string | null;
}

/** Counters of the current source since it was connected. Loss is counted, never hidden. */
export interface SourceStats {
  readonly samplesReceived: number;
  readonly droppedSamples: number;
  readonly gaps: number;
  readonly resyncs: number;
  readonly bytesDiscarded: number;
  readonly checksumFailures: number;
  /** Frames the UI transport skipped because the UI could not keep up (display only; recording is unaffected). */
  readonly displayFramesSkipped: number;
}

/** A labelled point in the stream, put there by the technician (keys 1-9, the marker button) or a program. */
export interface Marker {
  readonly segment: number;
  /** Sample index (in the segment's clock) the marker sits at: the newest sample received when it was placed. */
  readonly sample: number;
  readonly label: string;
  readonly source: 'key' | 'button' | 'api';
  /** Wall-clock time it was placed (metadata only; the sample index is the clock). */
  readonly atMs: number;
}

export interface AddMarkerRequest {
  readonly label: string;
  readonly source: Marker['source'];
}

export interface AcquisitionMethods {
  'source.status': Method<NoParams, SourceStatus>;
  'source.stats': Method<NoParams, SourceStats>;
  'source.connect': Method<ConnectRequest, SourceStatus>;
  'source.disconnect': Method<NoParams, SourceStatus>;
  'marker.add': Method<AddMarkerRequest, Marker>;
}

export interface AcquisitionEvents {
  'source.status': SourceStatus;
  'source.stats': SourceStats;
  'marker.added': Marker;
}
