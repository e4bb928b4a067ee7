// A stored recording as an ExportSource for the EDF+/BDF+/CSV writers, read window by window so an hour of
// 64 channels never sits in memory. The export's time line is the recording's clock with the time the device was
// away between segments (a reconnection) put back as a gap, so the file says when each sample was taken; stored
// gaps stay gaps, markers become annotations. Signals of a mixed-rate import keep their own rates.
import type { Database } from 'better-sqlite3';
import type {
  ExportAnnotation,
  ExportGap,
  ExportSignal,
  ExportSource,
  ExportWindow,
  PatientInput,
  RecordingInput,
} from '../../engine/formats';
import { AnnotationsRepository } from './repositories/annotations';
import { RecordingsRepository } from './repositories/recordings';
import { layoutOf, SamplesRepository } from './repositories/samples';
import type { RecordingDetail, StoredStream } from './types';

/** Reason written in the gap annotation for the time between two segments (the device was away). */
export const RECONNECT_REASON = 'reconnect';

/** One segment of a stream: where it sits on the stream's clock and on the export's time line. */
interface Placement {
  readonly clockFrom: number;
  readonly clockTo: number;
  readonly timelineFrom: number;
}

export interface StoreExport {
  readonly recording: RecordingDetail;
  readonly source: ExportSource;
  /** For the EDF+ header: the wall clock of the first sample and the identity fields. */
  readonly start: { readonly epochMs: number; readonly utcOffsetMinutes: number };
  readonly patient: PatientInput;
  readonly recordingInfo: RecordingInput;
  /** Samples the writer will ask for in all (for progress). */
  readonly totalSamples: number;
}

const BOARD_NAMES: Record<string, string> = {
  cyton: 'OpenBCI Cyton',
  'cyton-daisy': 'OpenBCI Cyton+Daisy',
  thinkgear: 'NeuroSky ThinkGear',
  text: 'Text board',
};

export function storeExportSource(db: Database, id: string): StoreExport {
  const recording = new RecordingsRepository(db).get(id);
  const samples = new SamplesRepository(db);
  const annotations = new AnnotationsRepository(db);
  const rate0 = recording.sampleRateHz;
  const segments = [...recording.segments].sort((a, b) => a.seq - b.seq);

  // Seconds the device was away before each segment (none before the first, none for a clock that never left).
  const pausesS = segments.map((seg, k) => {
    const prev = segments[k - 1];
    if (!prev) return 0;
    const awayMs = seg.startedAt - (prev.startedAt + (prev.sampleCount / rate0) * 1000);
    return awayMs > 500 / rate0 ? awayMs / 1000 : 0;
  });

  const placementsOf = (stream: StoredStream): Placement[] => {
    const rate = stream.sampleRateHz;
    if (segments.length === 0) return [{ clockFrom: 0, clockTo: stream.sampleCount, timelineFrom: 0 }];
    let shift = 0;
    return segments.map((seg, k) => {
      shift += Math.round(pausesS[k]! * rate);
      const clockFrom = Math.round((seg.firstSample / rate0) * rate);
      const next = segments[k + 1];
      const clockTo = next ? Math.round((next.firstSample / rate0) * rate) : stream.sampleCount;
      return { clockFrom, clockTo: Math.max(clockFrom, clockTo), timelineFrom: clockFrom + shift };
    });
  };
  const placements = recording.streams.map(placementsOf);
  const toTimeline0 = (clock: number): number => {
    const p = placements[0]!;
    const at = p.findLast((x) => x.clockFrom <= clock) ?? p[0]!;
    return clock - at.clockFrom + at.timelineFrom;
  };

  const signals: ExportSignal[] = recording.channels.map((c) => {
    const stream = recording.streams[c.stream]!;
    const last = placements[c.stream]!.at(-1)!;
    return {
      label: c.label,
      sampleRateHz: stream.sampleRateHz,
      unit: c.unit,
      sampleCount: last.timelineFrom + (last.clockTo - last.clockFrom),
    };
  });

  const gaps: ExportGap[] = [
    ...annotations.gaps(id).map((g) => ({
      startS: toTimeline0(g.atSample - g.missingSamples) / rate0,
      durationS: g.missingSamples / rate0,
      reason: g.reason,
    })),
    ...placements[0]!.flatMap((p, k) =>
      pausesS[k]! > 0
        ? [
            {
              startS: (p.timelineFrom - Math.round(pausesS[k]! * rate0)) / rate0,
              durationS: Math.round(pausesS[k]! * rate0) / rate0,
              reason: RECONNECT_REASON,
            },
          ]
        : [],
    ),
  ].sort((a, b) => a.startS - b.startS);

  const exportAnnotations: ExportAnnotation[] = annotations.markers(id).map((m) => ({
    onsetS: toTimeline0(m.atSample) / rate0,
    durationS: m.durationSamples / rate0,
    text: m.label,
  }));

  const rowOf = recording.channels.map((c) => recording.streams[c.stream]!.channels.indexOf(c.index));

  const read = (window: ExportWindow): Float32Array[] => {
    const out = signals.map((_, i) => new Float32Array(window.sampleCount[i]!).fill(Number.NaN));
    // Signals of one stream are asked for the same stretch: one store read serves them all.
    const done = new Set<string>();
    recording.channels.forEach((c, i) => {
      const first = window.firstSample[i]!;
      const count = window.sampleCount[i]!;
      const key = `${c.stream}:${first}:${count}`;
      if (done.has(key) || count === 0) return;
      done.add(key);
      const members = recording.channels.flatMap((m, j) =>
        m.stream === c.stream && window.firstSample[j] === first && window.sampleCount[j] === count
          ? [j]
          : [],
      );
      const layout = layoutOf(recording, c.stream);
      for (const p of placements[c.stream]!) {
        const from = Math.max(first, p.timelineFrom);
        const to = Math.min(first + count, p.timelineFrom + (p.clockTo - p.clockFrom));
        if (from >= to) continue;
        const clockFrom = from - p.timelineFrom + p.clockFrom;
        for (const block of samples.read(layout, {
          fromSample: clockFrom,
          toSample: clockFrom + (to - from),
        })) {
          const at = block.firstSample - p.clockFrom + p.timelineFrom - first;
          for (const j of members) {
            const row = rowOf[j]!;
            out[j]!.set(block.data.subarray(row * block.sampleCount, (row + 1) * block.sampleCount), at);
          }
        }
      }
    });
    return out;
  };

  const firstSegment = segments[0];
  const startMs = firstSegment?.startedAt ?? recording.startedAt;
  return {
    recording,
    source: { signals, gaps, annotations: exportAnnotations, read },
    start: { epochMs: startMs, utcOffsetMinutes: -new Date(startMs).getTimezoneOffset() },
    patient: { code: recording.subjectCode },
    recordingInfo: {
      technician: recording.technician,
      equipment: recording.board ? (BOARD_NAMES[recording.board] ?? recording.board) : recording.firmware,
    },
    totalSamples: signals.reduce((n, s) => n + s.sampleCount, 0),
  };
}
