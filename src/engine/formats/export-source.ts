// What the exporters read: signals on one timeline (seconds from the first sample, gaps included), pulled in
// windows so a one-hour recording never has to be in memory. The app implements it over the store; the
// in-memory `planarExportSource` serves tests, small recordings and the CLI.
import type { SampleGap } from '../../shared/samples';

export interface ExportSignal {
  readonly label: string;
  readonly sampleRateHz: number;
  /** Unit of the values `read` returns: "uV" for EEG (any voltage unit works), else e.g. "degC". */
  readonly unit: string;
  /** Samples on the timeline, gaps included: sample i is at i / sampleRateHz seconds. */
  readonly sampleCount: number;
  readonly transducer?: string;
  readonly prefilter?: string;
}

/** A stretch of the timeline without data (the samples there read as NaN). */
export interface ExportGap {
  readonly startS: number;
  readonly durationS: number;
  readonly reason?: string;
}

export interface ExportAnnotation {
  /** Seconds after the first sample. */
  readonly onsetS: number;
  readonly durationS: number;
  readonly text: string;
}

/** Per signal, `sampleCount[i]` samples starting at `firstSample[i]` (always inside 0..signals[i].sampleCount). */
export interface ExportWindow {
  readonly firstSample: readonly number[];
  readonly sampleCount: readonly number[];
}

export interface ExportSource {
  readonly signals: readonly ExportSignal[];
  readonly gaps: readonly ExportGap[];
  readonly annotations: readonly ExportAnnotation[];
  /** The samples of a window, one array per signal, NaN inside gaps and nowhere else. */
  read(window: ExportWindow): readonly Float32Array[] | Promise<readonly Float32Array[]>;
  /**
   * Known min/max of each signal (in its unit, gaps excluded); without it the writer reads everything twice. With
   * it, a value outside the promised range fails the export, and NaN is written as filler without the gap check.
   */
  readonly ranges?: readonly { readonly min: number; readonly max: number }[];
}

export interface PlanarRecording {
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];
  /** Recorded samples per channel (gaps not included). */
  readonly sampleCount: number;
  /** Planar microvolts: channel c, recorded sample i at data[c * sampleCount + i]. */
  readonly data: Float32Array;
  /** Samples lost before recorded sample `atSample`, as the acquisition reported them. */
  readonly gaps?: readonly SampleGap[];
  /** Onsets in seconds after the first sample on the timeline (gaps included). */
  readonly annotations?: readonly ExportAnnotation[];
  readonly unit?: string;
}

/** Where each run of recorded samples sits on the timeline. */
interface Run {
  readonly timelineStart: number;
  readonly recordedStart: number;
  readonly length: number;
}

function runsOf(sampleCount: number, gaps: readonly SampleGap[]): Run[] {
  const sorted = [...gaps].filter((g) => g.missingSamples > 0).sort((a, b) => a.atSample - b.atSample);
  const runs: Run[] = [];
  let recorded = 0;
  let shift = 0;
  for (const gap of sorted) {
    const at = Math.min(Math.max(gap.atSample, recorded), sampleCount);
    if (at > recorded)
      runs.push({ timelineStart: recorded + shift, recordedStart: recorded, length: at - recorded });
    recorded = at;
    shift += gap.missingSamples;
  }
  if (sampleCount > recorded) {
    runs.push({ timelineStart: recorded + shift, recordedStart: recorded, length: sampleCount - recorded });
  }
  return runs;
}

/** Timeline position (in samples) of recorded sample `recordedSample` once `gaps` are put back. */
export function timelineSample(recordedSample: number, gaps: readonly SampleGap[]): number {
  return (
    recordedSample +
    gaps.filter((g) => g.atSample <= recordedSample).reduce((n, g) => n + g.missingSamples, 0)
  );
}

/** An ExportSource over one planar recording at a single rate, with its acquisition gaps put back as NaN. */
export function planarExportSource(rec: PlanarRecording): ExportSource {
  const gaps = rec.gaps ?? [];
  const runs = runsOf(rec.sampleCount, gaps);
  const last = runs[runs.length - 1];
  const timelineLength = last ? last.timelineStart + last.length : 0;
  const channels = rec.channelLabels.length;
  if (rec.data.length !== channels * rec.sampleCount) {
    throw new RangeError(
      `recording holds ${rec.data.length} values, expected ${channels} x ${rec.sampleCount}`,
    );
  }
  let shift = 0;
  const exportGaps: ExportGap[] = [...gaps]
    .filter((g) => g.missingSamples > 0)
    .sort((a, b) => a.atSample - b.atSample)
    .map((g) => {
      const start = g.atSample + shift;
      shift += g.missingSamples;
      return {
        startS: start / rec.sampleRateHz,
        durationS: g.missingSamples / rec.sampleRateHz,
        reason: g.reason,
      };
    });
  return {
    signals: rec.channelLabels.map((label) => ({
      label,
      sampleRateHz: rec.sampleRateHz,
      unit: rec.unit ?? 'uV',
      sampleCount: timelineLength,
    })),
    gaps: exportGaps,
    annotations: rec.annotations ?? [],
    read(window) {
      return rec.channelLabels.map((_, c) => {
        const first = window.firstSample[c]!;
        const count = window.sampleCount[c]!;
        const channel = rec.data.subarray(c * rec.sampleCount, (c + 1) * rec.sampleCount);
        const whole = runs.find(
          (r) => r.timelineStart <= first && first + count <= r.timelineStart + r.length,
        );
        if (whole) {
          const src = whole.recordedStart + (first - whole.timelineStart);
          return channel.slice(src, src + count);
        }
        const out = new Float32Array(count).fill(Number.NaN);
        for (const run of runs) {
          const from = Math.max(first, run.timelineStart);
          const to = Math.min(first + count, run.timelineStart + run.length);
          if (from >= to) continue;
          const src = run.recordedStart + (from - run.timelineStart);
          out.set(channel.subarray(src, src + (to - from)), from - first);
        }
        return out;
      });
    },
  };
}
