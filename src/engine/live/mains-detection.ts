// Which mains frequency (50 or 60 Hz) carries hum in the live signal, for the display notch's "Auto" setting.
// A line is judged by its prominence: the highest PSD bin within +-1 Hz of it over the median PSD of the bins
// 2-6 Hz either side (the background there), on the raw signal. The strongest channel speaks for the
// headset, since one loose electrode is enough to fill the traces with hum.

export type MainsHz = 50 | 60;
export const MAINS_CANDIDATES_HZ: readonly MainsHz[] = [50, 60];

export interface MainsDetectionOptions {
  /** A line counts as hum when it stands this far above its background (default 10 dB). */
  readonly minProminenceDb?: number;
  /** ...and this far above the other candidate (default 3 dB), so broadband noise decides nothing. */
  readonly marginDb?: number;
  /** Consecutive updates that must agree before the detection changes (default 4: one second at 4 per s). */
  readonly confirmUpdates?: number;
}

const LINE_HALF_WIDTH_HZ = 1;
const BACKGROUND_INNER_HZ = 2;
const BACKGROUND_OUTER_HZ = 6;

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/**
 * Prominence in dB of the line at `lineHz` in one channel's PSD (bins at `frequenciesHz`, values at
 * psd[offset + k]); null when the line or its background lies beyond the spectrum or the background is zero.
 */
export function lineProminenceDb(
  frequenciesHz: ArrayLike<number>,
  psd: ArrayLike<number>,
  lineHz: number,
  offset = 0,
): number | null {
  const last = frequenciesHz[frequenciesHz.length - 1];
  if (last === undefined || last < lineHz + BACKGROUND_INNER_HZ) return null;
  let peak = 0;
  const background: number[] = [];
  for (let k = 0; k < frequenciesHz.length; k++) {
    const distance = Math.abs(frequenciesHz[k]! - lineHz);
    const p = psd[offset + k]!;
    if (distance <= LINE_HALF_WIDTH_HZ) peak = Math.max(peak, p);
    else if (distance >= BACKGROUND_INNER_HZ && distance <= BACKGROUND_OUTER_HZ) background.push(p);
  }
  if (background.length === 0) return null;
  const floor = median(background);
  if (!(floor > 0) || !(peak > 0)) return null;
  return 10 * Math.log10(peak / floor);
}

/** The candidate with hum in this spectrum (channel-major PSD, `binCount` bins per channel), or null. */
export function detectMainsInSpectrum(
  frequenciesHz: ArrayLike<number>,
  psd: ArrayLike<number>,
  channelCount: number,
  options: MainsDetectionOptions = {},
): MainsHz | null {
  const minProminenceDb = options.minProminenceDb ?? 10;
  const marginDb = options.marginDb ?? 3;
  const best = MAINS_CANDIDATES_HZ.map((hz) => {
    let strongest = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < channelCount; c++) {
      const db = lineProminenceDb(frequenciesHz, psd, hz, c * frequenciesHz.length);
      if (db !== null) strongest = Math.max(strongest, db);
    }
    return { hz, db: strongest };
  }).sort((a, b) => b.db - a.db);
  const [first, second] = best;
  if (!first || !(first.db >= minProminenceDb)) return null;
  if (second && !(first.db - second.db >= marginDb)) return null;
  return first.hz;
}

/**
 * Follows the detections of successive spectra with hysteresis: the answer changes only when the same new
 * candidate was seen `confirmUpdates` times in a row. Once hum was found, a spectrum without hum (the person
 * sits still, the notch is doing its work elsewhere) does not take the answer back to "none".
 */
export class MainsDetector {
  private current: MainsHz | null = null;
  private candidate: MainsHz | null = null;
  private streak = 0;

  constructor(private readonly options: MainsDetectionOptions = {}) {}

  get detectedHz(): MainsHz | null {
    return this.current;
  }

  /** Feeds one spectrum's verdict; returns true when the detection changed. */
  update(seen: MainsHz | null): boolean {
    if (seen === null || seen === this.current) {
      this.candidate = null;
      this.streak = 0;
      return false;
    }
    this.streak = seen === this.candidate ? this.streak + 1 : 1;
    this.candidate = seen;
    if (this.streak < (this.options.confirmUpdates ?? 4)) return false;
    this.current = seen;
    this.candidate = null;
    this.streak = 0;
    return true;
  }

  reset(): void {
    this.current = null;
    this.candidate = null;
    this.streak = 0;
  }
}
