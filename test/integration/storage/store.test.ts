// RecordingStore against real SQLite files: the API the services and the CLI use.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { crc32 as pureCrc32 } from '../../../src/engine/checksum/crc32';
import { SessionWriter } from '../../../src/main/storage/session-writer';
import { openDatabase } from '../../../src/main/storage/database';
import { liveWriters } from '../../../src/main/storage/live-writers';
import { RecordingStore, recordingSummaryJson, type RecordingId } from '../../../src/main/storage';
import type { PullSource } from '../../../src/engine/sources/pull-source';
import { firstDifference, meta, synthetic, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function openStore(options: Parameters<typeof RecordingStore.open>[1] = {}) {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'store.db');
  const store = RecordingStore.open(file, { synchronous: 'NORMAL', ...options });
  cleanups.push(cleanup, () => store.close());
  return { store, file, dir };
}

/** Records `samples` samples of `source` synchronously (in this thread) and closes the recording. */
function record(
  store: RecordingStore,
  file: string,
  source: PullSource,
  samples: number,
  label = 'take',
  status: 'complete' | 'interrupted' | null = 'complete',
): RecordingId {
  const { id } = store.createRecording(meta(source, label));
  const { db } = openDatabase(file, { migrate: false, synchronous: 'NORMAL' });
  const writer = new SessionWriter(db, id);
  for (let at = 0; at < samples; at += 97) writer.block(source.read(at, Math.min(97, samples - at)));
  if (status) writer.finish(status);
  else writer.commit();
  db.close();
  if (status) liveWriters.release(id);
  return id;
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('RecordingStore: recordings', () => {
  it('creates, finds, lists, searches and edits recordings', () => {
    const { store } = openStore({ now: () => 1_700_000_000_000 });
    const source = synthetic(4, 250);
    const a = store.createRecording({
      ...meta(source, 'Resting state'),
      subjectCode: ' S-017 ',
      technician: 'Ana',
      montage: '10-20',
      firmware: 'v3.1.2',
      channels: [
        { label: 'Fp1', gain: 24, reference: 'SRB2' },
        { label: 'Fp2', gain: 24, reference: 'SRB2' },
        { label: 'O1' },
        { label: 'O2' },
      ],
      startedAt: 1_699_999_000_000,
    });
    const b = store.createRecording({ ...meta(source, 'Oddball 100%_done'), startedAt: 1_699_999_500_000 });
    expect(a).toMatchObject({
      label: 'Resting state',
      subjectCode: 'S-017',
      technician: 'Ana',
      board: 'cyton',
      channelCount: 4,
      sampleRateHz: 250,
      chunkSamples: 250,
      status: 'recording',
      syncState: 'local',
      durationS: 0,
      notes: '',
      montage: '10-20',
      firmware: 'v3.1.2',
      startedAt: 1_699_999_000_000,
    });
    expect(a.channels[0]).toEqual({
      index: 0,
      stream: 0,
      sampleRateHz: 250,
      label: 'Fp1',
      unit: 'uV',
      gain: 24,
      reference: 'SRB2',
    });
    expect(a.channels[2]).toEqual({
      index: 2,
      stream: 0,
      sampleRateHz: 250,
      label: 'O1',
      unit: 'uV',
      gain: null,
      reference: null,
    });
    expect(store.list().map((r) => r.label)).toEqual(['Oddball 100%_done', 'Resting state']);
    expect(store.list({ text: 's-017' }).map((r) => r.id)).toEqual([a.id]);
    expect(store.list({ text: '100%_' }).map((r) => r.id)).toEqual([b.id]);
    expect(store.list({ text: '100%x' })).toEqual([]);
    expect(store.list({ text: a.id.slice(0, 8) }).map((r) => r.id)).toEqual([a.id]);
    expect(store.list({ limit: 1, offset: 1 }).map((r) => r.id)).toEqual([a.id]);
    expect(store.rename(a.id, '  Rest, eyes closed ').label).toBe('Rest, eyes closed');
    expect(store.setNotes(a.id, 'electrode O2 loose at 3 min').notes).toBe('electrode O2 loose at 3 min');
    expect(store.list({ text: 'loose' }).map((r) => r.id)).toEqual([a.id]);
    expect(store.update(a.id, { technician: null }).technician).toBeNull();
    expect(store.resolveId(a.id.slice(0, 6))).toBe(a.id);
    expect(() => store.resolveId('ab')).toThrow(/at least 4 characters/);
    expect(() => store.get('no-such-id')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => store.rename(a.id, '   ')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('refuses a recording it could not store faithfully, saying what is wrong', () => {
    const { store } = openStore();
    const source = synthetic(2, 250);
    expect(() => store.createRecording({ ...meta(source), label: '' })).toThrow(/label is empty/);
    expect(() => store.createRecording({ ...meta(source), channels: [] })).toThrow(/at least one channel/);
    expect(() => store.createRecording({ ...meta(source), sampleRateHz: 0 })).toThrow(/sample rate/);
    expect(() => store.createRecording({ ...meta(source), sampleRateHz: Number.NaN })).toThrow(/sample rate/);
    expect(() => store.createRecording({ ...meta(source), channels: [{ label: 'Cz', gain: -1 }] })).toThrow(
      /gain of channel 1 \(Cz\)/,
    );
    expect(() => store.createRecording({ ...meta(source), channels: [{ label: ' ' }] })).toThrow(/channel 1/);
    expect(store.list()).toEqual([]);
  });

  it('gives the list --json shape of docs/design/CLI.md', () => {
    const { store, file } = openStore();
    const source = synthetic(8, 250);
    const id = record(store, file, source, 1000, 'Baseline');
    const [summary] = store.list();
    const json = recordingSummaryJson(summary!);
    expect(json).toMatchObject({
      id,
      label: 'Baseline',
      board: 'cyton',
      channels: 8,
      sample_rate: 250,
      duration_s: 4,
      status: 'complete',
      sync_state: 'local',
    });
    expect(new Date(json.started_at).getTime()).toBe(summary!.startedAt);
    expect(JSON.parse(JSON.stringify({ recordings: [json] }))).toEqual({ recordings: [json] });
  });

  it('moves to the trash, restores, and deletes for good only from the trash', () => {
    const { store, file } = openStore();
    const source = synthetic(8, 500);
    const keep = record(store, file, source, 5000, 'keep');
    const drop = record(store, file, source, 5000, 'drop');
    const open = store.createRecording(meta(source, 'still recording'));
    expect(() => store.trash(open.id)).toThrow(/still being recorded/);
    expect(() => store.emptyTrash([drop])).toThrow(/not in the trash/);
    store.trash(drop);
    expect(store.list().map((r) => r.label)).toEqual(['still recording', 'keep']);
    expect(store.list({ trashed: true }).map((r) => r.id)).toEqual([drop]);
    store.restore(drop);
    expect(store.list({ trashed: true })).toEqual([]);
    store.trash(drop);
    expect(store.get(drop).trashedAt).not.toBeNull();
    expect(store.emptyTrash()).toEqual({ deleted: [drop] });
    expect(store.find(drop)).toBeNull();
    const raw = new Sqlite(file, { readonly: true });
    expect(raw.prepare('SELECT count(*) AS n FROM chunks WHERE recording_id = ?').get(drop)).toEqual({
      n: 0,
    });
    expect(raw.prepare('SELECT count(*) AS n FROM segments WHERE recording_id = ?').get(drop)).toEqual({
      n: 0,
    });
    raw.close();
    const kept = store.readBlocks(keep, { fromSample: 0, toSample: 5000 });
    expect(firstDifference(kept[0]!.data, source.read(0, 5000).data)).toBe(-1);
    expect(store.checkIntegrity()).toEqual({ ok: true, messages: ['ok'] });
  });
});

describe('RecordingStore: samples', () => {
  it('returns any range of samples across chunk boundaries, planar, as recorded', () => {
    const { store, file } = openStore();
    const source = synthetic(5, 200);
    const id = record(store, file, source, 2345);
    fc.assert(
      fc.property(fc.nat(2345), fc.nat(2345), (x, y) => {
        const [from, to] = x <= y ? [x, y] : [y, x];
        const blocks = store.readBlocks(id, { fromSample: from, toSample: to });
        if (from === to) {
          expect(blocks).toEqual([]);
          return;
        }
        expect(blocks).toHaveLength(1);
        expect(blocks[0]).toMatchObject({
          firstSample: from,
          sampleCount: to - from,
          channelCount: 5,
          sampleRateHz: 200,
        });
        expect(firstDifference(blocks[0]!.data, source.read(from, to - from).data)).toBe(-1);
      }),
      { numRuns: 60 },
    );
    expect(store.readBlocks(id, { fromSample: 2000, toSample: 9999 })[0]!.sampleCount).toBe(345);
    expect(() => store.readBlocks(id, { fromSample: 10, toSample: 5 })).toThrow(/not a range/);
    expect(() => store.readBlocks(id, { fromSample: 0.5, toSample: 5 })).toThrow(/not a range/);
  });

  it('iterates a whole recording lazily in bounded blocks', () => {
    const { store, file } = openStore();
    const source = synthetic(3, 250);
    const id = record(store, file, source, 3000);
    const blocks = [...store.iterateBlocks(id, { maxBlockSamples: 400 })];
    expect(blocks.every((b) => b.sampleCount <= 400)).toBe(true);
    expect(blocks.map((b) => b.firstSample)).toEqual(Array.from({ length: 8 }, (_, i) => i * 400));
    expect(blocks.reduce((s, b) => s + b.sampleCount, 0)).toBe(3000);
    for (const b of blocks)
      expect(firstDifference(b.data, source.read(b.firstSample, b.sampleCount).data)).toBe(-1);
  });

  it('stores with each chunk the CRC-32 of its bytes, the same as the pure one of src/engine computes', () => {
    const { store, file } = openStore();
    const id = record(store, file, synthetic(3, 250), 600);
    const raw = new Sqlite(file, { readonly: true });
    const rows = raw
      .prepare('SELECT crc32, data FROM chunks WHERE recording_id = ? ORDER BY first_sample')
      .all(id) as {
      crc32: number;
      data: Buffer;
    }[];
    raw.close();
    expect(rows.map((r) => r.data.length)).toEqual([3000, 3000, 1200]);
    for (const r of rows) expect(r.crc32).toBe(pureCrc32(r.data));
  });

  it('finds a chunk damaged on disk by its CRC and names the samples it held', () => {
    const { store, file } = openStore();
    const source = synthetic(4, 250);
    const id = record(store, file, source, 1000);
    store.close();
    // Flip one bit of sample 600 of channel 2, found by its bytes in the database file.
    const chunk = source.read(500, 250);
    const needle = Buffer.from(chunk.data.buffer, (2 * 250 + 100) * 4, 16);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(needle);
    expect(at).toBeGreaterThan(0);
    bytes[at + 1]! ^= 0x04;
    writeFileSync(file, bytes);
    const reopened = RecordingStore.open(file);
    cleanups.push(() => reopened.close());
    // SQLite's own check cannot see it: the damage is inside the payload.
    expect(reopened.checkIntegrity().ok).toBe(true);
    expect(() => reopened.readBlocks(id, { fromSample: 0, toSample: 1000 })).toThrow(
      expect.objectContaining({
        code: 'corrupt',
        message: expect.stringMatching(/samples 500\.\.749 of recording .* CRC-32/),
      }),
    );
    // The intact chunks still read.
    const before = reopened.readBlocks(id, { fromSample: 0, toSample: 500 });
    expect(firstDifference(before[0]!.data, source.read(0, 500).data)).toBe(-1);
    expect(reopened.verifyRecording(id).map((c) => [c.firstSample, c.sampleCount])).toEqual([[500, 250]]);
  });
});

describe('RecordingStore: recovery', () => {
  it('closes a recording whose writer process died as interrupted, ended at its last committed sample', () => {
    const { store, file } = openStore();
    const source = synthetic(2, 250);
    const id = record(store, file, source, 750, 'crashed', null);
    liveWriters.release(id);
    const pid = deadPid();
    const raw = new Sqlite(file);
    raw.prepare('UPDATE recordings SET writer_pid = ? WHERE id = ?').run(pid, id);
    const segmentStart = (
      raw.prepare('SELECT started_at FROM segments WHERE recording_id = ?').get(id) as { started_at: number }
    ).started_at;
    raw.close();
    const report = store.recover();
    expect(report.recovered).toEqual([
      { id, label: 'crashed', sampleCount: 750, durationS: 3, endedAt: segmentStart + 3000 },
    ]);
    expect(store.get(id)).toMatchObject({
      status: 'interrupted',
      endedAt: segmentStart + 3000,
      sampleCount: 750,
    });
    expect(store.get(id).stopReason).toMatch(/stopped while recording/);
    expect(store.recover().recovered).toEqual([]);
    expect(
      firstDifference(
        store.readBlocks(id, { fromSample: 0, toSample: 750 })[0]!.data,
        source.read(0, 750).data,
      ),
    ).toBe(-1);
  });

  it('leaves alone recordings whose writer lives: in this process, in another live process, or elsewhere and fresh', () => {
    const now = 1_800_000_000_000;
    const { store, file } = openStore({ now: () => now, staleWriterMs: 60_000 });
    const source = synthetic(2, 250);
    const mine = store.createRecording(meta(source, 'mine')).id;
    const other = store.createRecording(meta(source, 'other process')).id;
    const remote = store.createRecording(meta(source, 'other machine, fresh')).id;
    const stale = store.createRecording(meta(source, 'other machine, silent')).id;
    for (const id of [other, remote, stale]) liveWriters.release(id);
    const raw = new Sqlite(file);
    raw
      .prepare('UPDATE recordings SET writer_pid = ?, heartbeat_at = ? WHERE id = ?')
      .run(process.ppid, now - 1000, other);
    raw
      .prepare("UPDATE recordings SET writer_host = 'lab-pc-2', heartbeat_at = ? WHERE id = ?")
      .run(now - 5000, remote);
    raw
      .prepare("UPDATE recordings SET writer_host = 'lab-pc-2', heartbeat_at = ? WHERE id = ?")
      .run(now - 120_000, stale);
    raw.close();
    const report = store.recover();
    expect(report.recovered.map((r) => r.id)).toEqual([stale]);
    expect([...report.stillRecording].sort()).toEqual([mine, other, remote].sort());
  });
});

describe('RecordingStore: markers, analyses, audio clips, outbox', () => {
  it('keeps markers and analyses with their recording', () => {
    const { store, file } = openStore();
    const source = synthetic(2, 250);
    const id = record(store, file, source, 500);
    const m = store.addMarker(id, { atSample: 260, label: 'stimulus', source: 'user' });
    store.addMarker(id, { atSample: 10, label: 'start', source: 'device' });
    expect(store.markers(id).map((x) => x.label)).toEqual(['start', 'stimulus']);
    expect(store.markers(id, { fromSample: 100, toSample: 300 }).map((x) => x.label)).toEqual(['stimulus']);
    expect(store.removeMarker(id, m.id)).toBe(true);
    expect(() => store.addMarker(id, { atSample: -1, label: 'x', source: 'user' })).toThrow(/>= 0/);
    expect(() =>
      store.addMarker('missing' as RecordingId, { atSample: 1, label: 'x', source: 'user' }),
    ).toThrow(/no recording/);
    const a = store.analyses.add({
      recordingId: id,
      kind: 'report',
      params: { welch: { segment: 512 } },
      result: { alpha: [1.5, 2] },
      engineVersion: '0.1.0',
    });
    expect(store.analyses.list(id)).toEqual([a]);
    expect(a.result).toEqual({ alpha: [1.5, 2] });
    expect(() => store.analyses.add({ ...a, kind: ' ' })).toThrow(/kind/);
  });

  it('keeps audio clips with a CRC and reports a damaged one', () => {
    const { store, file } = openStore();
    const wav = new Uint8Array(4000).map((_, i) => i & 0xff);
    const clip = store.audioClips.add({
      kind: 'symphony',
      label: 'alpha song',
      sampleRateHz: 44100,
      channelCount: 2,
      frameCount: 1000,
      format: 'wav',
      data: wav,
    });
    expect(clip).toMatchObject({ recordingId: null, byteLength: 4000, kind: 'symphony' });
    expect(store.audioClips.data(clip.id)).toEqual(wav);
    const raw = new Sqlite(file);
    raw
      .prepare('UPDATE audio_clips SET data = ? WHERE id = ?')
      .run(Buffer.from(wav.map((v) => v ^ 1)), clip.id);
    raw.close();
    expect(() => store.audioClips.data(clip.id)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('derives each recording sync state from the outbox', () => {
    let now = 1000;
    const { store, file } = openStore({ now: () => now });
    const source = synthetic(2, 250);
    const id = record(store, file, source, 250);
    const state = () => store.get(id).syncState;
    expect(state()).toBe('local');
    const item = store.outbox.enqueue({ recordingId: id, kind: 'upload', payload: { format: 'edf' } });
    expect(state()).toBe('queued');
    expect(store.outbox.due().map((i) => i.id)).toEqual([item.id]);
    store.outbox.markUploading(item.id);
    expect(state()).toBe('uploading');
    store.outbox.markFailed(item.id, 'HTTP 503', 5000);
    expect(state()).toBe('queued');
    expect(store.outbox.due()).toEqual([]);
    now = 6000;
    expect(store.outbox.due()[0]).toMatchObject({ attempts: 1, lastError: 'HTTP 503' });
    store.outbox.markUploading(item.id);
    store.outbox.markFailed(item.id, 'HTTP 413: too large', null);
    expect(state()).toBe('needs_attention');
    const retry = store.outbox.enqueue({ recordingId: id, kind: 'upload' });
    store.outbox.markDone(item.id);
    store.outbox.markUploading(retry.id);
    expect(store.outbox.requeueInterrupted()).toBe(1);
    store.outbox.markDone(retry.id);
    store.outbox.markRecordingSynced(id, 'cloud-42');
    expect(store.get(id)).toMatchObject({ syncState: 'synced', cloudId: 'cloud-42' });
    expect(() => store.outbox.markDone(999)).toThrow(/no outbox item/);
  });
});
