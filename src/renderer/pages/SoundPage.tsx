// The Sound page: the neural symphony of a recording (or of the sample recording) with a picture of its score,
// brainsync by mode, and the clips saved in the store. Renders run on the engine thread; this page shows their
// progress, lets them be cancelled, and plays the WAV the store kept.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  ApiError,
  BRAINSYNC_MODE_LIST,
  type AudioClip,
  type AudioClipDetail,
  type BrainsyncModeName,
  type BrainsyncResult,
  type ClisonixApi,
  type SoundProgress,
  type SoundSourceRequest,
  type SymphonyResult,
} from '../../shared/api';
import type { RecordingSummary } from '../../shared/recordings';
import { clipFileName, ClipUrls } from '../sound/clip-audio';
import { ScoreCanvas } from '../sound/ScoreCanvas';

const MODE_TEXT: Readonly<Record<BrainsyncModeName, string>> = {
  sleep: 'Sleep · delta 2 Hz',
  meditate: 'Meditate · theta 6 Hz',
  relax: 'Relax · alpha 10 Hz',
  focus: 'Focus · beta 18 Hz',
};
const SPEEDS = [1, 2, 4, 8] as const;
const SAMPLE_KEY = 'sample';

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));
const newJobId = (task: string) =>
  `${task}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const fmtSeconds = (s: number) =>
  s >= 120 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Number(s.toFixed(1))} s`;

function sourceOf(key: string): SoundSourceRequest | null {
  if (key === '') return null;
  if (key === SAMPLE_KEY) return { kind: 'sample' };
  return { kind: 'recording', id: key.replace(/^rec:/, '') };
}

function useList<T>(load: () => Promise<readonly T[]>, subscribe: (refresh: () => void) => () => void) {
  const [items, setItems] = useState<readonly T[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      load().then(
        (list) => {
          if (!live) return;
          setItems(list);
          setError(null);
        },
        (e: unknown) => live && setError(messageOf(e)),
      );
    void refresh();
    const off = subscribe(() => void refresh());
    return () => {
      live = false;
      off();
    };
  }, [load, subscribe]);
  return { items, error };
}

/** How the last render of a card ended: what the card says under its button. */
type JobOutcome =
  | { readonly kind: 'done'; readonly elapsedMs: number; readonly lastFraction: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

/** One render at a time per card: its id, its progress (from events), its cancel, and how it ended. */
function useJob(api: ClisonixApi, task: SoundProgress['task']) {
  const [jobId, setJobId] = useState<string | null>(null);
  const [progress, setProgress] = useState<SoundProgress | null>(null);
  const [fetching, setFetching] = useState(false);
  const [outcome, setOutcome] = useState<JobOutcome | null>(null);
  const current = useRef<string | null>(null);
  const lastFraction = useRef(0);
  useEffect(
    () =>
      api.on('sound.progress', (p) => {
        if (p.jobId !== current.current) return;
        lastFraction.current = p.fraction;
        setProgress(p);
      }),
    [api],
  );
  /** Runs `render` under a new job id, then `fetch` (the clip's bytes: no longer cancellable on the service). */
  const run = useCallback(
    <T,>(render: (jobId: string) => Promise<T>, fetch: (result: T) => Promise<void>): void => {
      const id = newJobId(task);
      const startedAt = performance.now();
      current.current = id;
      lastFraction.current = 0;
      setJobId(id);
      setProgress(null);
      setOutcome(null);
      void (async () => {
        try {
          const result = await render(id);
          current.current = null;
          setFetching(true);
          await fetch(result);
          setOutcome({
            kind: 'done',
            elapsedMs: performance.now() - startedAt,
            lastFraction: lastFraction.current,
          });
        } catch (e) {
          setOutcome(
            e instanceof ApiError && e.code === 'cancelled'
              ? { kind: 'cancelled' }
              : { kind: 'failed', message: messageOf(e) },
          );
        } finally {
          current.current = null;
          setFetching(false);
          setJobId(null);
        }
      })();
    },
    [task],
  );
  const cancel = useCallback(() => {
    if (current.current) void api.call('sound.cancel', { jobId: current.current });
  }, [api]);
  return { running: jobId !== null, progress, fetching, outcome, run, cancel };
}

function Progress({
  progress,
  fetching,
  label,
  onCancel,
}: {
  progress: SoundProgress | null;
  fetching: boolean;
  label: string;
  onCancel: () => void;
}) {
  const fraction = fetching ? 1 : (progress?.fraction ?? 0);
  const stage = progress?.stage ?? 'reading';
  const text = fetching
    ? 'Loading the audio…'
    : stage === 'reading'
      ? 'Reading EEG…'
      : stage === 'rendering'
        ? 'Rendering…'
        : 'Saving…';
  return (
    <div className="sound-progress" role="status" aria-live="polite" data-fraction={fraction}>
      <progress max={1} value={fraction} aria-label={`${label} progress`} />
      <span>
        {text} {Math.round(fraction * 100)} %
      </span>
      <button type="button" onClick={onCancel} disabled={fetching}>
        Cancel
      </button>
    </div>
  );
}

/** What the card says once a render is over: done (with its time), cancelled, or the error and what to do. */
function Outcome({ outcome, what }: { outcome: JobOutcome | null; what: string }) {
  if (!outcome) return null;
  if (outcome.kind === 'done')
    return (
      <p className="muted" role="status" data-testid={`${what}-done`} data-fraction={outcome.lastFraction}>
        Done: {Math.round(outcome.lastFraction * 100)} %, rendered and saved in{' '}
        {(outcome.elapsedMs / 1000).toFixed(1)} s.
      </p>
    );
  if (outcome.kind === 'cancelled')
    return (
      <p className="muted" role="status" data-testid={`${what}-cancelled`}>
        Cancelled: nothing was saved. Render again when you are ready.
      </p>
    );
  return (
    <p className="error" role="alert">
      {outcome.message} Check the source and the numbers above, then render again.
    </p>
  );
}

function SourceSelect({
  id,
  value,
  onChange,
  recordings,
  allowNone,
}: {
  id: string;
  value: string;
  onChange: (key: string) => void;
  recordings: readonly RecordingSummary[] | null;
  allowNone?: boolean;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {allowNone && <option value="">None (nominal beat)</option>}
      <option value={SAMPLE_KEY}>OpenBCI sample recording (eyes-closed alpha, blinks)</option>
      {(recordings ?? []).map((r) => (
        <option key={r.id} value={`rec:${r.id}`}>
          {r.label} · {fmtSeconds(r.durationS)} · {r.channelCount} ch · {r.sampleRateHz} Hz
          {r.status === 'recording' ? ' (recording)' : ''}
        </option>
      ))}
    </select>
  );
}

export function SoundPage({ api }: { api: ClisonixApi }) {
  const [urls] = useState(() => new ClipUrls());
  useEffect(() => () => urls.revokeAll(), [urls]);

  const loadRecordings = useCallback(() => api.call('recordings.list', {}), [api]);
  const onRecordingsChanged = useCallback((f: () => void) => api.on('recordings.changed', f), [api]);
  const recordings = useList(loadRecordings, onRecordingsChanged);
  const loadClips = useCallback(() => api.call('sound.clips', {}), [api]);
  const onClipsChanged = useCallback((f: () => void) => api.on('sound.clipsChanged', f), [api]);
  const clips = useList(loadClips, onClipsChanged);

  return (
    <section className="page sound-page" aria-labelledby="sound-title">
      <header className="page-header">
        <h1 id="sound-title">Sound</h1>
        <span className="muted">Neural symphony and brainsync, rendered on the engine thread.</span>
      </header>
      {recordings.error && (
        <p className="banner warn" role="status">
          Stored recordings cannot be listed ({recordings.error}); the sample recording still works.
        </p>
      )}
      <div className="sound-grid">
        <SymphonyCard api={api} urls={urls} recordings={recordings.items} />
        <BrainsyncCard api={api} urls={urls} recordings={recordings.items} />
      </div>
      <ClipsCard api={api} urls={urls} clips={clips.items} error={clips.error} />
    </section>
  );
}

function SymphonyCard({
  api,
  urls,
  recordings,
}: {
  api: ClisonixApi;
  urls: ClipUrls;
  recordings: readonly RecordingSummary[] | null;
}) {
  const [sourceKey, setSourceKey] = useState(SAMPLE_KEY);
  const [seconds, setSeconds] = useState('20');
  const [start, setStart] = useState('0');
  const [speed, setSpeed] = useState<number>(1);
  const [result, setResult] = useState<{ symphony: SymphonyResult; url: string } | null>(null);
  const [audio, setAudio] = useState<HTMLAudioElement | null>(null);
  const job = useJob(api, 'symphony');

  const secondsValue = Number(seconds);
  const startValue = Number(start);
  const valid =
    seconds.trim() !== '' &&
    Number.isFinite(secondsValue) &&
    secondsValue >= 1 &&
    secondsValue <= 600 &&
    start.trim() !== '' &&
    Number.isFinite(startValue) &&
    startValue >= 0;

  const render = () => {
    const source = sourceOf(sourceKey);
    if (!source || !valid) return;
    job.run(
      (jobId) =>
        api.call('sound.symphony', { jobId, source, seconds: secondsValue, startSeconds: startValue, speed }),
      async (symphony) => setResult({ symphony, url: await urls.get(api, symphony.clip) }),
    );
  };

  return (
    <div className="card sound-card" aria-labelledby="symphony-title">
      <h2 id="symphony-title">Neural symphony</h2>
      <p className="muted">
        Every 250 ms of EEG, the share of each band (delta to gamma) sets one voice&apos;s loudness and pitch
        on a pentatonic scale; beta and gamma brighten the sound; the peak alpha frequency sets the tempo.
      </p>
      <div className="sound-form">
        <label htmlFor="symphony-source">Source</label>
        <SourceSelect
          id="symphony-source"
          value={sourceKey}
          onChange={setSourceKey}
          recordings={recordings}
        />
        <label htmlFor="symphony-seconds">Length (s)</label>
        <input
          id="symphony-seconds"
          type="number"
          min={1}
          max={600}
          step={1}
          value={seconds}
          onChange={(e) => setSeconds(e.target.value)}
        />
        <label htmlFor="symphony-start">Start at (s)</label>
        <input
          id="symphony-start"
          type="number"
          min={0}
          step={1}
          value={start}
          onChange={(e) => setStart(e.target.value)}
        />
        <label htmlFor="symphony-speed">Speed</label>
        <select id="symphony-speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
          {SPEEDS.map((x) => (
            <option key={x} value={x}>
              {x === 1 ? 'Real time (1 s of EEG per second)' : `${x}× (${x} s of EEG per second)`}
            </option>
          ))}
        </select>
      </div>
      {!valid && <p className="error">Length must be 1 to 600 s and the start 0 s or later.</p>}
      <div className="toolbar">
        <button type="button" onClick={render} disabled={job.running || !valid}>
          Render symphony
        </button>
        {job.running && (
          <Progress progress={job.progress} fetching={job.fetching} label="Symphony" onCancel={job.cancel} />
        )}
      </div>
      {!job.running && <Outcome outcome={job.outcome} what="symphony" />}
      {result && (
        <div className="sound-result" data-testid="symphony-result">
          <p>
            <strong>{result.symphony.clip.label}</strong>
            <br />
            <span className="muted">
              {fmtSeconds(result.symphony.clip.durationS)} · {result.symphony.clip.sampleRateHz} Hz mono ·{' '}
              {result.symphony.tempoBpm.toFixed(1)} BPM from{' '}
              {result.symphony.peakAlphaHz === null
                ? 'the default alpha (no peak found)'
                : `peak alpha ${result.symphony.peakAlphaHz.toFixed(2)} Hz`}
            </span>
          </p>
          {result.symphony.warnings.map((w) => (
            <p key={w} className="banner warn">
              {w}
            </p>
          ))}
          <ScoreCanvas picture={result.symphony.picture} audio={audio} />
          <div className="toolbar">
            <audio ref={setAudio} controls src={result.url} data-testid="symphony-audio" preload="metadata" />
            <a href={result.url} download={clipFileName(result.symphony.clip)}>
              Download WAV
            </a>
          </div>
        </div>
      )}
    </div>
  );
}

function BrainsyncCard({
  api,
  urls,
  recordings,
}: {
  api: ClisonixApi;
  urls: ClipUrls;
  recordings: readonly RecordingSummary[] | null;
}) {
  const [mode, setMode] = useState<BrainsyncModeName>('relax');
  const [seconds, setSeconds] = useState('60');
  const [fromKey, setFromKey] = useState('');
  const [result, setResult] = useState<{ brainsync: BrainsyncResult; url: string } | null>(null);
  const job = useJob(api, 'brainsync');
  const secondsValue = Number(seconds);
  const valid =
    seconds.trim() !== '' && Number.isFinite(secondsValue) && secondsValue >= 1 && secondsValue <= 1800;

  const render = () => {
    if (!valid) return;
    job.run(
      (jobId) =>
        api.call('sound.brainsync', { jobId, mode, seconds: secondsValue, source: sourceOf(fromKey) }),
      async (brainsync) => setResult({ brainsync, url: await urls.get(api, brainsync.clip) }),
    );
  };

  return (
    <div className="card sound-card" aria-labelledby="brainsync-title">
      <h2 id="brainsync-title">Brainsync</h2>
      <p className="muted">
        Binaural beats: one tone in the left ear, the same plus the beat in the right. Listen with headphones.
      </p>
      <div className="segmented" role="radiogroup" aria-label="Brainsync mode">
        {BRAINSYNC_MODE_LIST.map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            aria-pressed={mode === m}
            onClick={() => setMode(m)}
          >
            {MODE_TEXT[m]}
          </button>
        ))}
      </div>
      <div className="sound-form">
        <label htmlFor="brainsync-seconds">Length (s)</label>
        <input
          id="brainsync-seconds"
          type="number"
          min={1}
          max={1800}
          step={1}
          value={seconds}
          onChange={(e) => setSeconds(e.target.value)}
        />
        <label htmlFor="brainsync-from">Personalise from</label>
        <SourceSelect
          id="brainsync-from"
          value={fromKey}
          onChange={setFromKey}
          recordings={recordings}
          allowNone
        />
      </div>
      {!valid && <p className="error">Length must be 1 to 1800 s.</p>}
      <div className="toolbar">
        <button type="button" onClick={render} disabled={job.running || !valid}>
          Render brainsync
        </button>
        {job.running && (
          <Progress progress={job.progress} fetching={job.fetching} label="Brainsync" onCancel={job.cancel} />
        )}
      </div>
      {!job.running && <Outcome outcome={job.outcome} what="brainsync" />}
      {result && (
        <div className="sound-result" data-testid="brainsync-result">
          <p>
            <strong>{result.brainsync.clip.label}</strong>
            <br />
            <span className="muted">
              Left {result.brainsync.leftHz.toFixed(2)} Hz · right {result.brainsync.rightHz.toFixed(2)} Hz ·
              beat {result.brainsync.beatHz.toFixed(2)} Hz
              {result.brainsync.personalised && result.brainsync.peakAlphaHz !== null
                ? ` (peak alpha ${result.brainsync.peakAlphaHz.toFixed(2)} Hz)`
                : ''}{' '}
              · {fmtSeconds(result.brainsync.clip.durationS)} stereo
            </span>
          </p>
          {result.brainsync.note && <p className="banner warn">{result.brainsync.note}</p>}
          <div className="toolbar">
            <audio controls src={result.url} data-testid="brainsync-audio" preload="metadata" />
            <a
              href={result.url}
              download={clipFileName(result.brainsync.clip)}
              data-testid="brainsync-download"
            >
              Download WAV
            </a>
          </div>
        </div>
      )}
    </div>
  );
}

function ClipsCard({
  api,
  urls,
  clips,
  error,
}: {
  api: ClisonixApi;
  urls: ClipUrls;
  clips: readonly AudioClip[] | null;
  error: string | null;
}) {
  const [playing, setPlaying] = useState<{ clip: AudioClip; url: string } | null>(null);
  const [details, setDetails] = useState<AudioClipDetail | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const act = (id: number, work: () => Promise<void>) => {
    setBusy(id);
    setActionError(null);
    work()
      .catch((e: unknown) => setActionError(messageOf(e)))
      .finally(() => setBusy(null));
  };

  return (
    <div className="card" aria-labelledby="clips-title">
      <h2 id="clips-title">Saved clips</h2>
      {error && (
        <p className="error" role="alert">
          The clips cannot be listed: {error}
        </p>
      )}
      {!error && clips === null && <p className="muted">Loading…</p>}
      {clips?.length === 0 && <p className="empty">No clips yet: render a symphony or brainsync above.</p>}
      {playing && (
        <div className="toolbar">
          <span>{playing.clip.label}</span>
          <audio controls autoPlay src={playing.url} data-testid="clip-audio" />
          <a href={playing.url} download={clipFileName(playing.clip)}>
            Download WAV
          </a>
        </div>
      )}
      {actionError && (
        <p className="error" role="alert">
          {actionError}
        </p>
      )}
      {clips && clips.length > 0 && (
        <table className="clip-table" data-testid="clip-table">
          <thead>
            <tr>
              <th scope="col">Clip</th>
              <th scope="col">Length</th>
              <th scope="col">Format</th>
              <th scope="col">Made</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {clips.map((clip) => (
              <tr key={clip.id} data-clip-id={clip.id} data-kind={clip.kind}>
                <td>{clip.label}</td>
                <td>{fmtSeconds(clip.durationS)}</td>
                <td>
                  {clip.sampleRateHz} Hz · {clip.channelCount === 2 ? 'stereo' : 'mono'} ·{' '}
                  {(clip.byteLength / 1e6).toFixed(1)} MB
                </td>
                <td>{new Date(clip.createdAt).toLocaleString()}</td>
                <td>
                  <div className="clip-actions">
                    <button
                      type="button"
                      disabled={busy === clip.id}
                      onClick={() =>
                        act(clip.id, async () => setPlaying({ clip, url: await urls.get(api, clip) }))
                      }
                    >
                      Play
                    </button>
                    <button
                      type="button"
                      disabled={busy === clip.id}
                      onClick={() =>
                        act(clip.id, async () => setDetails(await api.call('sound.clip', { id: clip.id })))
                      }
                    >
                      Parameters
                    </button>
                    <button
                      type="button"
                      disabled={busy === clip.id}
                      aria-label={`Delete ${clip.label}`}
                      onClick={() =>
                        act(clip.id, async () => {
                          if (!window.confirm(`Delete "${clip.label}"? This cannot be undone.`)) return;
                          await api.call('sound.deleteClip', { id: clip.id });
                          urls.forget(clip.id);
                          if (playing?.clip.id === clip.id) setPlaying(null);
                          if (details?.clip.id === clip.id) setDetails(null);
                        })
                      }
                    >
                      Delete
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {details && (
        <details open className="clip-details">
          <summary>Parameters of “{details.clip.label}”</summary>
          {details.metadata ? (
            <pre data-testid="clip-parameters">{JSON.stringify(details.metadata, null, 2)}</pre>
          ) : (
            <p className="muted">This clip carries no Clisonix parameters.</p>
          )}
        </details>
      )}
    </div>
  );
}
