// One recording: its overview plot with markers and gaps, what it is (channels and rates, segments, why it
// stopped), its label, subject, technician and notes to edit, and what can be done with it (export, play back,
// trash or restore).
import { useEffect, useState } from 'react';
import type { ClisonixApi, RecordingInfo } from '../../shared/api';
import { describeChannels } from '../../shared/recordings';
import { ExportDialog } from './ExportDialog';
import { errorText, formatDateTime, formatDuration } from './format';
import { OverviewCanvas } from './OverviewCanvas';

interface Draft {
  label: string;
  subjectCode: string;
  technician: string;
  notes: string;
}

const draftOf = (info: RecordingInfo): Draft => ({
  label: info.label,
  subjectCode: info.subjectCode ?? '',
  technician: info.technician ?? '',
  notes: info.notes,
});

function useRecordingInfo(api: ClisonixApi, id: string) {
  const [info, setInfo] = useState<RecordingInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.call('recordings.get', { id }).then(
        (r) => {
          if (!live) return;
          setInfo(r);
          setError(null);
        },
        (e: unknown) => live && setError(errorText(e)),
      );
    void load();
    const off = api.on('recordings.changed', () => void load());
    return () => {
      live = false;
      off();
    };
  }, [api, id]);
  return { info, error, setInfo };
}

export function RecordingDetails({ api, id }: { api: ClisonixApi; id: string }) {
  const { info, error, setInfo } = useRecordingInfo(api, id);
  /** The edits not yet saved; null while the fields show what is stored. */
  const [edits, setEdits] = useState<Draft | null>(null);
  const [saving, setSaving] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  if (error) {
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  }
  if (!info) return <p className="muted">Loading the recording…</p>;

  const draft = edits ?? draftOf(info);
  const setDraft = setEdits;
  const changed = JSON.stringify(draft) !== JSON.stringify(draftOf(info));
  const act = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      const result = await fn();
      if (result && typeof result === 'object' && 'channels' in result) setInfo(result as RecordingInfo);
    } catch (e) {
      setActionError(errorText(e));
    }
  };
  const save = async () => {
    setSaving(true);
    await act(async () => {
      const updated = await api.call('recordings.update', {
        id: info.id,
        label: draft.label,
        subjectCode: draft.subjectCode.trim() || null,
        technician: draft.technician.trim() || null,
        notes: draft.notes,
      });
      setEdits(null);
      return updated;
    });
    setSaving(false);
  };
  const trashed = info.trashedAt !== null;
  const recording = info.status === 'recording';

  return (
    <article className="recording-details" data-testid="recording-details" data-id={info.id}>
      <header className="details-head">
        <h2 data-testid="details-label">{info.label}</h2>
        <span className={`badge status-${info.status}`}>{info.status}</span>
        {trashed && <span className="badge">in the trash</span>}
        <div className="toolbar push">
          {!trashed && (
            <>
              <button type="button" disabled={recording} onClick={() => setExporting(true)}>
                Export…
              </button>
              <button
                type="button"
                disabled={recording || info.sampleCount === 0}
                title="Play it on the Live page at its true rate"
                onClick={() =>
                  void act(async () => {
                    await api.call('source.connect', { kind: 'playback', recordingId: info.id });
                    window.location.hash = '#/live';
                  })
                }
              >
                Play back
              </button>
              <button
                type="button"
                disabled={recording}
                onClick={() => void act(() => api.call('recordings.trash', { id: info.id }))}
              >
                Move to trash
              </button>
            </>
          )}
          {trashed && (
            <button
              type="button"
              onClick={() => void act(() => api.call('recordings.restore', { id: info.id }))}
            >
              Restore
            </button>
          )}
        </div>
      </header>
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      {info.stopReason && (
        <p className={info.status === 'interrupted' ? 'banner warn' : 'banner'}>{info.stopReason}</p>
      )}
      <OverviewCanvas api={api} info={info} />
      <dl className="facts">
        <dt>Started</dt>
        <dd>{formatDateTime(info.startedAt)}</dd>
        <dt>Duration</dt>
        <dd>
          {formatDuration(info.durationS)} ({info.sampleCount.toLocaleString('en-US')} samples at{' '}
          {info.sampleRateHz} Hz)
        </dd>
        <dt>Channels</dt>
        <dd title={info.channels.map((c) => `${c.label} (${c.sampleRateHz} Hz, ${c.unit})`).join(', ')}>
          {describeChannels(info)}: {info.channels.map((c) => c.label).join(', ')}
        </dd>
        <dt>Source</dt>
        <dd>
          {[info.sourceKind, info.board, info.firmware].filter(Boolean).join(' · ') || '—'}
          {info.segments.length > 1 &&
            ` · ${info.segments.length} segments (reconnected ${info.segments.length - 1}×)`}
        </dd>
        <dt>Markers</dt>
        <dd data-testid="details-markers">{info.markerCount}</dd>
        <dt>Gaps</dt>
        <dd>
          {info.gapCount === 0
            ? 'none'
            : `${info.gapCount}: ${info.gaps
                .slice(0, 5)
                .map(
                  (g) =>
                    `${g.missingSamples} samples (${g.reason}) at ${(g.atSample / info.sampleRateHz).toFixed(2)} s`,
                )
                .join('; ')}${info.gapCount > 5 ? '…' : ''}`}
        </dd>
      </dl>
      <form
        className="details-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          Label
          <input
            value={draft.label}
            maxLength={200}
            required
            onChange={(e) => setDraft({ ...draft, label: e.target.value })}
          />
        </label>
        <label>
          Subject code
          <input
            value={draft.subjectCode}
            maxLength={80}
            onChange={(e) => setDraft({ ...draft, subjectCode: e.target.value })}
          />
        </label>
        <label>
          Technician
          <input
            value={draft.technician}
            maxLength={80}
            onChange={(e) => setDraft({ ...draft, technician: e.target.value })}
          />
        </label>
        <label className="wide">
          Notes
          <textarea
            value={draft.notes}
            rows={3}
            maxLength={10_000}
            onChange={(e) => setDraft({ ...draft, notes: e.target.value })}
          />
        </label>
        <div className="dialog-actions">
          <button type="button" disabled={!changed} onClick={() => setEdits(null)}>
            Undo changes
          </button>
          <button type="submit" className="primary" disabled={!changed || saving || !draft.label.trim()}>
            Save
          </button>
        </div>
      </form>
      {info.markers.length > 0 && (
        <details className="marker-list">
          <summary>Markers ({info.markerCount})</summary>
          <ol>
            {info.markers.slice(0, 200).map((m) => (
              <li key={m.id}>
                <span className="num">{formatDuration(m.atSample / info.sampleRateHz)}</span> {m.label}{' '}
                <span className="muted">({m.source})</span>
              </li>
            ))}
          </ol>
        </details>
      )}
      {exporting && <ExportDialog api={api} info={info} onClose={() => setExporting(false)} />}
    </article>
  );
}
