// The Live page's display filter: a causal band-pass (and mains notch) run on the frames sent to the UI only.
// Recordings and every other consumer keep the raw signal. State is carried from block to block per channel,
// so the output does not depend on how the stream was cut into blocks, and starts afresh at a new segment or
// after a gap (a gap is never bridged).
import type { SampleBlock } from '../../shared/samples';
import type { AppliedDisplayFilter, LiveDisplaySettings } from '../../shared/api/live';
import {
  DEFAULT_BANDPASS,
  DEFAULT_NOTCH_QUALITY,
  designButterworthBandPass,
  designNotch,
  sosFromRows,
  sosRows,
  type SecondOrderSections,
} from '../dsp/iir-design';
import { SosFilter } from '../dsp/sos-filter';

/** The first-order DC blocker the UI applies to raw frames (src/renderer/live/sample-ring.ts). */
export const RAW_DISPLAY_HIGHPASS_HZ = 0.5;

export interface DisplayFilterPlan {
  readonly bandPass: { readonly lowHz: number; readonly highHz: number; readonly order: number } | null;
  readonly notchHz: number | null;
}

/**
 * Resolves the settings against the source's sample rate and the detected mains frequency: which filters run,
 * how the UI describes them, and why a chosen part does not run.
 */
export function planDisplayFilter(
  settings: LiveDisplaySettings,
  sampleRateHz: number,
  detectedMainsHz: 50 | 60 | null,
): { plan: DisplayFilterPlan; applied: AppliedDisplayFilter } {
  const raw = (note: string | null) => ({
    plan: { bandPass: null, notchHz: null },
    applied: {
      filtered: false,
      bandPass: null,
      notchHz: null,
      description: `Raw signal (${RAW_DISPLAY_HIGHPASS_HZ} Hz DC blocker)`,
      note,
    },
  });
  if (settings.filter === 'off') return raw(null);
  // Before a source says its rate, the plan is what the settings ask for.
  const nyquist = sampleRateHz > 0 ? sampleRateHz / 2 : Number.POSITIVE_INFINITY;
  const notes: string[] = [];
  const { lowHz, highHz, order } = DEFAULT_BANDPASS;
  const bandPass = highHz < nyquist ? { lowHz, highHz, order } : null;
  if (!bandPass) {
    notes.push(
      `the ${lowHz}-${highHz} Hz band-pass needs a sample rate above ${2 * highHz} Hz (this source: ${sampleRateHz} Hz)`,
    );
  }
  let notchHz: number | null = null;
  let notchWord = '';
  if (settings.filter === 'band-pass-notch') {
    const wanted = settings.mains === 'auto' ? detectedMainsHz : settings.mains;
    notchWord = settings.mains === 'auto' ? ' (auto)' : '';
    if (wanted === null) {
      notes.push('no mains hum found yet, so no notch is applied');
    } else if (wanted < nyquist) {
      notchHz = wanted;
    } else {
      notes.push(
        `a ${wanted} Hz notch needs a sample rate above ${2 * wanted} Hz (this source: ${sampleRateHz} Hz)`,
      );
    }
  }
  if (!bandPass && notchHz === null) return raw(notes.join('; '));
  const parts = [
    ...(bandPass ? [`${bandPass.lowHz}-${bandPass.highHz} Hz band-pass`] : []),
    ...(notchHz !== null ? [`${notchHz} Hz notch${notchWord}`] : []),
  ];
  return {
    plan: { bandPass, notchHz },
    applied: {
      filtered: true,
      bandPass,
      notchHz,
      description: parts.join(' + '),
      note: notes.length ? notes.join('; ') : null,
    },
  };
}

/** Band-pass sections followed by the notch section, as one cascade. Null when the plan filters nothing. */
export function displayFilterSections(
  plan: DisplayFilterPlan,
  sampleRateHz: number,
): SecondOrderSections | null {
  const rows: number[][] = [];
  if (plan.bandPass) {
    const { lowHz, highHz, order } = plan.bandPass;
    rows.push(...sosRows(designButterworthBandPass(sampleRateHz, lowHz, highHz, order).sos));
  }
  if (plan.notchHz !== null) {
    rows.push(...sosRows(designNotch(plan.notchHz, sampleRateHz, DEFAULT_NOTCH_QUALITY).sos));
  }
  return rows.length ? sosFromRows(rows) : null;
}

/**
 * Time after a reset during which the display shows no samples: the chain collects them, starts each channel
 * from the steady state of their mean and runs them through, unseen. 0.1 s holds whole periods of both 50 Hz
 * (5) and 60 Hz (6), so mains hum does not shift that mean, and a board's DC offset (tens of mV on a Cyton)
 * then causes no step response on screen.
 */
export const DISPLAY_FILTER_SETTLE_SECONDS = 0.1;

/**
 * Filters blocks of one stream. Each block comes back as a new block (the input is never written to, since
 * other consumers hold it). At a new segment, after a gap or reset(), the first DISPLAY_FILTER_SETTLE_SECONDS
 * of samples come back as NaN (a break in the traces) while the chain settles on them. The output depends only
 * on the samples up to it, never on how the stream was cut into blocks.
 */
export class DisplayFilterChain {
  readonly sections: SecondOrderSections;
  readonly settleSamples: number;
  private readonly filter: SosFilter;
  /** Channel-major samples collected since the last reset, while settling. */
  private readonly settling: Float32Array;
  private settled = 0;
  private segment: number | null = null;
  private nextSample: number | null = null;

  constructor(
    readonly plan: DisplayFilterPlan,
    readonly channelCount: number,
    readonly sampleRateHz: number,
  ) {
    const sections = displayFilterSections(plan, sampleRateHz);
    if (!sections) throw new RangeError('the display filter plan filters nothing');
    this.sections = sections;
    this.filter = new SosFilter(sections, channelCount);
    this.settleSamples = Math.max(1, Math.round(DISPLAY_FILTER_SETTLE_SECONDS * sampleRateHz));
    this.settling = new Float32Array(channelCount * this.settleSamples);
  }

  /** True when blocks of this shape can go through this chain. */
  fits(block: SampleBlock): boolean {
    return block.channelCount === this.channelCount && block.sampleRateHz === this.sampleRateHz;
  }

  process(block: SampleBlock, segment: number): SampleBlock {
    if (!this.fits(block)) {
      throw new RangeError(
        `block of ${block.channelCount} channels at ${block.sampleRateHz} Hz given to a display filter for ` +
          `${this.channelCount} channels at ${this.sampleRateHz} Hz`,
      );
    }
    const n = block.sampleCount;
    const data = new Float32Array(block.data);
    if (n === 0) return { ...block, data };
    if (segment !== this.segment || block.firstSample !== this.nextSample) this.settled = 0;
    this.segment = segment;
    this.nextSample = block.firstSample + n;
    // Settling: keep the samples, show none of them.
    const take = Math.min(n, this.settleSamples - this.settled);
    if (take > 0) {
      const k = this.settleSamples;
      for (let c = 0; c < this.channelCount; c++) {
        const row = data.subarray(c * n, c * n + take);
        this.settling.set(row, c * k + this.settled);
        row.fill(Number.NaN);
      }
      this.settled += take;
      if (this.settled === k) this.settle();
    }
    if (take === n) return { ...block, data };
    for (let c = 0; c < this.channelCount; c++) {
      const rest = data.subarray(c * n + take, (c + 1) * n);
      this.filter.process(rest, rest, c);
    }
    return { ...block, data };
  }

  /** Forget the past: the next block starts settling afresh whatever its position (after a gap, say). */
  reset(): void {
    this.segment = null;
    this.nextSample = null;
    this.settled = 0;
  }

  /** Starts each channel from the steady state of its settling samples' mean and runs them through. */
  private settle(): void {
    const k = this.settleSamples;
    const scratch = new Float64Array(k);
    for (let c = 0; c < this.channelCount; c++) {
      const samples = this.settling.subarray(c * k, (c + 1) * k);
      let sum = 0;
      for (let i = 0; i < k; i++) sum += samples[i]!;
      this.filter.settle(c, sum / k);
      this.filter.process(samples, scratch, c);
    }
  }
}
