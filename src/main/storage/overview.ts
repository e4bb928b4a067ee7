// The whole recording at a glance: per channel and pixel column the min and max of its samples, read stream by
// stream, a few chunks at a time. Columns without a sample (a gap) stay NaN, so the plot shows the gap.
import type { Database } from 'better-sqlite3';
import { RecordingsRepository } from './repositories/recordings';
import { layoutOf, SamplesRepository } from './repositories/samples';

export interface OverviewResult {
  readonly columns: number;
  readonly durationS: number;
  readonly secondsPerColumn: number;
  readonly channels: readonly { readonly label: string; readonly unit: string }[];
  /** Channel-major: channel c, column k -> min at (c * columns + k) * 2, max at that + 1. */
  readonly envelope: Float32Array;
}

export function computeOverview(
  db: Database,
  id: string,
  columns: number,
  onProgress: (fraction: number) => void = () => undefined,
): OverviewResult {
  const recording = new RecordingsRepository(db).get(id);
  const samples = new SamplesRepository(db);
  const durationS = recording.sampleCount / recording.sampleRateHz;
  const secondsPerColumn = durationS > 0 ? durationS / columns : 1;
  const envelope = new Float32Array(recording.channels.length * columns * 2).fill(Number.NaN);
  const total = recording.streams.reduce((n, s) => n + s.sampleCount, 0);
  let done = 0;
  for (const stream of recording.streams) {
    const layout = layoutOf(recording, stream.index);
    const columnsPerSample = 1 / (stream.sampleRateHz * secondsPerColumn);
    const step = stream.chunkSamples * 16;
    for (let from = 0; from < stream.sampleCount; from += step) {
      const to = Math.min(stream.sampleCount, from + step);
      for (const block of samples.read(layout, { fromSample: from, toSample: to })) {
        stream.channels.forEach((channel, row) => {
          const values = block.data.subarray(row * block.sampleCount, (row + 1) * block.sampleCount);
          let column = -1;
          let lo = Number.POSITIVE_INFINITY;
          let hi = Number.NEGATIVE_INFINITY;
          const put = () => {
            if (column < 0 || column >= columns || lo > hi) return;
            const at = (channel * columns + column) * 2;
            const min = envelope[at]!;
            const max = envelope[at + 1]!;
            envelope[at] = min !== min || lo < min ? lo : min;
            envelope[at + 1] = max !== max || hi > max ? hi : max;
          };
          for (let i = 0; i < values.length; i++) {
            const c = Math.min(columns - 1, Math.floor((block.firstSample + i) * columnsPerSample));
            if (c !== column) {
              put();
              column = c;
              lo = Number.POSITIVE_INFINITY;
              hi = Number.NEGATIVE_INFINITY;
            }
            const v = values[i]!;
            if (v < lo) lo = v;
            if (v > hi) hi = v;
          }
          put();
        });
      }
      done += to - from;
      onProgress(total > 0 ? done / total : 1);
    }
  }
  return {
    columns,
    durationS,
    secondsPerColumn,
    channels: recording.channels.map((c) => ({ label: c.label, unit: c.unit })),
    envelope,
  };
}
