// What the brain engine analyses: a recording-like set of channels, each with its own sample rate (EDF files mix
// rates). Nothing is ever resampled; analyses that need one rate (coherence) pair channels of one rate only.

/** The ADC's physical range of a channel (EDF physical min/max, or a board's full scale), in microvolts. */
export interface PhysicalRange {
  readonly min: number;
  readonly max: number;
}

export interface RecordingChannel {
  readonly label: string;
  readonly sampleRateHz: number;
  /** Samples in microvolts. */
  readonly data: Float32Array;
  /** Needed for the railed fraction; without it the report says the range is unknown rather than guess. */
  readonly physicalRange?: PhysicalRange | null;
}

export interface RecordingInput {
  readonly channels: readonly RecordingChannel[];
  /** Set when the samples were filtered before analysis (e.g. "notch 50 Hz"); echoed in the report params. */
  readonly preprocessing?: string | null;
}

/** Throws a clear error for the first thing wrong with a channel (which channel, what, where). */
export function validateChannel(channel: RecordingChannel, index: number): void {
  const where = `channel ${index} ('${channel.label}')`;
  if (!(channel.data instanceof Float32Array)) throw new TypeError(`${where}: data must be a Float32Array`);
  if (!(Number.isFinite(channel.sampleRateHz) && channel.sampleRateHz > 0)) {
    throw new RangeError(`${where}: sample rate must be a positive number, got ${channel.sampleRateHz}`);
  }
  if (channel.data.length === 0) throw new RangeError(`${where}: has no samples`);
  const range = channel.physicalRange;
  if (range && !(Number.isFinite(range.min) && Number.isFinite(range.max) && range.max > range.min)) {
    throw new RangeError(
      `${where}: physical range must have finite min < max, got ${range.min}..${range.max}`,
    );
  }
}

/** Index of the first non-finite sample, or -1. */
export function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return i;
  return -1;
}

/** Channels as RecordingChannels from a planar block of one rate (a SampleBlock or a file's planar data). */
export function channelsFromPlanar(
  data: Float32Array,
  sampleCount: number,
  sampleRateHz: number,
  labels: readonly string[],
  physicalRange?: PhysicalRange | null,
): RecordingChannel[] {
  if (data.length !== sampleCount * labels.length) {
    throw new RangeError(
      `planar data of ${data.length} values is not ${labels.length} channels x ${sampleCount} samples`,
    );
  }
  return labels.map((label, c) => ({
    label,
    sampleRateHz,
    data: data.subarray(c * sampleCount, (c + 1) * sampleCount),
    physicalRange: physicalRange ?? null,
  }));
}
