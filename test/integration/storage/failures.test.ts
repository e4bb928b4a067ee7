// Disk full, read-only places and a database locked by another process: each gives a typed error with a clear
// message, recording stops cleanly, and what was committed stays readable and passes quick_check.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingStore, StorageError, type RecordingWriterOptions } from '../../../src/main/storage';
import {
  exited,
  firstDifference,
  meta,
  readOnlyPlace,
  spawnProgram,
  synthetic,
  tempDir,
  tinyDisk,
  waitForLine,
  type TinyDisk,
} from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function thrown(fn: () => unknown): StorageError {
  try {
    fn();
  } catch (error) {
    if (error instanceof StorageError) return error;
    throw error;
  }
  throw new Error('expected a StorageError, nothing was thrown');
}

/** Records 16 channels at 1000 Hz as fast as the writer takes them until it stops on its own. */
async function recordUntilFull(disk: TinyDisk, file: string) {
  const store = RecordingStore.open(file);
  const source = synthetic(16, 1000);
  const options: RecordingWriterOptions =
    disk.maxPageCount === undefined
      ? { commitIntervalMs: 50 }
      : { commitIntervalMs: 50, maxPageCount: disk.maxPageCount };
  const writer = await store.startRecording(meta(source, 'until full'), options);
  const errors: StorageError[] = [];
  writer.on('error', (e) => errors.push(e));
  let handed = 0;
  // 64 KiB per block; the disk holds a few MiB, so this ends long before the 40 MB bound.
  while (handed < 600_000 && writer.append(source.read(handed, 1000))) {
    handed += 1000;
    await sleep(5);
  }
  const result = await writer.done;
  return { store, source, result, errors, handed };
}

describe.each([
  ['a real full filesystem (tmpfs when mountable)', () => tinyDisk(4 * 1024 * 1024)],
  [
    'the database size limit (PRAGMA max_page_count)',
    (): TinyDisk => {
      const { dir, cleanup } = tempDir('clisonix-full-');
      return { dir, kind: 'max_page_count', maxPageCount: 800, cleanup };
    },
  ],
])('disk full: %s', (_, makeDisk) => {
  it('stops recording with a disk_full error and keeps every committed sample readable', async () => {
    const disk = makeDisk();
    cleanups.push(() => disk.cleanup());
    console.log(`disk full simulated with: ${disk.kind}`);
    const file = path.join(disk.dir, 'store.db');
    // Room to free later, as a technician would.
    const filler = path.join(disk.dir, 'filler.bin');
    if (disk.kind === 'tmpfs') writeFileSync(filler, Buffer.alloc(512 * 1024));
    const { store, source, result, errors } = await recordUntilFull(disk, file);
    expect(errors.map((e) => e.code)).toEqual(['disk_full']);
    expect(errors[0]!.message).toMatch(/disk holding .*store\.db is full.*free some space/);
    expect(result.error?.code).toBe('disk_full');
    expect(result.committedSamples).toBeGreaterThan(0);
    // Still readable in this process, bit for bit, and structurally sound.
    expect(store.checkIntegrity()).toEqual({ ok: true, messages: ['ok'] });
    const blocks = store.readBlocks(result.recordingId, { fromSample: 0, toSample: result.committedSamples });
    expect(blocks.map((b) => [b.firstSample, b.sampleCount])).toEqual([[0, result.committedSamples]]);
    expect(firstDifference(blocks[0]!.data, source.read(0, result.committedSamples).data)).toBe(-1);
    store.close();

    // Opening again works even while the disk is full; closing the recording may have to wait for space.
    const again = RecordingStore.open(file);
    expect(again.checkIntegrity().ok).toBe(true);
    expect(again.get(result.recordingId).sampleCount).toBe(result.committedSamples);
    const pending = [...again.recovery.failed.map((f) => f.id), ...again.recovery.recovered.map((r) => r.id)];
    if (result.status === 'recording') expect(pending).toEqual([result.recordingId]);
    again.close();
    if (disk.kind === 'tmpfs') rmSync(filler);
    const freed = RecordingStore.open(
      file,
      disk.maxPageCount === undefined ? {} : { maxPageCount: disk.maxPageCount + 50 },
    );
    expect(freed.get(result.recordingId)).toMatchObject({
      status: 'interrupted',
      sampleCount: result.committedSamples,
    });
    expect(freed.get(result.recordingId).stopReason).toMatch(/full|stopped while recording/);
    expect(freed.checkIntegrity().ok).toBe(true);
    freed.close();
  });
});

describe('read-only places', () => {
  it('refuses to create a store in a read-only folder, naming it', () => {
    const place = readOnlyPlace();
    cleanups.push(() => place.cleanup());
    place.lock();
    const file = path.join(place.dir, 'store.db');
    const error = thrown(() => RecordingStore.open(file));
    expect(error.code).toBe('read_only');
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/read-only/);
  });

  it('refuses to open a store whose folder became read-only, and reads it again once writable', async () => {
    const place = readOnlyPlace();
    cleanups.push(() => place.cleanup());
    const file = path.join(place.dir, 'store.db');
    const store = RecordingStore.open(file);
    const source = synthetic(4, 250);
    const writer = await store.startRecording(meta(source, 'before'));
    writer.append(source.read(0, 500));
    await writer.finish();
    store.close();
    place.lock();
    const error = thrown(() => RecordingStore.open(file));
    expect(error.code).toBe('read_only');
    expect(error.message).toMatch(/read-only.*writable data folder/);
    place.unlock();
    const reopened = RecordingStore.open(file);
    const [recording] = reopened.list();
    expect(recording).toMatchObject({ label: 'before', status: 'complete', durationS: 2 });
    const [block] = reopened.readBlocks(recording!.id, { fromSample: 0, toSample: 500 });
    expect(firstDifference(block!.data, source.read(0, 500).data)).toBe(-1);
    expect(reopened.checkIntegrity().ok).toBe(true);
    reopened.close();
  });
});

describe('a database locked by another process', () => {
  it('fails a write with a locked error after the busy timeout, while reads go on', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'store.db');
    const store = RecordingStore.open(file, { busyTimeoutMs: 300 });
    cleanups.push(() => store.close());
    const holder = spawnProgram('hold-lock', [file]);
    cleanups.push(() => holder.kill('SIGKILL'));
    await waitForLine(holder, /^locked$/);
    const error = thrown(() => store.createRecording(meta(synthetic(2, 250), 'while locked')));
    expect(error.code).toBe('locked');
    expect(error.message).toMatch(/locked by another program.*close the other/);
    expect(store.list()).toEqual([]);
    holder.stdin!.end('release\n');
    expect(await exited(holder)).toBe(0);
    expect(store.createRecording(meta(synthetic(2, 250), 'after')).label).toBe('after');
  });

  it('stops a recording cleanly when the lock outlasts the busy timeout; what was committed is kept', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const file = path.join(dir, 'store.db');
    const store = RecordingStore.open(file);
    cleanups.push(() => store.close());
    const source = synthetic(8, 250);
    const writer = await store.startRecording(meta(source, 'locked out'), {
      busyTimeoutMs: 500,
      commitIntervalMs: 50,
      heartbeatMs: 60_000,
    });
    const errors: StorageError[] = [];
    writer.on('error', (e) => errors.push(e));
    writer.append(source.read(0, 250));
    while (writer.stats().committedSamples < 250) await sleep(20);
    const holder = spawnProgram('hold-lock', [file]);
    cleanups.push(() => holder.kill('SIGKILL'));
    await waitForLine(holder, /^locked$/);
    writer.append(source.read(250, 250));
    const result = await writer.done;
    expect(errors.map((e) => e.code)).toEqual(['locked']);
    expect(result).toMatchObject({ committedSamples: 250, status: 'recording' });
    expect(result.error?.message).toMatch(/locked by another program/);
    // Readable while the other process still holds its lock.
    const [block] = store.readBlocks(result.recordingId, { fromSample: 0, toSample: 1000 });
    expect(block!.sampleCount).toBe(250);
    expect(firstDifference(block!.data, source.read(0, 250).data)).toBe(-1);
    holder.stdin!.end('release\n');
    await exited(holder);
    expect(store.recover().recovered.map((r) => [r.id, r.sampleCount])).toEqual([[result.recordingId, 250]]);
    expect(store.get(result.recordingId).status).toBe('interrupted');
    expect(store.checkIntegrity().ok).toBe(true);
  });
});
