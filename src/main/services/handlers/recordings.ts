import {
  ApiError,
  MAX_LISTED_MARKERS,
  type RecordingInfo,
  type RecordingsMethods,
} from '../../../shared/api';
import type { RecordingStore } from '../../storage';
import type { RecordingTransfers } from '../recording-transfers';
import { storeCall } from '../storage-errors';
import type { DomainHandlers, ServiceContext } from './context';

/** The store, or an error that says why recordings are unavailable on this machine. */
export function requireStore(ctx: ServiceContext): RecordingStore {
  if (ctx.store) return ctx.store;
  throw new ApiError({
    code: 'unavailable',
    message: `Recordings are unavailable: ${ctx.storeProblem ?? 'the store is not open'}`,
  });
}

function requireTransfers(ctx: ServiceContext): RecordingTransfers {
  requireStore(ctx);
  return ctx.transfers!;
}

/** What the details panel shows: the stored recording with its markers and gaps. */
export function recordingInfo(store: RecordingStore, id: string): RecordingInfo {
  return storeCall(() => {
    const r = store.get(id);
    const markers = store.markers(r.id).slice(0, MAX_LISTED_MARKERS);
    const gaps = store.gaps(r.id);
    return {
      id: r.id,
      label: r.label,
      board: r.board,
      channelCount: r.channelCount,
      sampleRateHz: r.sampleRateHz,
      sampleRatesHz: r.sampleRatesHz,
      durationS: r.durationS,
      status: r.status,
      syncState: r.syncState,
      subjectCode: r.subjectCode,
      technician: r.technician,
      startedAt: r.startedAt,
      endedAt: r.endedAt,
      stopReason: r.stopReason,
      trashedAt: r.trashedAt,
      notes: r.notes,
      sourceKind: r.sourceKind,
      firmware: r.firmware,
      montage: r.montage,
      channels: r.channels.map((c) => ({
        label: c.label,
        unit: c.unit,
        sampleRateHz: c.sampleRateHz,
        gain: c.gain,
        reference: c.reference,
      })),
      segments: r.segments.map((s) => ({
        seq: s.seq,
        firstSample: s.firstSample,
        sampleCount: s.sampleCount,
        startedAt: s.startedAt,
      })),
      sampleCount: r.sampleCount,
      markerCount: r.markerCount,
      markers: markers.map((m) => ({
        id: m.id,
        atSample: m.atSample,
        durationSamples: m.durationSamples,
        label: m.label,
        source: m.source,
      })),
      gapCount: r.gapCount,
      gaps: gaps.map((g) => ({ atSample: g.atSample, missingSamples: g.missingSamples, reason: g.reason })),
    };
  });
}

export function recordingsHandlers(ctx: ServiceContext): DomainHandlers<RecordingsMethods> {
  const changed = () => ctx.events.emit('recordings.changed', { at: Date.now() });
  const edit = (id: string, fn: (store: RecordingStore) => void): RecordingInfo => {
    const store = requireStore(ctx);
    storeCall(() => fn(store));
    changed();
    return recordingInfo(store, id);
  };
  return {
    'recordings.list': (query) => storeCall(() => requireStore(ctx).list(query)),
    'recordings.get': ({ id }) => recordingInfo(requireStore(ctx), id),
    'recordings.update': ({ id, ...patch }) => edit(id, (store) => store.update(store.get(id).id, patch)),
    'recordings.trash': ({ id }) => edit(id, (store) => store.trash(store.get(id).id)),
    'recordings.restore': ({ id }) => edit(id, (store) => store.restore(store.get(id).id)),
    'recordings.emptyTrash': ({ ids }) => {
      const store = requireStore(ctx);
      const result = storeCall(() => store.emptyTrash(ids?.map((id) => store.get(id).id)));
      changed();
      return { deleted: result.deleted.length };
    },
    'recordings.overview': ({ id, columns }) => requireTransfers(ctx).overview(id, columns),
    'recordings.import': (request) => requireTransfers(ctx).startImport(request),
    'recordings.export': (request) => requireTransfers(ctx).startExport(request),
    'recordings.jobs': () => requireTransfers(ctx).jobs(),
    'recordings.cancelJob': ({ jobId }) => requireTransfers(ctx).cancel(jobId),
  };
}
