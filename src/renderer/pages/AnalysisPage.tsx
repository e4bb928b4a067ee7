// The Analysis page: choose a stored recording or the bundled sample and a time range, run the brain engine with
// progress and cancel, read the report (and earlier reports of a recording), save it as PNG or print it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  ApiError,
  type AnalysisJobStatus,
  type AnalysisSample,
  type AnalysisSource,
  type AnalysisSummary,
  type AnalysisView,
  type ClisonixApi,
  type EngineStatus,
} from '../../shared/api';
import type { RecordingSummary } from '../../shared/recordings';
import { compact, percent, seconds } from '../analysis/format';
import { RangePicker, type RangeValue } from '../analysis/RangePicker';
import { ReportView } from '../analysis/ReportView';

type SourceChoice =
  | { readonly kind: 'sample'; readonly key: string; readonly sample: AnalysisSample }
  | { readonly kind: 'recording'; readonly key: string; readonly recording: RecordingSummary };

/** What the page shows again when the technician comes back to it (the services keep running the job meanwhile). */
const remembered: {
  key: string | null;
  range: RangeValue;
  job: AnalysisJobStatus | null;
  view: AnalysisView | null;
} = { key: null, range: { from: '', to: '' }, job: null, view: null };

const PHASE_WORDS: Record<AnalysisJobStatus['phase'], string> = {
  waiting: 'Waiting for the engine (another analysis runs first)',
  reading: 'Reading the samples',
  analysing: 'Analysing in the engine worker',
  saving: 'Saving the report',
  finished: 'Finished',
};

function messageOf(error: unknown): string {
  return error instanceof ApiError || error instanceof Error ? error.message : String(error);
}

function durationOf(choice: SourceChoice): number {
  return choice.kind === 'sample' ? choice.sample.durationS : choice.recording.durationS;
}

function describeChoice(choice: SourceChoice): string {
  if (choice.kind === 'sample') {
    const s = choice.sample;
    return `${s.label} (bundled, ${s.channelCount} ch, ${compact(s.sampleRateHz)} Hz, ${seconds(s.durationS)})`;
  }
  const r = choice.recording;
  const when = new Date(r.startedAt).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' });
  return `${r.label} (${when}, ${r.channelCount} ch, ${compact(r.sampleRateHz)} Hz, ${seconds(r.durationS)}${r.status === 'complete' ? '' : `, ${r.status}`})`;
}

/** The range as numbers, or the reason it cannot be used. */
function parseRange(range: RangeValue, durationS: number): { fromS?: number; toS?: number } | string {
  const from = range.from.trim() === '' ? undefined : Number(range.from);
  const to = range.to.trim() === '' ? undefined : Number(range.to);
  if (from !== undefined && !(Number.isFinite(from) && from >= 0))
    return 'From must be a number of seconds, 0 or more.';
  if (to !== undefined && !(Number.isFinite(to) && to > 0)) return 'To must be a number of seconds above 0.';
  if ((from ?? 0) >= durationS)
    return `From must be before the end of the recording (${compact(durationS)} s).`;
  if (to !== undefined && to <= (from ?? 0)) return 'To must be after From.';
  return {
    ...(from !== undefined && { fromS: from }),
    ...(to !== undefined && { toS: Math.min(to, durationS) }),
  };
}

export function AnalysisPage({ api, engine }: { api: ClisonixApi; engine: EngineStatus | null }) {
  const [samples, setSamples] = useState<readonly AnalysisSample[]>([]);
  const [recordings, setRecordings] = useState<readonly RecordingSummary[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [key, setKey] = useState<string | null>(remembered.key);
  const [range, setRange] = useState<RangeValue>(remembered.range);
  const [job, setJob] = useState<AnalysisJobStatus | null>(remembered.job);
  const [view, setView] = useState<AnalysisView | null>(remembered.view);
  const [stored, setStored] = useState<readonly AnalysisSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    Object.assign(remembered, { key, range, job, view });
  }, [key, range, job, view]);

  const loadSources = useCallback(() => {
    api.call('analysis.samples', {}).then(setSamples, (e: unknown) => setListError(messageOf(e)));
    api.call('recordings.list', {}).then(
      (list) => {
        setRecordings(list);
        setListError(null);
      },
      (e: unknown) => {
        setRecordings([]);
        setListError(messageOf(e));
      },
    );
  }, [api]);

  useEffect(() => {
    loadSources();
    return api.on('recordings.changed', () => loadSources());
  }, [api, loadSources]);

  const choices = useMemo<SourceChoice[]>(
    () => [
      ...(recordings ?? []).map((recording): SourceChoice => ({
        kind: 'recording',
        key: `rec:${recording.id}`,
        recording,
      })),
      ...samples.map((sample): SourceChoice => ({ kind: 'sample', key: `sample:${sample.id}`, sample })),
    ],
    [recordings, samples],
  );
  const choice = choices.find((c) => c.key === key) ?? choices[0] ?? null;

  const loadResult = useCallback(
    (status: AnalysisJobStatus) => {
      api
        .call('analysis.result', { jobId: status.jobId })
        .then(setView, (e: unknown) => setError(messageOf(e)));
    },
    [api],
  );

  // Follow this page's job; pick it up again after a reconnection or coming back to the page.
  useEffect(() => {
    const off = api.on('analysis.job', (status) => {
      setJob((current) => {
        if (!current || current.jobId !== status.jobId) return current;
        if (status.state === 'done' && current.state !== 'done') loadResult(status);
        return status;
      });
    });
    if (remembered.job && remembered.job.endedAt === null) {
      const jobId = remembered.job.jobId;
      api.call('analysis.jobs', {}).then(
        (jobs) => {
          const now = jobs.find((j) => j.jobId === jobId);
          if (!now) return;
          setJob(now);
          if (now.state === 'done') loadResult(now);
        },
        () => undefined,
      );
    }
    return off;
  }, [api, loadResult]);

  const recordingId = choice?.kind === 'recording' ? choice.recording.id : null;
  const jobState = job?.state;
  useEffect(() => {
    let current = true;
    const list: Promise<readonly AnalysisSummary[]> = recordingId
      ? api.call('analysis.list', { recordingId })
      : Promise.resolve([]);
    list.then(
      (l) => current && setStored(l),
      () => current && setStored([]),
    );
    return () => {
      current = false;
    };
  }, [api, recordingId, jobState]);

  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  const parsed = choice ? parseRange(range, durationOf(choice)) : 'Choose what to analyse.';

  const run = async () => {
    if (!choice || typeof parsed === 'string') return;
    setError(null);
    setBusy(true);
    const source: AnalysisSource =
      choice.kind === 'sample'
        ? { file: choice.sample.file, ...parsed }
        : { recordingId: choice.recording.id, ...parsed };
    try {
      setJob(await api.call('analysis.run', { source }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const cancel = () => {
    if (!job) return;
    api.call('analysis.cancel', { jobId: job.jobId }).catch((e: unknown) => setError(messageOf(e)));
  };

  const openStored = (id: number) => {
    setError(null);
    api.call('analysis.get', { id }).then(setView, (e: unknown) => setError(messageOf(e)));
  };

  const engineDown = engine?.state === 'failed' || engine?.state === 'restarting';
  return (
    <section className="page analysis-page" aria-labelledby="analysis-title">
      <header className="page-header">
        <h1 id="analysis-title">Analysis</h1>
        <span className="muted">Spectra, band powers, signal quality, harmony and peaks of a recording</span>
      </header>
      {engineDown && (
        <p className="banner warn" role="status">
          {engine.state === 'restarting'
            ? `The analysis engine stopped (${engine.lastError ?? 'unknown reason'}) and is restarting.`
            : `The analysis engine is stopped: ${engine.lastError ?? 'it failed'}.`}{' '}
          {engine.state === 'failed' && (
            <button type="button" onClick={() => void api.call('engine.restart', {})}>
              Restart the engine
            </button>
          )}
        </p>
      )}
      <div className="analysis-setup">
        <form
          className="card"
          aria-label="What to analyse"
          onSubmit={(e) => {
            e.preventDefault();
            if (!running) void run();
          }}
        >
          <h2>What to analyse</h2>
          {recordings === null ? (
            <p className="muted" role="status">
              Loading recordings…
            </p>
          ) : (
            <label className="field">
              <span>Source</span>
              <select
                value={choice?.key ?? ''}
                disabled={running}
                aria-label="Recording to analyse"
                onChange={(e) => {
                  setKey(e.target.value);
                  setRange({ from: '', to: '' });
                }}
              >
                {recordings.length > 0 && (
                  <optgroup label="Recordings">
                    {choices
                      .filter((c) => c.kind === 'recording')
                      .map((c) => (
                        <option key={c.key} value={c.key}>
                          {describeChoice(c)}
                        </option>
                      ))}
                  </optgroup>
                )}
                <optgroup label="Bundled sample">
                  {choices
                    .filter((c) => c.kind === 'sample')
                    .map((c) => (
                      <option key={c.key} value={c.key}>
                        {describeChoice(c)}
                      </option>
                    ))}
                </optgroup>
              </select>
            </label>
          )}
          {recordings !== null && recordings.length === 0 && !listError && (
            <p className="muted">
              No recordings yet: record one from the Live page, or analyse the bundled sample.
            </p>
          )}
          {listError && <p className="error">{listError}</p>}
          {choice && (
            <RangePicker
              durationS={durationOf(choice)}
              value={range}
              onChange={setRange}
              disabled={running}
            />
          )}
          {typeof parsed === 'string' && choice && (range.from !== '' || range.to !== '') && (
            <p className="error" role="alert">
              {parsed}
            </p>
          )}
          <div className="run-row">
            <button
              type="submit"
              className="primary"
              disabled={!choice || running || busy || typeof parsed === 'string'}
            >
              Run analysis
            </button>
            {running && (
              <button type="button" onClick={cancel}>
                Cancel
              </button>
            )}
          </div>
          {job && (
            <div className="progress" data-testid="analysis-progress" data-state={job.state}>
              <span>
                {job.title}:{' '}
                {job.state === 'done'
                  ? 'done.'
                  : job.state === 'cancelled'
                    ? 'cancelled.'
                    : job.state === 'failed'
                      ? 'failed.'
                      : `${PHASE_WORDS[job.phase]}… ${percent(job.fraction, 0)}`}
              </span>
              {running && (
                <div
                  className="progress-track"
                  role="progressbar"
                  aria-label="Analysis progress"
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={Math.round(job.fraction * 100)}
                >
                  <div className="progress-fill" style={{ width: `${job.fraction * 100}%` }} />
                </div>
              )}
              {job.state === 'failed' && job.error && (
                <p className="error" role="alert">
                  {job.error.message}
                </p>
              )}
            </div>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
        </form>
        <div className="card" aria-label="Earlier reports">
          <h2>Earlier reports</h2>
          {choice?.kind !== 'recording' ? (
            <p className="muted">
              Reports of stored recordings are kept with the recording. A file's report is kept for this
              session only.
            </p>
          ) : stored.length === 0 ? (
            <p className="muted">No report of this recording yet.</p>
          ) : (
            <ul className="stored-analyses">
              {stored.map((a) => (
                <li key={a.id}>
                  <button type="button" aria-pressed={view?.id === a.id} onClick={() => openStored(a.id)}>
                    {new Date(a.createdAt).toLocaleString('en-GB', {
                      dateStyle: 'short',
                      timeStyle: 'medium',
                    })}{' '}
                    · {a.fromS === null ? 'whole' : `${compact(a.fromS)}–${compact(a.toS ?? 0)} s`} · harmony{' '}
                    {a.harmonyIndex === null ? '–' : a.harmonyIndex.toFixed(2)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      {view ? (
        <ReportView view={view} />
      ) : (
        !running && (
          <p className="empty">
            Choose a recording and a time range, then run the analysis to see its report here.
          </p>
        )
      )}
    </section>
  );
}
