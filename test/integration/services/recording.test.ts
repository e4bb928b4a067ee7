// Recording from the app through its services: the synthetic headset recorded into a real SQLite file, every
// sample checked against the source (a pure function of its sample index), markers at their samples, the state
// the Live page and the status bar read, a full disk stopping the recording cleanly, and playback of the take.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvents, EventName, RecordingState } from '../../../src/shared/api';
import type { SampleBlock } from '../../../src/shared/samples';
import { createSyntheticSource, defaultSyntheticOptions } from '../../../src/engine/sources/synthetic';
import { type AppServices, createAppServices } from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';
import { RecordingStore, type RecordingWriterOptions } from '../../../src/main/storage';

const resourcesDir = findResourcesDir(import.meta.url);
const running: AppServices[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.dispose();
});

async function services(writerOptions?: RecordingWriterOptions) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-rec-'));
  const s = createAppServices({
    mode: 'browser',
    version: 't',
    dataDir,
    resourcesDir,
    ...(writerOptions && { writerOptions }),
  });
  running.push(s);
  const heard: { name: EventName; payload: unknown }[] = [];
  s.events.onEvent((name, payload) => heard.push({ name, payload }));
  return { s, dataDir, heard, file: path.join(dataDir, 'recordings.db') };
}

async function call<T>(s: AppServices, method: string, params: unknown = {}): Promise<T> {
  const outcome = await s.dispatch(method, params);
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
  return outcome.result as T;
}

function until(what: string, test: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (test()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(check, 20);
    };
    check();
  });
}

const states = (heard: { name: EventName; payload: unknown }[]) =>
  heard.filter((e) => e.name === 'recording.state').map((e) => e.payload as ApiEvents['recording.state']);

const SYNTHETIC = { kind: 'synthetic', channelCount: 4, sampleRateHz: 500, seed: 11 } as const;

describe('recording from the app', { timeout: 60_000 }, () => {
  it('records the streaming source with markers; every stored sample is the source sample', async () => {
    const { s, heard, file } = await services();
    await call(s, 'source.connect', SYNTHETIC);
    const started = await call<RecordingState>(s, 'recording.start', {
      label: 'Resting state',
      subjectCode: 'S-07',
      technician: 'JD',
      notes: 'eyes closed first',
    });
    expect(started).toMatchObject({ state: 'recording', label: 'Resting state', sampleRateHz: 500 });
    await until('a second committed', () => (s.recorder?.state.committedSamples ?? 0) >= 500);
    const marker = await call<{ sample: number }>(s, 'marker.add', { label: 'eyes open', source: 'key' });
    // Samples that arrived while the writer started are saved at once; then commits follow every 200 ms.
    await until(
      'a few more commits and two seconds saved',
      () =>
        states(heard).filter((x) => x.state === 'recording').length >= 5 &&
        (s.recorder?.state.committedSamples ?? 0) >= 1000,
    );
    const stopped = await call<RecordingState>(s, 'recording.stop');
    expect(stopped.state).toBe('idle');
    expect(stopped.message).toMatch(/^Saved "Resting state" \(\d+\.\d s, complete\)\.$/);

    // The state went out as events: starting, then recording with growing committed counts, then idle.
    const seen = states(heard);
    expect(seen[0]?.state).toBe('starting');
    const recording = seen.filter((x) => x.state === 'recording');
    expect(recording.length).toBeGreaterThan(3);
    expect(recording.at(-1)!.committedSamples).toBeGreaterThan(recording[0]!.committedSamples);
    expect(recording.some((x) => x.lastCommitAt !== null && x.elapsedMs > 0)).toBe(true);
    expect(heard.some((e) => e.name === 'recordings.changed')).toBe(true);

    const [summary] = await call<{ id: string; durationS: number }[]>(s, 'recordings.list');
    const info = await call<{
      id: string;
      status: string;
      subjectCode: string;
      technician: string;
      notes: string;
      sourceKind: string;
      channels: { label: string; sampleRateHz: number }[];
      markers: { atSample: number; label: string; source: string }[];
      segments: { sourceFirstSample: number }[];
      sampleCount: number;
    }>(s, 'recordings.get', { id: summary!.id });
    expect(info).toMatchObject({
      status: 'complete',
      subjectCode: 'S-07',
      technician: 'JD',
      notes: 'eyes closed first',
      sourceKind: 'synthetic',
      channels: [
        { label: 'Ch1', sampleRateHz: 500 },
        { label: 'Ch2', sampleRateHz: 500 },
        { label: 'Ch3', sampleRateHz: 500 },
        { label: 'Ch4', sampleRateHz: 500 },
      ],
    });
    expect(info.sampleCount).toBeGreaterThanOrEqual(1000);
    expect(summary!.durationS).toBe(info.sampleCount / 500);

    // Every stored sample equals the synthetic source at its own index: nothing dropped, shifted or invented.
    await s.dispose();
    running.length = 0;
    const store = RecordingStore.open(file);
    try {
      const detail = store.get(summary!.id);
      const anchor = detail.segments[0]!.sourceFirstSample;
      const blocks = store.readBlocks(detail.id, { fromSample: 0, toSample: detail.sampleCount });
      expect(blocks.map((b) => [b.firstSample, b.sampleCount])).toEqual([[0, detail.sampleCount]]);
      const expected = createSyntheticSource(
        defaultSyntheticOptions({ channelCount: 4, sampleRateHz: 500, seed: 11 }),
      ).read(anchor, detail.sampleCount);
      expect(Buffer.from(blocks[0]!.data.buffer).equals(Buffer.from(expected.data.buffer))).toBe(true);
      // The marker sits at the sample that was newest when it was placed, on the recording's clock.
      expect(info.markers).toEqual([
        expect.objectContaining({ atSample: marker.sample - anchor, label: 'eyes open', source: 'user' }),
      ]);
    } finally {
      store.close();
    }
  });

  it('refuses to start without a streaming source, and a second start while recording', async () => {
    const { s } = await services();
    const idle = await s.dispatch('recording.start', { label: 'x' });
    expect(idle).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!idle.ok && idle.error.message).toMatch(/Nothing is streaming/);
    const empty = await s.dispatch('recording.start', { label: '   ' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    await call(s, 'source.connect', SYNTHETIC);
    await call(s, 'recording.start', { label: 'first' });
    const second = await s.dispatch('recording.start', { label: 'second' });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!second.ok && second.error.message).toContain('Already recording "first"');
    // An import would hold the database for its whole length: refused while recording.
    const imported = await s.dispatch('recordings.import', {
      path: path.join(resourcesDir, 'demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'),
    });
    expect(imported).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await call(s, 'recording.stop');
    expect((await call<unknown[]>(s, 'recordings.list')).length).toBe(1);
  });

  it('a disconnected source ends the take; quitting while recording saves it as complete', async () => {
    const { s, file } = await services();
    await call(s, 'source.connect', SYNTHETIC);
    await call(s, 'recording.start', { label: 'until disconnect' });
    await until('samples', () => (s.recorder?.state.committedSamples ?? 0) > 200);
    await call(s, 'source.disconnect');
    await until('idle', () => s.recorder?.state.state === 'idle');
    await call(s, 'source.connect', SYNTHETIC);
    await call(s, 'recording.start', { label: 'until quit' });
    await until('samples', () => (s.recorder?.state.committedSamples ?? 0) > 200);
    await s.dispose();
    running.length = 0;
    const store = RecordingStore.open(file);
    try {
      expect(store.recovery.recovered).toEqual([]);
      expect(
        store
          .list()
          .map((r) => [r.label, r.status])
          .sort(),
      ).toEqual([
        ['until disconnect', 'complete'],
        ['until quit', 'complete'],
      ]);
      for (const r of store.list()) expect(r.durationS).toBeGreaterThan(0.4);
    } finally {
      store.close();
    }
  });

  it('a full disk stops the recording cleanly: a notice, the state says why, committed data is kept', async () => {
    // 16 channels at 2 kHz fill a database capped at 120 pages (480 KiB) within a couple of seconds.
    const { s, heard, file } = await services({ maxPageCount: 120, commitIntervalMs: 50 });
    await call(s, 'source.connect', { kind: 'synthetic', channelCount: 16, sampleRateHz: 2000, seed: 3 });
    await call(s, 'recording.start', { label: 'until full' });
    await until('the recording to stop', () => s.recorder?.state.state === 'idle', 30_000);
    const state = s.recorder!.state;
    expect(state.error).toMatchObject({ code: 'disk_full' });
    expect(state.message).toMatch(/^"until full" stopped: The disk holding .* is full/);
    const notices = heard.filter((e) => e.name === 'app.notice').map((e) => e.payload as { message: string });
    expect(
      notices.some((n) => /Recording "until full" stopped: The disk holding .* is full/.test(n.message)),
    ).toBe(true);
    await s.dispose();
    running.length = 0;
    const store = RecordingStore.open(file);
    try {
      const [r] = store.list();
      expect(r).toMatchObject({ label: 'until full' });
      expect(['interrupted', 'recording']).toContain(r!.status);
      const detail = store.get(r!.id);
      expect(detail.sampleCount).toBeGreaterThan(0);
      expect(store.verifyRecording(detail.id)).toEqual([]);
      const blocks = store.readBlocks(detail.id, { fromSample: 0, toSample: detail.sampleCount });
      expect(blocks.reduce((n, b) => n + b.sampleCount, 0)).toBe(detail.sampleCount);
      expect(store.checkIntegrity().ok).toBe(true);
    } finally {
      store.close();
    }
  });

  it('plays a stored recording back as a source at its rate, its gaps as gaps', async () => {
    const { s, file } = await services();
    // A stored take with a gap, written straight to the store.
    const store = RecordingStore.open(file);
    const source = createSyntheticSource(defaultSyntheticOptions({ channelCount: 2, sampleRateHz: 250 }));
    const writer = await store.startRecording({
      label: 'with a gap',
      channels: [{ label: 'C3' }, { label: 'C4' }],
      sampleRateHz: 250,
    });
    writer.append(source.read(0, 100));
    writer.gap({ atSample: 130, missingSamples: 30, reason: 'counter-jump' });
    writer.append(source.read(130, 120));
    const { recordingId } = await writer.finish();
    store.close();

    const blocks: SampleBlock[] = [];
    const gaps: unknown[] = [];
    s.acquisition.addConsumer({ block: (b) => blocks.push(b), gap: (g) => gaps.push(g) });
    const status = await call<{ kind: string; label: string; channelLabels: string[] }>(s, 'source.connect', {
      kind: 'playback',
      recordingId: recordingId.slice(0, 8),
    });
    expect(status).toMatchObject({
      kind: 'playback',
      label: 'Playback of "with a gap"',
      channelLabels: ['C3', 'C4'],
    });
    const t0 = performance.now();
    await until('the end of the take', () => s.acquisition.status.state === 'lost');
    // 250 samples at 250 Hz take about a second; a playback that dumps them at once would be far quicker.
    expect(performance.now() - t0).toBeGreaterThan(700);
    expect(gaps).toEqual([{ atSample: 130, missingSamples: 30, reason: 'counter-jump' }]);
    const received = blocks.reduce((n, b) => n + b.sampleCount, 0);
    expect(received).toBe(220);
    const after = blocks.filter((b) => b.firstSample >= 130);
    expect(after[0]!.firstSample).toBe(130);
    expect(after[0]!.data[0]).toBe(source.read(130, 1).data[0]);
  });
});
