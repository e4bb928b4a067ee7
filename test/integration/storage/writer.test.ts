// The RecordingWriter with its real worker thread and real SQLite file.
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingStore, type StorageError, type WriterStats } from '../../../src/main/storage';
import { firstDifference, meta, synthetic, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function openStore() {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'store.db');
  const store = RecordingStore.open(file);
  cleanups.push(cleanup, () => store.close());
  return { store, file };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RecordingWriter', () => {
  it('commits while samples stream in, keeps live counters, and saves everything on finish', async () => {
    const { store } = openStore();
    const source = synthetic(8, 250);
    const writer = await store.startRecording(meta(source, 'live'), { commitIntervalMs: 100 });
    const commits: WriterStats[] = [];
    writer.on('commit', (s) => commits.push(s));
    expect(store.get(writer.recordingId).status).toBe('recording');
    let at = 0;
    for (let i = 0; i < 30; i++) {
      writer.append(source.read(at, 10));
      at += 10;
      await sleep(40);
    }
    const live = writer.stats();
    expect(live.state).toBe('recording');
    expect(live.committedSamples).toBeGreaterThan(0);
    expect(live.lastCommitAt).not.toBeNull();
    // Committed while recording, before finish: visible to another reader of the file.
    expect(store.get(writer.recordingId).sampleCount).toBe(live.committedSamples);
    expect(commits.length).toBeGreaterThanOrEqual(3);
    const committed = commits.map((c) => c.committedSamples);
    expect([...committed].sort((a, b) => a - b)).toEqual(committed);
    const result = await writer.finish();
    expect(result).toMatchObject({ status: 'complete', committedSamples: 300, durationS: 1.2, error: null });
    expect(writer.stats()).toMatchObject({ state: 'finished', pendingBytes: 0, committedSamples: 300 });
    const [block] = store.readBlocks(writer.recordingId, { fromSample: 0, toSample: 300 });
    expect(firstDifference(block!.data, source.read(0, 300).data)).toBe(-1);
    expect(store.get(writer.recordingId)).toMatchObject({ status: 'complete', sampleCount: 300 });
    expect(writer.append(source.read(300, 10))).toBe(false);
  });

  it('copies blocks by default and moves their buffer only when asked', async () => {
    const { store } = openStore();
    const source = synthetic(2, 250);
    const writer = await store.startRecording(meta(source));
    const kept = source.read(0, 50);
    writer.append(kept);
    expect(kept.data.length).toBe(100);
    const moved = source.read(50, 50);
    writer.append(moved, { transfer: true });
    expect(moved.data.length).toBe(0);
    // A view into a larger buffer is copied even when a transfer is asked: the rest is not ours to move.
    const big = source.read(100, 50);
    const view = { ...big, sampleCount: 25, data: big.data.subarray(0, 50) };
    writer.append({ ...view, firstSample: 100 }, { transfer: true });
    expect(big.data.length).toBe(100);
    const result = await writer.finish();
    expect(result.committedSamples).toBe(125);
  });

  it('reports what it refuses and goes on recording', async () => {
    const { store } = openStore();
    const source = synthetic(2, 250);
    const writer = await store.startRecording(meta(source));
    const rejected: StorageError[] = [];
    writer.on('rejected', (e) => rejected.push(e));
    writer.append(source.read(0, 100));
    writer.append(source.read(40, 10));
    writer.gap({ atSample: 120, missingSamples: 20, reason: 'counter-jump' });
    writer.append(source.read(120, 30));
    writer.marker({ atSample: 130, label: 'blink', source: 'user' });
    expect(() => writer.append(synthetic(3, 250).read(0, 5))).toThrow(/3 channels/);
    const result = await writer.finish();
    expect(rejected.map((e) => e.code)).toEqual(['invalid_input']);
    expect(rejected[0]!.message).toMatch(/starts at sample 40/);
    expect(result).toMatchObject({ status: 'complete', committedSamples: 150 });
    expect(store.gaps(writer.recordingId).map((g) => [g.atSample, g.missingSamples])).toEqual([[120, 20]]);
    expect(store.markers(writer.recordingId).map((m) => m.atSample)).toEqual([130]);
    expect(writer.stats().rejected).toBe(1);
  });

  it('keeps a new segment after a reconnection', async () => {
    const { store } = openStore();
    const source = synthetic(2, 250);
    const writer = await store.startRecording(meta(source));
    writer.append(source.read(0, 300));
    writer.startSegment(123_456);
    writer.append(source.read(0, 100));
    await writer.finish();
    const r = store.get(writer.recordingId);
    expect(r.segments.map((s) => [s.seq, s.firstSample, s.sampleCount, s.startedAt])).toEqual([
      [0, 0, 300, r.startedAt],
      [1, 300, 100, 123_456],
    ]);
  });

  it('lets a producer faster than real time keep within the limit by awaiting drained()', async () => {
    const { store } = openStore();
    const source = synthetic(16, 1000);
    const writer = await store.startRecording(meta(source, 'import pace'), {
      maxPendingBytes: 1024 * 1024,
      commitBytes: 256 * 1024,
    });
    const errors: StorageError[] = [];
    writer.on('error', (e) => errors.push(e));
    let maxPending = 0;
    // 10 MB in 64 KiB blocks, ten times the limit.
    for (let at = 0; at < 40_000; at += 1000) {
      expect(writer.append(source.read(at, 1000))).toBe(true);
      maxPending = Math.max(maxPending, writer.stats().pendingBytes);
      await writer.drained();
    }
    const result = await writer.finish();
    expect(errors).toEqual([]);
    expect(maxPending).toBeLessThanOrEqual(1024 * 1024);
    expect(result).toMatchObject({ status: 'complete', committedSamples: 40_000 });
  });

  it('stops with a backlog error instead of buffering without limit, without blocking this thread, and loses nothing it took', async () => {
    const { store, file } = openStore();
    const source = synthetic(16, 1000);
    const writer = await store.startRecording(meta(source, 'slow disk'), {
      commitIntervalMs: 50,
      maxPendingBytes: 1024 * 1024,
      busyTimeoutMs: 20_000,
      heartbeatMs: 60_000,
    });
    const errors: StorageError[] = [];
    writer.on('error', (e) => errors.push(e));
    // Another connection holds the write lock: the writer's commits wait, as on a disk that stalls.
    const other = new Sqlite(file);
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    let handed = 0;
    // 64 KiB per block: past the 1 MiB limit after 17 blocks.
    for (let i = 0; i < 40 && writer.append(source.read(handed, 1000)); i++) {
      handed += 1000;
      await sleep(5);
    }
    expect(handed).toBeLessThan(40_000);
    expect(errors.map((e) => e.code)).toEqual(['backlog']);
    expect(errors[0]!.message).toMatch(/disk cannot keep up/);
    expect(writer.stats().state).toBe('finishing');
    expect(writer.append(source.read(handed, 1000))).toBe(false);
    await sleep(300);
    clearInterval(ticker);
    // This thread kept running while the writer was stuck.
    expect(ticks).toBeGreaterThan(10);
    other.exec('COMMIT');
    other.close();
    const result = await writer.done;
    expect(result.error?.code).toBe('backlog');
    expect(result.status).toBe('interrupted');
    expect(result.committedSamples).toBe(handed);
    const r = store.get(writer.recordingId);
    expect(r).toMatchObject({ status: 'interrupted', sampleCount: handed });
    expect(r.stopReason).toMatch(/disk cannot keep up/);
    const [block] = store.readBlocks(writer.recordingId, { fromSample: 0, toSample: handed });
    expect(firstDifference(block!.data, source.read(0, handed).data)).toBe(-1);
  });
});
