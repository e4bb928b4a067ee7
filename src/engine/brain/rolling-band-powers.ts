// Rolling band powers for the Live page: fed with SampleBlocks, it answers several times a second with the band
// powers of every channel over the last few seconds, from the same Welch code (and parameters) as the reports.
// A block that does not continue the previous one (a gap) starts the window afresh: a gap is never bridged.
import type { SampleBlock } from '../../shared/samples';
import { ChannelRingBuffer } from '../dsp/ring-buffer';
import { WelchPlan, type WelchSettings } from '../dsp/welch';
import { DEFAULT_BANDS, type BandDefinition } from './params';
import { bandBins } from './spectrum';

export interface RollingBandPowersOptions {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  /** Span of the analysed window (default 4 s: three 2 s Welch segments at 50 % overlap). */
  readonly windowSeconds?: number;
  readonly segmentSeconds?: number;
  /** Time between updates, in samples' time (default 250 ms: four updates a second). */
  readonly updateIntervalMs?: number;
  readonly bands?: readonly BandDefinition[];
}

export interface RollingBandPowersUpdate {
  /** Sample index just after the window's last sample. */
  readonly endSample: number;
  readonly windowSamples: number;
  readonly sampleRateHz: number;
  readonly bands: readonly BandDefinition[];
  /** Channel-major: channel c, band b at [c * bands.length + b], uV^2. */
  readonly powersUv2: Float64Array;
  readonly frequenciesHz: Float64Array;
  /** PSD of the window, channel-major: channel c, bin k at [c * frequenciesHz.length + k], uV^2/Hz. */
  readonly psd: Float64Array;
  readonly welch: WelchSettings;
}

export class RollingBandPowers {
  readonly sampleRateHz: number;
  readonly windowSamples: number;
  readonly hopSamples: number;
  readonly bands: readonly BandDefinition[];
  private readonly plan: WelchPlan;
  private readonly ring: ChannelRingBuffer;
  private readonly window: Float64Array;
  private readonly bandRanges: [number, number][];
  private nextSample: number | null = null;
  private sinceUpdate = 0;

  constructor(readonly options: RollingBandPowersOptions) {
    const fs = options.sampleRateHz;
    if (!(Number.isFinite(fs) && fs > 0))
      throw new RangeError(`sample rate must be a positive number, got ${fs}`);
    this.sampleRateHz = fs;
    const segment = Math.trunc((options.segmentSeconds ?? 2) * fs);
    this.windowSamples = Math.max(segment, Math.round((options.windowSeconds ?? 4) * fs));
    this.hopSamples = Math.max(1, Math.round(((options.updateIntervalMs ?? 250) / 1000) * fs));
    this.bands = options.bands ?? DEFAULT_BANDS;
    this.plan = new WelchPlan(fs, segment, Math.floor(segment / 2));
    this.ring = new ChannelRingBuffer(options.channelCount, this.windowSamples);
    this.window = new Float64Array(this.windowSamples);
    this.bandRanges = this.bands.map((b) => bandBins(this.plan.frequenciesHz, b.lowHz, b.highHz));
  }

  /** Takes a block; returns an update when one is due and at least one Welch segment of data is held. */
  push(block: SampleBlock): RollingBandPowersUpdate | null {
    if (block.sampleRateHz !== this.sampleRateHz) {
      throw new RangeError(
        `block at ${block.sampleRateHz} Hz fed to rolling band powers at ${this.sampleRateHz} Hz`,
      );
    }
    if (this.nextSample !== null && block.firstSample !== this.nextSample) this.reset();
    this.ring.push(block);
    this.nextSample = block.firstSample + block.sampleCount;
    this.sinceUpdate += block.sampleCount;
    const held = this.ring.length;
    if (held < this.plan.segmentLength || this.sinceUpdate < this.hopSamples) return null;
    this.sinceUpdate = 0;
    return this.compute(held);
  }

  reset(): void {
    this.ring.clear();
    this.nextSample = null;
    this.sinceUpdate = 0;
  }

  private compute(held: number): RollingBandPowersUpdate {
    const channels = this.ring.channelCount;
    const bins = this.plan.binCount;
    const psd = new Float64Array(channels * bins);
    const powers = new Float64Array(channels * this.bands.length);
    const x = this.window.subarray(0, held);
    for (let c = 0; c < channels; c++) {
      this.ring.copyLatest(c, held, x);
      const out = psd.subarray(c * bins, (c + 1) * bins);
      this.plan.psdInto(x, out);
      this.bandRanges.forEach(([first, end], b) => {
        let sum = 0;
        for (let k = first; k < end; k++) sum += out[k]!;
        powers[c * this.bands.length + b] = sum * this.plan.binWidthHz;
      });
    }
    return {
      endSample: this.nextSample ?? held,
      windowSamples: held,
      sampleRateHz: this.sampleRateHz,
      bands: this.bands,
      powersUv2: powers,
      frequenciesHz: this.plan.frequenciesHz.slice(),
      psd,
      welch: this.plan.settings(held),
    };
  }
}
