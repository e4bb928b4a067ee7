// Imports, exports and uploads in progress or just finished: a progress bar each, cancel while running, what
// went wrong when it failed, the download link (browser mode) or the path when an export is done.
import { useEffect, useState } from 'react';
import type { ClisonixApi, TransferJob } from '../../shared/api';
import { downloadUrl, usesUploads } from '../api/files';
import { formatBytes } from './format';

/** An upload of the browser before its import job exists. */
export interface UploadProgress {
  readonly id: string;
  readonly name: string;
  readonly fraction: number;
  readonly error: string | null;
}

export function useTransferJobs(api: ClisonixApi): readonly TransferJob[] {
  const [jobs, setJobs] = useState<readonly TransferJob[]>([]);
  useEffect(() => {
    let live = true;
    const merge = (job: TransferJob) =>
      setJobs((current) =>
        [job, ...current.filter((j) => j.id !== job.id)].sort((a, b) => b.startedAt - a.startedAt),
      );
    const off = api.on('recordings.job', merge);
    api.call('recordings.jobs', {}).then(
      (list) => {
        if (!live) return;
        setJobs((current) => {
          const heard = new Set(current.map((j) => j.id));
          return [...current, ...list.filter((j) => !heard.has(j.id))].sort(
            (a, b) => b.startedAt - a.startedAt,
          );
        });
      },
      () => undefined,
    );
    return () => {
      live = false;
      off();
    };
  }, [api]);
  return jobs;
}

function JobLine({ api, job, onDismiss }: { api: ClisonixApi; job: TransferJob; onDismiss: () => void }) {
  const percent = Math.round(job.progress * 100);
  return (
    <li
      className={`job job-${job.state}`}
      data-testid="transfer-job"
      data-kind={job.kind}
      data-state={job.state}
    >
      <div className="job-head">
        <strong>{job.kind === 'import' ? 'Import' : 'Export'}</strong>{' '}
        <span className="job-title">{job.title}</span>
        <span className="muted">
          {job.state === 'running'
            ? `${job.stage} · ${percent} %`
            : job.state === 'done'
              ? 'done'
              : job.stage}
        </span>
        {job.state === 'running' ? (
          <button type="button" onClick={() => void api.call('recordings.cancelJob', { jobId: job.id })}>
            Cancel
          </button>
        ) : (
          <button type="button" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        )}
      </div>
      {job.state === 'running' && (
        <progress max={100} value={percent} aria-label={`${job.kind} of ${job.title}`}>
          {percent} %
        </progress>
      )}
      {job.message && (
        <p
          className={job.state === 'failed' ? 'error' : 'muted'}
          role={job.state === 'failed' ? 'alert' : undefined}
        >
          {job.message}
        </p>
      )}
      {job.state === 'done' && job.output && (
        <p>
          {job.output.downloadable && usesUploads(api) ? (
            <a
              href={downloadUrl(job.output.fileName)}
              download={job.output.fileName}
              data-testid="download-link"
            >
              Download {job.output.fileName}
            </a>
          ) : (
            <span>Saved to {job.output.path}</span>
          )}{' '}
          <span className="muted">({formatBytes(job.output.bytes)})</span>
        </p>
      )}
      {job.warnings.map((w) => (
        <p key={w} className="muted">
          {w}
        </p>
      ))}
    </li>
  );
}

export function TransferJobs({
  api,
  jobs,
  uploads,
}: {
  api: ClisonixApi;
  jobs: readonly TransferJob[];
  uploads: readonly UploadProgress[];
}) {
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = jobs.filter((j) => !dismissed.has(j.id)).slice(0, 6);
  if (shown.length === 0 && uploads.length === 0) return null;
  return (
    <ul className="jobs" aria-label="Imports and exports">
      {uploads.map((u) => (
        <li key={u.id} className={`job ${u.error ? 'job-failed' : 'job-running'}`} data-testid="upload">
          <div className="job-head">
            <strong>Upload</strong> <span className="job-title">{u.name}</span>
            <span className="muted">{u.error ? 'failed' : `${Math.round(u.fraction * 100)} %`}</span>
          </div>
          {!u.error && (
            <progress max={100} value={Math.round(u.fraction * 100)} aria-label={`upload of ${u.name}`} />
          )}
          {u.error && (
            <p className="error" role="alert">
              {u.error}
            </p>
          )}
        </li>
      ))}
      {shown.map((job) => (
        <JobLine
          key={job.id}
          api={api}
          job={job}
          onDismiss={() => setDismissed((d) => new Set([...d, job.id]))}
        />
      ))}
    </ul>
  );
}
