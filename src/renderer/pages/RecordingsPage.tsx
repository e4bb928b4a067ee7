// Recordings: the searchable list, the details of the selected one, imports (file picker or drag and drop, with
// progress) and exports, and the trash (restore, or empty it after a confirmation: nothing is lost silently).
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { ClisonixApi, TransferJob } from '../../shared/api';
import type { RecordingSummary } from '../../shared/recordings';
import { serverPathOf } from '../api/files';
import { errorText, formatDuration } from '../recordings/format';
import { RecordingDetails } from '../recordings/RecordingDetails';
import { RecordingList } from '../recordings/RecordingList';
import { TransferJobs, useTransferJobs, type UploadProgress } from '../recordings/TransferJobs';

const ACCEPT = '.edf,.bdf,.rec,.txt,.csv,.tsv';

function useRecordings(api: ClisonixApi, text: string, trashed: boolean) {
  const [list, setList] = useState<readonly RecordingSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api.call('recordings.list', { trashed, ...(text.trim() && { text: text.trim() }) }).then(
        (result) => {
          if (!live) return;
          setList(result);
          setError(null);
        },
        (e: unknown) => live && setError(errorText(e)),
      );
    const timer = window.setTimeout(() => void load(), text ? 150 : 0);
    const off = api.on('recordings.changed', () => void load());
    return () => {
      live = false;
      window.clearTimeout(timer);
      off();
    };
  }, [api, text, trashed]);
  return { list, error };
}

/** Resolves when the job is no longer running. */
function jobEnded(api: ClisonixApi, job: TransferJob): Promise<TransferJob> {
  return new Promise((resolve) => {
    const end = (j: TransferJob | undefined) => {
      if (!j || j.id !== job.id || j.state === 'running') return;
      off();
      resolve(j);
    };
    const off = api.on('recordings.job', end);
    api.call('recordings.jobs', {}).then(
      (jobs) => end(jobs.find((j) => j.id === job.id)),
      () => undefined,
    );
  });
}

export function RecordingsPage({ api }: { api: ClisonixApi }) {
  const [text, setText] = useState('');
  const [trashed, setTrashed] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [uploads, setUploads] = useState<readonly UploadProgress[]>([]);
  const [dragging, setDragging] = useState(false);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [pageError, setPageError] = useState<string | null>(null);
  const { list, error } = useRecordings(api, text, trashed);
  const jobs = useTransferJobs(api);
  const picker = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());

  // The selection follows the list: a recording that left it (trashed, filtered out) hands over to the first.
  const shown = list?.some((r) => r.id === selected) ? selected : (list?.[0]?.id ?? null);

  /** Uploads (browser mode) then imports each file, one after the other: an import holds the database. */
  const importFiles = useCallback(
    (files: readonly File[]) => {
      for (const file of files) {
        const id = `${file.name}-${Date.now()}-${Math.random()}`;
        setUploads((u) => [...u, { id, name: file.name, fraction: 0, error: null }]);
        const update = (patch: Partial<UploadProgress>) =>
          setUploads((u) => u.map((x) => (x.id === id ? { ...x, ...patch } : x)));
        queue.current = queue.current.then(async () => {
          try {
            const path = await serverPathOf(api, file, (fraction) => update({ fraction }));
            setUploads((u) => u.filter((x) => x.id !== id));
            const job = await api.call('recordings.import', { path });
            const ended = await jobEnded(api, job);
            if (ended.state === 'done' && ended.recordingId) {
              setTrashed(false);
              setSelected(ended.recordingId);
            }
          } catch (e) {
            update({ error: errorText(e) });
          }
        });
      }
    },
    [api],
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    importFiles([...event.dataTransfer.files]);
  };

  const trashTotal = trashed && list ? list.reduce((s, r) => s + r.durationS, 0) : 0;

  return (
    <section
      className={`page recordings-page${dragging ? ' dragging' : ''}`}
      aria-labelledby="recordings-title"
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="page-header">
        <h1 id="recordings-title">Recordings</h1>
        <input
          type="search"
          aria-label="Search recordings"
          placeholder="Search label, subject, technician, notes"
          value={text}
          size={32}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="segmented" role="group" aria-label="Which recordings">
          <button type="button" aria-pressed={!trashed} onClick={() => setTrashed(false)}>
            Recordings
          </button>
          <button type="button" aria-pressed={trashed} onClick={() => setTrashed(true)}>
            Trash
          </button>
        </div>
        <div className="toolbar push">
          {trashed ? (
            <button type="button" disabled={!list?.length} onClick={() => setConfirmEmpty(true)}>
              Empty trash…
            </button>
          ) : (
            <button type="button" onClick={() => picker.current?.click()}>
              Import…
            </button>
          )}
          <input
            ref={picker}
            type="file"
            hidden
            multiple
            accept={ACCEPT}
            aria-label="Files to import"
            data-testid="import-input"
            onChange={(e) => {
              importFiles([...(e.target.files ?? [])]);
              e.target.value = '';
            }}
          />
        </div>
      </header>
      <TransferJobs api={api} jobs={jobs} uploads={uploads} />
      {pageError && (
        <p className="error" role="alert">
          {pageError}
        </p>
      )}
      {error && (
        <p className="banner error" role="alert">
          {error}
        </p>
      )}
      <div className="recordings-body">
        <div className="recordings-list-pane">
          {list === null && !error && <p className="muted">Loading…</p>}
          {list?.length === 0 && (
            <p className="empty" data-testid="recordings-empty">
              {trashed
                ? 'The trash is empty.'
                : text
                  ? `No recording matches "${text}".`
                  : 'No recordings yet. Record from the Live page, or import EDF, BDF, OpenBCI or CSV files: drop them here or use Import….'}
            </p>
          )}
          {list && list.length > 0 && (
            <RecordingList recordings={list} selectedId={shown} onSelect={setSelected} trashed={trashed} />
          )}
          {!trashed && (
            <p className="drop-hint muted">
              Drop EDF, BDF, OpenBCI GUI or CSV files anywhere here to import them.
            </p>
          )}
        </div>
        <div className="recordings-details-pane">
          {shown ? (
            <RecordingDetails key={shown} api={api} id={shown} />
          ) : (
            list && list.length > 0 && <p className="muted">Select a recording to see it.</p>
          )}
        </div>
      </div>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop to import
        </div>
      )}
      {confirmEmpty && list && (
        <div className="overlay" role="presentation" onClick={() => setConfirmEmpty(false)}>
          <div
            className="card dialog"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby="empty-title"
            onClick={(e) => e.stopPropagation()}
          >
            <h2 id="empty-title">Empty the trash?</h2>
            <p>
              {list.length} recording{list.length === 1 ? '' : 's'} ({formatDuration(trashTotal)} of signal)
              will be deleted for good. This cannot be undone.
            </p>
            <div className="dialog-actions">
              <button type="button" autoFocus onClick={() => setConfirmEmpty(false)}>
                Keep them
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setConfirmEmpty(false);
                  api.call('recordings.emptyTrash', {}).then(
                    () => setSelected(null),
                    (e: unknown) => setPageError(errorText(e)),
                  );
                }}
              >
                Delete for good
              </button>
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
