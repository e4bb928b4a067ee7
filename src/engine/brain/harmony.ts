// Harmony (ENGINE.md): magnitude-squared coherence of every channel pair of one sample rate, from the per-segment
// spectra of the Welch pass (the segments of scipy.signal.coherence), averaged over the band; the harmony index
// is the mean over pairs. Alpha asymmetry ln(right) - ln(left) for homologous 10-20 pairs (F3/F4, O1/O2 ...).
import { throwIfCancelled, type RunControl } from './control';
import type { AnalysisParams, BandDefinition } from './params';
import type { BandSegmentSpectra } from './spectrum';

export interface ChannelIdentity {
  readonly index: number;
  readonly label: string;
  readonly sampleRateHz: number;
  readonly sampleCount: number;
}

export interface CoherencePair {
  readonly a: string;
  readonly b: string;
  readonly aIndex: number;
  readonly bIndex: number;
  readonly sampleRateHz: number;
  /** Mean over the band's bins of |Pxy|^2 / (Pxx Pyy), 0..1; null when undefined (see reason). */
  readonly coherence: number | null;
  readonly reason: string | null;
}

export interface CoherenceGroup {
  readonly sampleRateHz: number;
  readonly sampleCount: number;
  readonly channels: readonly number[];
  readonly segmentLength: number;
  readonly overlap: number;
  readonly segmentCount: number;
  readonly binCount: number;
  readonly binWidthHz: number;
}

export interface AsymmetryEntry {
  readonly left: string;
  readonly right: string;
  readonly leftIndex: number;
  readonly rightIndex: number;
  readonly band: string;
  readonly leftPowerUv2: number;
  readonly rightPowerUv2: number;
  /** ln(right band power) - ln(left band power); null when either has no power. */
  readonly asymmetry: number | null;
  readonly reason: string | null;
}

export interface HarmonyReport {
  readonly kind: 'harmony';
  readonly band: BandDefinition;
  /** Mean coherence over the pairs that have one; null when there is none. */
  readonly index: number | null;
  readonly indexReason: string | null;
  readonly pairs: readonly CoherencePair[];
  readonly groups: readonly CoherenceGroup[];
  /** Channels that took part in no pair, and why. */
  readonly skipped: readonly { readonly index: number; readonly label: string; readonly reason: string }[];
  readonly asymmetry: readonly AsymmetryEntry[];
}

/** Coherence of every pair within groups of one rate and length. `spectra` are matched to channels by index. */
export function coherencePairs(
  channels: readonly ChannelIdentity[],
  spectra: readonly BandSegmentSpectra[],
  band: BandDefinition,
  control?: RunControl,
): Pick<HarmonyReport, 'index' | 'indexReason' | 'pairs' | 'groups' | 'skipped'> {
  const byIndex = new Map(spectra.map((s) => [s.channel, s]));
  const groups = new Map<string, ChannelIdentity[]>();
  for (const ch of channels) {
    const key = `${ch.sampleRateHz}|${ch.sampleCount}`;
    const list = groups.get(key) ?? [];
    list.push(ch);
    groups.set(key, list);
  }
  const pairs: CoherencePair[] = [];
  const groupReports: CoherenceGroup[] = [];
  const skipped: HarmonyReport['skipped'][number][] = [];
  for (const members of groups.values()) {
    const first = members[0]!;
    if (members.length < 2) {
      const sameRate = channels.filter((c) => c !== first && c.sampleRateHz === first.sampleRateHz);
      skipped.push({
        index: first.index,
        label: first.label,
        reason:
          sameRate.length === 0
            ? `no other channel at ${first.sampleRateHz} Hz (coherence pairs channels of one rate; none is resampled)`
            : `no other channel at ${first.sampleRateHz} Hz has its length of ${first.sampleCount} samples`,
      });
      continue;
    }
    const specs = members.map((m) => {
      const s = byIndex.get(m.index);
      if (!s) throw new RangeError(`no band spectra were computed for channel ${m.index} ('${m.label}')`);
      return s;
    });
    const s0 = specs[0]!;
    groupReports.push({
      sampleRateHz: first.sampleRateHz,
      sampleCount: first.sampleCount,
      channels: members.map((m) => m.index),
      segmentLength: s0.segmentLength,
      overlap: s0.overlap,
      segmentCount: s0.segmentCount,
      binCount: s0.binCount,
      binWidthHz: s0.binWidthHz,
    });
    const values = s0.segmentCount * s0.binCount;
    // Auto-spectra per channel and bin, summed over segments (the scale and 1/segments cancel in the ratio).
    const auto = specs.map((s) => {
      const a = new Float64Array(s0.binCount);
      for (let v = 0; v < values; v++) {
        const b = v % s0.binCount;
        a[b] = a[b]! + s.re[v]! * s.re[v]! + s.im[v]! * s.im[v]!;
      }
      return a;
    });
    const crossRe = new Float64Array(s0.binCount);
    const crossIm = new Float64Array(s0.binCount);
    for (let i = 0; i < specs.length; i++) {
      throwIfCancelled(control);
      for (let j = i + 1; j < specs.length; j++) {
        const x = specs[i]!;
        const y = specs[j]!;
        const a = members[i]!;
        const b = members[j]!;
        const pair = {
          a: a.label,
          b: b.label,
          aIndex: a.index,
          bIndex: b.index,
          sampleRateHz: a.sampleRateHz,
        };
        if (s0.binCount === 0) {
          pairs.push({
            ...pair,
            coherence: null,
            reason: `no PSD bin lies in ${band.lowHz}-${band.highHz} Hz`,
          });
          continue;
        }
        const silent = [a, b].find((_, n) => auto[n === 0 ? i : j]!.some((p) => !(p > 0)));
        if (silent) {
          pairs.push({
            ...pair,
            coherence: null,
            reason: `'${silent.label}' has no power in ${band.lowHz}-${band.highHz} Hz`,
          });
          continue;
        }
        crossRe.fill(0);
        crossIm.fill(0);
        const nb = s0.binCount;
        for (let v = 0; v < values; v += nb) {
          for (let k = 0; k < nb; k++) {
            const xr = x.re[v + k]!;
            const xi = x.im[v + k]!;
            const yr = y.re[v + k]!;
            const yi = y.im[v + k]!;
            crossRe[k] = crossRe[k]! + xr * yr + xi * yi;
            crossIm[k] = crossIm[k]! + xr * yi - xi * yr;
          }
        }
        let sum = 0;
        const ax = auto[i]!;
        const ay = auto[j]!;
        for (let k = 0; k < nb; k++) {
          sum += (crossRe[k]! * crossRe[k]! + crossIm[k]! * crossIm[k]!) / ax[k]! / ay[k]!;
        }
        pairs.push({ ...pair, coherence: sum / nb, reason: null });
      }
    }
  }
  const defined = pairs.flatMap((p) => (p.coherence === null ? [] : [p.coherence]));
  return {
    index: defined.length > 0 ? defined.reduce((s, v) => s + v, 0) / defined.length : null,
    indexReason:
      defined.length > 0
        ? null
        : pairs.length === 0
          ? 'no two channels share a sample rate and length'
          : 'no pair has a defined coherence',
    pairs,
    groups: groupReports,
    skipped,
  };
}

/** "EEG Fp1-REF" -> "FP1": the electrode name of a channel label, upper case. */
export function electrodeName(label: string): string {
  return (
    label
      .trim()
      .replace(/^EEG[\s_:]+/i, '')
      .split(/[-\s:/]/)[0] ?? ''
  ).toUpperCase();
}

/**
 * Scalp sites of the 10-20, 10-10 and 10-5 systems. Numbered labels outside them (a board's "Ch1"/"Ch2", the
 * A1/A2 earlobe and M1/M2 mastoid references) are not homologous electrodes.
 */
const SCALP_SITES = new Set([
  ...['FP', 'AF', 'F', 'FC', 'FT', 'C', 'CP', 'TP', 'T', 'P', 'PO', 'O', 'I'],
  ...['AFP', 'AFF', 'FFC', 'FFT', 'FCC', 'FTT', 'CCP', 'TTP', 'CPP', 'TPP', 'PPO', 'POO', 'OI'],
]);

/**
 * Homologous pairs by the 10-20/10-10 rule: odd numbers on the left, the next even number on the right
 * (F3/F4, C3/C4, P3/P4, O1/O2, F7/F8, T7/T8, T3/T4, FP1/FP2 ...). Each electrode is used once, first label wins.
 */
export function homologousPairs(labels: readonly string[]): { left: number; right: number }[] {
  const byName = new Map<string, number>();
  labels.forEach((label, i) => {
    const name = electrodeName(label);
    if (!byName.has(name)) byName.set(name, i);
  });
  const result: { left: number; right: number }[] = [];
  for (const [name, left] of byName) {
    const m = /^([A-Z]+)(\d+)$/.exec(name);
    if (!m || !SCALP_SITES.has(m[1]!)) continue;
    const n = Number(m[2]);
    if (n % 2 === 0) continue;
    const right = byName.get(`${m[1]}${n + 1}`);
    if (right !== undefined) result.push({ left, right });
  }
  return result.sort((a, b) => a.left - b.left);
}

export function alphaAsymmetry(
  channels: readonly { readonly index: number; readonly label: string }[],
  bandPowerUv2: readonly number[],
  bandName: string,
): AsymmetryEntry[] {
  return homologousPairs(channels.map((c) => c.label)).map(({ left, right }) => {
    const l = channels[left]!;
    const r = channels[right]!;
    const lp = bandPowerUv2[left]!;
    const rp = bandPowerUv2[right]!;
    const defined = lp > 0 && rp > 0;
    return {
      left: l.label,
      right: r.label,
      leftIndex: l.index,
      rightIndex: r.index,
      band: bandName,
      leftPowerUv2: lp,
      rightPowerUv2: rp,
      asymmetry: defined ? Math.log(rp) - Math.log(lp) : null,
      reason: defined ? null : `${lp > 0 ? r.label : l.label} has no ${bandName} power`,
    };
  });
}

export function harmonyReport(
  channels: readonly ChannelIdentity[],
  spectra: readonly BandSegmentSpectra[],
  asymmetryPowersUv2: readonly number[],
  params: AnalysisParams,
  control?: RunControl,
): HarmonyReport {
  const coherence = coherencePairs(channels, spectra, params.harmony.band, control);
  return {
    kind: 'harmony',
    band: params.harmony.band,
    ...coherence,
    asymmetry: alphaAsymmetry(channels, asymmetryPowersUv2, params.harmony.asymmetryBand),
  };
}
