// The analysis domain through the services' dispatcher, on real recording stores: a time range of a stored
// recording (with a gap and a railed channel) analysed with progress and kept in the store; cancel while reading
// and while the engine works; a crash of the engine worker mid-analysis; a bundled sample analysed as a file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  type AnalysisJobStatus,
  type AnalysisSample,
  type AnalysisSummary,
  type AnalysisView,
  type ApiErrorBody,
  type EngineStatus,
  type MethodName,
  type Notice,
  type ParamsOf,
  type ResultOf,
} from '../../../src/shared/api';
import { analyze, toAnalysisDocument } from '../../../src/engine/brain';
import { cytonAdcRangeUv } from '../../../src/engine/protocols/adc-range';
import { createAppServices } from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';
import { RecordingStore } from '../../../src/main/storage';
import { CRASH_LABEL } from '../../fixtures/workers/crashing-analysis-worker-label';
import { channelSamples, storeRecording, type RecordingSpec } from '../../helpers/stored-recording';

const resourcesDir = findResourcesDir(import.meta.url);
const CRASHING_ENGINE = new URL('../../fixtures/workers/crashing-analysis-worker.ts', import.meta.url);

const RESTING: RecordingSpec = {
  label: 'Resting state',
  sampleRateHz: 250,
  seconds: 100,
  channels: [
    { label: 'F3', sines: [{ hz: 10, amplitudeUv: 20 }] },
    { label: 'F4', sines: [{ hz: 10, amplitudeUv: 30 }] },
    {
      label: 'O1',
      sines: [
        { hz: 10.5, amplitudeUv: 40 },
        { hz: 21, amplitudeUv: 10 },
      ],
    },
    { label: 'O2', sines: [{ hz: 10.5, amplitudeUv: 40 }] },
    { label: 'Fz', sines: [{ hz: 6, amplitudeUv: 10 }], railEvery: 4 },
  ],
  // 2 s lost at 28-30 s: inside the analysed range 20-80 s.
  gap: { atSample: 30 * 250, missingSamples: 2 * 250 },
};

const LONG: RecordingSpec = {
  label: 'Long montage',
  sampleRateHz: 1000,
  seconds: 240,
  channels: Array.from({ length: 32 }, (_, c) => ({
    label: `E${c + 1}`,
    sines: [{ hz: 8 + c / 4, amplitudeUv: 15 }],
  })),
};

const CRASHING: RecordingSpec = {
  label: 'Doomed',
  sampleRateHz: 250,
  seconds: 20,
  channels: [{ label: CRASH_LABEL, sines: [{ hz: 10, amplitudeUv: 10 }] }],
};

let dataDir: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'clisonix-analysis-'));
  const store = RecordingStore.open(path.join(dataDir, 'recordings.db'));
  for (const spec of [RESTING, LONG, CRASHING]) ids[spec.label] = await storeRecording(store, spec);
  store.close();
}, 120_000);

/** The services with a log of their events and a typed call that throws the ApiErrorBody on failure. */
function start(engineEntry?: URL) {
  const services = createAppServices({
    mode: 'browser',
    version: 'test',
    dataDir,
    resourcesDir,
    ...(engineEntry && { engineEntry }),
  });
  const jobs: AnalysisJobStatus[] = [];
  const notices: Notice[] = [];
  const engine: EngineStatus[] = [];
  services.events.onEvent((name, payload) => {
    if (name === 'analysis.job') jobs.push(payload as AnalysisJobStatus);
    if (name === 'app.notice') notices.push(payload as Notice);
    if (name === 'engine.status') engine.push(payload as EngineStatus);
  });
  const call = async <M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => {
    const outcome = await services.dispatch(method, params);
    if (!outcome.ok) throw new ApiError(outcome.error);
    return outcome.result as ResultOf<M>;
  };
  /** Resolves with the job's final status; `onEvent` sees each of its events as it comes. */
  const ended = (jobId: string, onEvent?: (s: AnalysisJobStatus) => void) =>
    new Promise<AnalysisJobStatus>((resolve) => {
      const seen = jobs.filter((j) => j.jobId === jobId);
      seen.forEach((s) => onEvent?.(s));
      const last = seen.at(-1);
      if (last?.endedAt) {
        resolve(last);
        return;
      }
      const off = services.events.onEvent((name, payload) => {
        const s = payload as AnalysisJobStatus;
        if (name !== 'analysis.job' || s.jobId !== jobId) return;
        onEvent?.(s);
        if (s.endedAt !== null) {
          off();
          resolve(s);
        }
      });
    });
  return { services, call, ended, jobs, notices, engine };
}

type Started = ReturnType<typeof start>;

describe('analysis through the services', () => {
  let app: Started;
  beforeAll(() => {
    app = start();
  });
  afterAll(() => app.services.dispose());

  it('analyses a time range of a stored recording with progress, keeps the report and lists it', async () => {
    const job = await app.call('analysis.run', {
      source: { recordingId: ids['Resting state']!, fromS: 20, toS: 80 },
    });
    expect(job).toMatchObject({ title: 'Resting state, 20-80 s', endedAt: null });
    expect(['queued', 'running']).toContain(job.state);
    const events: AnalysisJobStatus[] = [];
    const end = await app.ended(job.jobId, (s) => events.push(s));
    expect(end).toMatchObject({ state: 'done', fraction: 1, error: null, analysisId: expect.any(Number) });
    const phases = [...new Set(events.map((e) => e.phase))];
    expect(phases).toEqual(['waiting', 'reading', 'analysing', 'saving', 'finished']);
    expect(events.every((e, i) => i === 0 || e.fraction >= events[i - 1]!.fraction)).toBe(true);
    expect(events.some((e) => e.phase === 'analysing' && e.fraction > 0.25 && e.fraction < 1)).toBe(true);

    const view: AnalysisView = await app.call('analysis.result', { jobId: job.jobId });
    expect(await app.call('analysis.get', { id: end.analysisId! })).toEqual({ ...view, jobId: null });
    const report = view.document.report;
    expect(report.recording).toMatchObject({
      id: ids['Resting state'],
      label: 'Resting state',
      from_s: 20,
      to_s: 80,
      duration_s: 58,
      gaps: 1,
      missing_s: 2,
    });
    expect(report.recording.notes?.[0]).toMatch(
      /^1 gap\(s\) in the range \(2 s without samples\) were joined/,
    );

    // The same samples, cut and joined here from the generator, through the single-thread engine.
    const fs = RESTING.sampleRateHz;
    const expected = toAnalysisDocument(
      analyze(
        {
          channels: channelSamples(RESTING).map((data, c) => {
            const joined = new Float32Array(58 * fs);
            joined.set(data.subarray(20 * fs, 28 * fs));
            joined.set(data.subarray(30 * fs, 80 * fs), 8 * fs);
            return {
              label: RESTING.channels[c]!.label,
              sampleRateHz: fs,
              data: joined,
              physicalRange: cytonAdcRangeUv(24),
            };
          }),
        },
        {},
        undefined,
        { includePsd: true },
      ),
    );
    expect(report.channels).toEqual(expected.report.channels);
    expect(view.document.psd).toEqual(expected.psd);
    const fz = report.channels.find((c) => c.label === 'Fz')!;
    expect(fz.quality).toBe('railed');
    expect(fz.railed_fraction).toBeCloseTo(0.25, 2);
    expect(fz.physical_range_uv).toEqual([expect.closeTo(-187500, 0), expect.closeTo(187500, 0)]);

    const listed: readonly AnalysisSummary[] = await app.call('analysis.list', {
      recordingId: ids['Resting state']!,
    });
    expect(listed).toEqual([
      expect.objectContaining({ id: end.analysisId, fromS: 20, toS: 80, channelCount: 5 }),
    ]);
    expect(listed[0]!.qualityCounts.railed).toBe(1);
  }, 60_000);

  it('cancels while reading the store and while the engine works; the engine keeps serving', async () => {
    const reading = await app.call('analysis.run', { source: { recordingId: ids['Long montage']! } });
    const whileReading = await app.ended(reading.jobId, (s) => {
      if (s.phase === 'reading' && s.fraction > 0 && s.endedAt === null) {
        void app.call('analysis.cancel', { jobId: reading.jobId });
      }
    });
    expect(whileReading).toMatchObject({ state: 'cancelled', error: { code: 'cancelled' } });

    const working = await app.call('analysis.run', { source: { recordingId: ids['Long montage']! } });
    let cancelledAt = -1;
    const whileWorking = await app.ended(working.jobId, (s) => {
      // Past the reading share: the engine worker itself has reported progress.
      if (cancelledAt < 0 && s.phase === 'analysing' && s.fraction > 0.25) {
        cancelledAt = s.fraction;
        void app.call('analysis.cancel', { jobId: working.jobId });
      }
    });
    expect(cancelledAt).toBeGreaterThan(0.25);
    expect(whileWorking).toMatchObject({
      state: 'cancelled',
      error: { code: 'cancelled', message: 'The analysis was cancelled.' },
    });
    await expect(app.call('analysis.result', { jobId: working.jobId })).rejects.toMatchObject({
      code: 'conflict',
      message: 'The analysis was cancelled: it has no report.',
    });
    expect(await app.call('analysis.cancel', { jobId: working.jobId })).toEqual({ cancelled: false });

    const again = await app.call('analysis.run', { source: { recordingId: ids['Resting state']!, toS: 10 } });
    expect(await app.ended(again.jobId)).toMatchObject({ state: 'done' });
    expect(app.services.engine.status).toMatchObject({ state: 'ready', restarts: 0 });
  }, 120_000);

  it('analyses the bundled OpenBCI sample recording as a file, without storing it', async () => {
    const samples: readonly AnalysisSample[] = await app.call('analysis.samples', {});
    expect(samples).toEqual([
      expect.objectContaining({
        label: 'OpenBCI sample recording',
        channelCount: 8,
        sampleRateHz: 250,
        durationS: 89.96,
      }),
    ]);
    const job = await app.call('analysis.run', { source: { file: samples[0]!.file, fromS: 30, toS: 60 } });
    expect(await app.ended(job.jobId)).toMatchObject({ state: 'done', analysisId: null });
    const view = await app.call('analysis.result', { jobId: job.jobId });
    expect(view).toMatchObject({ id: null, recordingId: null, jobId: job.jobId });
    expect(view.document.report.recording).toMatchObject({ format: 'openbci-text', from_s: 30, to_s: 60 });
    expect(view.document.report.channels).toHaveLength(8);
    expect((await app.call('analysis.jobs', {})).map((j) => j.jobId)).toContain(job.jobId);
  }, 60_000);

  it('refuses what cannot be analysed, with the reason', async () => {
    await expect(app.call('analysis.run', { source: { recordingId: 'ffffffff' } })).rejects.toMatchObject({
      code: 'not_found',
      message: 'There is no recording ffffffff.',
    } satisfies ApiErrorBody);
    await expect(
      app.call('analysis.run', {
        source: { recordingId: ids['Resting state']! },
        params: { bands: [{ name: 'upside-down', lowHz: 12, highHz: 8 }] },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/^Invalid analysis parameters: band 'upside-down'/) as unknown,
    });
    await expect(
      app.call('analysis.run', { source: { recordingId: ids['Resting state']!, file: '/x' } }),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    const missing = await app.call('analysis.run', { source: { file: path.join(dataDir, 'nope.edf') } });
    expect(await app.ended(missing.jobId)).toMatchObject({
      state: 'failed',
      error: { code: 'not_found', message: `There is no file ${path.join(dataDir, 'nope.edf')}.` },
    });
    const late = await app.call('analysis.run', {
      source: { recordingId: ids['Resting state']!, fromS: 500 },
    });
    expect(await app.ended(late.jobId)).toMatchObject({
      state: 'failed',
      error: {
        code: 'invalid_request',
        message: 'Cannot analyse this: the range starts at 500 s, but the recording is only 100 s long',
      },
    });
    await expect(app.call('analysis.get', { id: 999_999 })).rejects.toMatchObject({ code: 'not_found' });
    await expect(app.call('analysis.result', { jobId: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  }, 60_000);
});

describe('a crash of the engine worker during an analysis', () => {
  let app: Started;
  beforeAll(() => {
    app = start(CRASHING_ENGINE);
  });
  afterAll(() => app.services.dispose());

  it('fails the job with a readable error, tells the bench, and the restarted engine analyses again', async () => {
    const doomed = await app.call('analysis.run', { source: { recordingId: ids['Doomed']! } });
    const events: AnalysisJobStatus[] = [];
    const end = await app.ended(doomed.jobId, (s) => events.push(s));
    // It had started: the engine reported progress before it went down.
    expect(events.some((e) => e.phase === 'analysing')).toBe(true);
    expect(end).toMatchObject({
      state: 'failed',
      error: {
        code: 'engine_error',
        message:
          'The analysis engine stopped unexpectedly (it exited with code 7). It is being restarted; please run the analysis again.',
      },
    });
    expect(app.notices.map((n) => n.message)).toContain(
      'The analysis engine stopped unexpectedly (it exited with code 7) and is being restarted.',
    );
    const next = await app.call('analysis.run', { source: { recordingId: ids['Resting state']!, toS: 20 } });
    expect(await app.ended(next.jobId)).toMatchObject({ state: 'done' });
    expect(app.services.engine.status).toMatchObject({ state: 'ready', restarts: 1 });
  }, 60_000);
});
