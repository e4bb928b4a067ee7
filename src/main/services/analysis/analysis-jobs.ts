// Analyses as jobs of the app's services: queued and run one at a time (each already uses both cores), progress
// and the end as `analysis.job` events, cancel at any phase, and the reports of this session's jobs kept for the UI.
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AnalysisDocument } from '../../../shared/analysis';
import {
  ApiError,
  type AnalysisJobStatus,
  type AnalysisPhase,
  type AnalysisSummary,
  type AnalysisView,
  type RunAnalysisRequest,
} from '../../../shared/api';
import { asRecordingId, type StoredAnalysis } from '../../storage';
import type { EventHub } from '../event-hub';
import { toErrorBody } from '../dispatch';
import {
  analysisParams,
  REPORT_KIND,
  runAnalysis,
  toAnalysisError,
  type AnalysisDeps,
} from './analysis-runner';
import { cancelledError } from './control';

/** Finished jobs kept (with their reports) for the UI; older ones drop out, stored reports stay in the store. */
const KEEP_FINISHED = 8;
const PROGRESS_INTERVAL_MS = 100;

interface Job {
  status: AnalysisJobStatus;
  readonly request: RunAnalysisRequest;
  readonly controller: AbortController;
  view: AnalysisView | null;
  lastEmit: number;
}

function isDocument(value: unknown): value is AnalysisDocument {
  const d = value as Partial<AnalysisDocument> | null;
  return !!d && typeof d === 'object' && !!d.report && Array.isArray(d.psd);
}

function rangeWords(fromS: number | undefined, toS: number | undefined): string {
  if (fromS === undefined && toS === undefined) return 'whole recording';
  if (toS === undefined) return `from ${fromS ?? 0} s`;
  return `${fromS ?? 0}-${toS} s`;
}

export class AnalysisJobs {
  readonly #jobs = new Map<string, Job>();
  readonly #queue: Job[] = [];
  #running: Job | null = null;
  #runningDone: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(
    private readonly deps: AnalysisDeps,
    private readonly events: EventHub,
  ) {}

  /** Checks the request (the recording exists, the parameters are valid), queues it and returns its status. */
  run(request: RunAnalysisRequest): AnalysisJobStatus {
    if (this.#disposed) throw new ApiError({ code: 'unavailable', message: 'The app is shutting down.' });
    analysisParams(request.params);
    const source = request.source;
    let title: string;
    if ('recordingId' in source) {
      const store = this.deps.store;
      if (!store) {
        throw new ApiError({
          code: 'unavailable',
          message: `Recordings are unavailable: ${this.deps.storeProblem ?? 'the store is not open'}`,
        });
      }
      let label: string;
      try {
        label = store.get(store.resolveId(source.recordingId)).label;
      } catch (error) {
        throw toAnalysisError(error);
      }
      title = `${label}, ${rangeWords(source.fromS, source.toS)}`;
    } else {
      title = `${path.basename(source.file)}, ${rangeWords(source.fromS, source.toS)}`;
    }
    const job: Job = {
      request,
      controller: new AbortController(),
      view: null,
      lastEmit: 0,
      status: {
        jobId: randomUUID(),
        title,
        source,
        state: 'queued',
        phase: 'waiting',
        fraction: 0,
        startedAt: Date.now(),
        endedAt: null,
        analysisId: null,
        error: null,
      },
    };
    this.#jobs.set(job.status.jobId, job);
    this.#queue.push(job);
    this.#emit(job);
    this.#next();
    return job.status;
  }

  cancel(jobId: string): { cancelled: boolean } {
    const job = this.#job(jobId);
    if (job.status.state !== 'queued' && job.status.state !== 'running') return { cancelled: false };
    job.controller.abort();
    const queued = this.#queue.indexOf(job);
    if (queued >= 0) {
      this.#queue.splice(queued, 1);
      this.#finish(job, { state: 'cancelled', error: cancelledError().toBody() });
    }
    return { cancelled: true };
  }

  list(): AnalysisJobStatus[] {
    return [...this.#jobs.values()].map((j) => j.status);
  }

  result(jobId: string): AnalysisView {
    const job = this.#job(jobId);
    if (job.view) return job.view;
    throw new ApiError({
      code: 'conflict',
      message:
        job.status.state === 'queued' || job.status.state === 'running'
          ? 'The analysis has not finished yet.'
          : `The analysis ${job.status.state === 'cancelled' ? 'was cancelled' : 'failed'}: it has no report.`,
    });
  }

  get(id: number): AnalysisView {
    const stored = this.#store().analyses.get(id);
    if (!stored || stored.kind !== REPORT_KIND || !isDocument(stored.result)) {
      throw new ApiError({ code: 'not_found', message: `There is no stored analysis report ${id}.` });
    }
    return viewOf(stored, stored.result, null);
  }

  listStored(recordingId: string): AnalysisSummary[] {
    const store = this.#store();
    try {
      const detail = store.get(store.resolveId(recordingId));
      const rate = detail.sampleRateHz;
      return store.analyses
        .list(asRecordingId(detail.id), REPORT_KIND)
        .flatMap((a) => {
          if (!isDocument(a.result)) return [];
          const report = a.result.report;
          return [
            {
              id: a.id,
              recordingId: a.recordingId,
              createdAt: a.createdAt,
              fromS: a.fromSample === null ? null : a.fromSample / rate,
              toS: a.toSample === null ? null : a.toSample / rate,
              channelCount: report.channels.length,
              harmonyIndex: report.harmony?.index ?? null,
              qualityCounts: report.overall.quality_counts,
              engineVersion: a.engineVersion,
            },
          ];
        })
        .reverse();
    } catch (error) {
      throw toAnalysisError(error);
    }
  }

  /** Cancels everything and waits for the running job to end. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    for (const job of [...this.#queue]) this.cancel(job.status.jobId);
    this.#running?.controller.abort();
    await this.#runningDone;
  }

  #store() {
    if (this.deps.store) return this.deps.store;
    throw new ApiError({
      code: 'unavailable',
      message: `Recordings are unavailable: ${this.deps.storeProblem ?? 'the store is not open'}`,
    });
  }

  #job(jobId: string): Job {
    const job = this.#jobs.get(jobId);
    if (!job)
      throw new ApiError({
        code: 'not_found',
        message: `There is no analysis job ${jobId} in this session.`,
      });
    return job;
  }

  #next(): void {
    if (this.#running) return;
    const job = this.#queue.shift();
    if (!job) return;
    this.#running = job;
    this.#runningDone = this.#runJob(job).finally(() => {
      this.#running = null;
      this.#next();
    });
  }

  /** Never rejects: every outcome ends the job with a state. */
  async #runJob(job: Job): Promise<void> {
    this.#update(job, { state: 'running', phase: 'reading' });
    try {
      const result = await runAnalysis(this.deps, job.request.source, {
        ...(job.request.params && { params: job.request.params }),
        signal: job.controller.signal,
        onProgress: (phase, fraction) => this.#progress(job, phase, fraction),
      });
      job.view = result.stored
        ? viewOf(result.stored, result.document, job.status.jobId)
        : {
            id: null,
            jobId: job.status.jobId,
            recordingId: null,
            createdAt: Date.now(),
            engineVersion: result.engineVersion,
            document: result.document,
          };
      this.#finish(job, { state: 'done', fraction: 1, analysisId: result.stored?.id ?? null });
    } catch (error) {
      const body = toErrorBody(toAnalysisError(error));
      this.#finish(job, { state: body.code === 'cancelled' ? 'cancelled' : 'failed', error: body });
    }
  }

  #progress(job: Job, phase: AnalysisPhase, fraction: number): void {
    const changed = phase !== job.status.phase;
    job.status = { ...job.status, phase, fraction: Math.max(job.status.fraction, Math.min(1, fraction)) };
    const now = Date.now();
    if (changed || now - job.lastEmit >= PROGRESS_INTERVAL_MS) this.#emit(job);
  }

  #update(job: Job, patch: Partial<AnalysisJobStatus>): void {
    job.status = { ...job.status, ...patch };
    this.#emit(job);
  }

  #finish(job: Job, patch: Partial<AnalysisJobStatus>): void {
    this.#update(job, { ...patch, phase: 'finished', endedAt: Date.now() });
    const finished = [...this.#jobs.values()].filter((j) => j.status.endedAt !== null);
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) {
      this.#jobs.delete(old.status.jobId);
    }
  }

  #emit(job: Job): void {
    job.lastEmit = Date.now();
    this.events.emit('analysis.job', job.status);
  }
}

function viewOf(stored: StoredAnalysis, document: AnalysisDocument, jobId: string | null): AnalysisView {
  return {
    id: stored.id,
    jobId,
    recordingId: stored.recordingId,
    createdAt: stored.createdAt,
    engineVersion: stored.engineVersion,
    document,
  };
}
