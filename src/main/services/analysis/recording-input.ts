// A stored recording (or a time range of it) as analysis input: one Float32Array per channel, each on a buffer
// of its own so it can be transferred to the engine worker. The store is read synchronously (better-sqlite3), so
// it is read a few chunks at a time and the main event loop gets a turn whenever a slice has taken `budgetMs`.
import type { AnalyzeRecordingJson } from '../../../shared/analysis';
import { checkTimeRange, type TimeRangeS } from '../../../engine/brain/file-input';
import { boardAdcRangeUv } from '../../../engine/protocols/adc-range';
import type { AnalysisChannelWire } from '../../../engine/worker/analysis-protocol';
import type { RecordingDetail, RecordingStore } from '../../storage';
import { asRecordingId } from '../../storage';
import { cancelledError, yieldToEventLoop } from './control';

export interface ReadOptions {
  readonly onProgress?: (doneSamples: number, totalSamples: number) => void;
  readonly signal?: AbortSignal;
  /** Longest stretch of synchronous reading before the event loop gets a turn (default 8 ms). */
  readonly budgetMs?: number;
  /** Bytes read per store call (default 2 MiB: a few chunks of a 64-channel recording). */
  readonly stepBytes?: number;
}

export interface RecordingAnalysisInput {
  readonly detail: RecordingDetail;
  readonly channels: AnalysisChannelWire[];
  readonly fromSample: number;
  readonly toSample: number;
  readonly recording: Omit<AnalyzeRecordingJson, 'channels'>;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Samples the gaps of [from, to) leave out. */
function missingIn(gaps: readonly { atSample: number; missingSamples: number }[], from: number, to: number) {
  let missing = 0;
  for (const g of gaps) {
    const start = Math.max(from, g.atSample - g.missingSamples);
    const end = Math.min(to, g.atSample);
    if (end > start) missing += end - start;
  }
  return missing;
}

function adcRangeWords(detail: RecordingDetail): string {
  if (detail.board === 'cyton' || detail.board === 'cyton-daisy') {
    const gains = [...new Set(detail.channels.map((c) => c.gain ?? null))];
    const assumed = gains.includes(null) ? ' (gain 24, the board default, where no gain was stored)' : '';
    return `Cyton ADS1299 full scale at each channel's gain: +-${Math.round(4.5e6 / 24)} uV at gain 24${assumed}`;
  }
  if (detail.board === 'thinkgear') return 'ThinkGear 16-bit raw counts at 0.22 uV per count';
  return 'unknown for this source: railed fractions are not computed';
}

export async function readRecordingForAnalysis(
  store: RecordingStore,
  recordingId: string,
  range: TimeRangeS,
  options: ReadOptions = {},
): Promise<RecordingAnalysisInput> {
  const detail = store.get(store.resolveId(recordingId));
  const rate = detail.sampleRateHz;
  if (detail.sampleCount === 0) {
    throw new RangeError(`recording '${detail.label}' holds no samples yet`);
  }
  const { fromS, toS } = checkTimeRange(range, detail.sampleCount / rate);
  const fromSample = Math.round(fromS * rate);
  const toSample = Math.max(fromSample + 1, Math.min(detail.sampleCount, Math.round(toS * rate)));
  const id = asRecordingId(detail.id);
  const gaps = store.gaps(id, { fromSample, toSample });
  let capacity = toSample - fromSample - missingIn(gaps, fromSample, toSample);
  const channelCount = detail.channelCount;
  let data = Array.from({ length: channelCount }, () => new Float32Array(Math.max(1, capacity)));
  let filled = 0;
  const budgetMs = options.budgetMs ?? 8;
  const step = Math.max(
    detail.chunkSamples,
    Math.floor((options.stepBytes ?? 2 * 1024 * 1024) / (4 * channelCount) / detail.chunkSamples) *
      detail.chunkSamples,
  );
  const total = toSample - fromSample;
  let sliceStart = performance.now();
  for (let at = fromSample; at < toSample; at += step) {
    for (const block of store.readBlocks(id, { fromSample: at, toSample: Math.min(toSample, at + step) })) {
      const n = block.sampleCount;
      if (filled + n > capacity) {
        // The gap records promised fewer samples than are stored: grow to the whole range (rare, so copy).
        capacity = total;
        data = data.map((old) => {
          const grown = new Float32Array(capacity);
          grown.set(old.subarray(0, filled));
          return grown;
        });
      }
      for (let c = 0; c < channelCount; c++) {
        data[c]!.set(block.data.subarray(c * n, (c + 1) * n), filled);
      }
      filled += n;
    }
    if (performance.now() - sliceStart >= budgetMs) {
      options.onProgress?.(Math.min(toSample, at + step) - fromSample, total);
      await yieldToEventLoop();
      if (options.signal?.aborted) throw cancelledError();
      sliceStart = performance.now();
    }
  }
  options.onProgress?.(total, total);
  if (filled === 0)
    throw new RangeError(`recording '${detail.label}' has no samples between ${fromS} s and ${toS} s`);
  // Fewer samples than the gap records allowed for (a chunk lost to a crash): keep exactly what was read.
  if (filled < capacity) data = data.map((d) => d.slice(0, filled));
  const notes: string[] = [];
  if (gaps.length) {
    const missingS = (total - filled) / rate;
    notes.push(
      `${gaps.length} gap(s) in the range (${round3(missingS)} s without samples) were joined end to end; nothing was filled in.`,
    );
  }
  if (detail.status === 'interrupted') {
    notes.push(`The recording was interrupted: ${detail.stopReason ?? 'it did not stop cleanly'}.`);
  }
  if (detail.status === 'recording')
    notes.push('The recording was still in progress: analysed up to its last saved second.');
  return {
    detail,
    fromSample,
    toSample,
    channels: detail.channels.map((ch, c) => ({
      label: ch.label,
      sampleRateHz: rate,
      physicalRange: boardAdcRangeUv(detail.board, ch.gain),
      data: data[c]!,
    })),
    recording: {
      id: detail.id,
      label: detail.label,
      board: detail.board,
      sample_rates_hz: [rate],
      from_s: round3(fromSample / rate),
      to_s: round3(toSample / rate),
      duration_s: round3(filled / rate),
      gaps: gaps.length,
      missing_s: round3((total - filled) / rate),
      adc_range: adcRangeWords(detail),
      notes,
    },
  };
}
