// The writer's synchronous core against a real SQLite file: re-chunking, commits, gaps, segments, markers.
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { chunkSamplesFor } from '../../../src/main/storage/chunk-codec';
import { openDatabase } from '../../../src/main/storage/database';
import { SessionWriter } from '../../../src/main/storage/session-writer';
import { RecordingStore, type RecordingId } from '../../../src/main/storage';
import type { SampleBlock } from '../../../src/shared/samples';
import { firstDifference, meta, synthetic, tempDir } from './helpers';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function setup(channelCount = 3, sampleRateHz = 250) {
  const { dir, cleanup } = tempDir();
  const file = path.join(dir, 'store.db');
  // NORMAL: these tests are about content, not durability (the kill test is), and fsyncs would slow them.
  const store = RecordingStore.open(file, { synchronous: 'NORMAL' });
  const source = synthetic(channelCount, sampleRateHz);
  const recording = store.createRecording(meta(source));
  const { db } = openDatabase(file, { migrate: false, synchronous: 'NORMAL' });
  cleanups.push(
    cleanup,
    () => store.close(),
    () => db.close(),
  );
  const writer = new SessionWriter(db, recording.id);
  return { store, db, source, id: recording.id, writer, file };
}

/** The values of `block` at clock indices [from, to) of one channel. */
function channelSlice(block: SampleBlock, channel: number, from: number, to: number): number[] {
  const start = channel * block.sampleCount + (from - block.firstSample);
  return [...block.data.subarray(start, start + (to - from))];
}

function chunkRows(db: Database, id: RecordingId) {
  return db
    .prepare('SELECT id, first_sample, sample_count FROM chunks WHERE recording_id = ? ORDER BY first_sample')
    .all(id) as { id: number; first_sample: number; sample_count: number }[];
}

describe('SessionWriter', () => {
  it('re-chunks blocks of any sizes into ~1 s chunks and reads back every sample exactly', () => {
    const { store, db, source } = setup();
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.boolean(), { minLength: 25, maxLength: 25 }),
        (sizes, commitAfter) => {
          const { id } = store.createRecording(meta(source));
          const writer = new SessionWriter(db, id);
          let at = 0;
          sizes.forEach((n, i) => {
            writer.block(source.read(at, n));
            at += n;
            if (commitAfter[i]) writer.commit();
          });
          writer.finish('complete');
          const rows = chunkRows(db, id);
          rows.forEach((r, i) => {
            expect(r.first_sample).toBe(i * 250);
            if (i < rows.length - 1) expect(r.sample_count).toBe(250);
          });
          expect(rows.reduce((s, r) => s + r.sample_count, 0)).toBe(at);
          const blocks = store.readBlocks(id, { fromSample: 0, toSample: at });
          expect(blocks.map((b) => [b.firstSample, b.sampleCount])).toEqual([[0, at]]);
          expect(firstDifference(blocks[0]!.data, source.read(0, at).data)).toBe(-1);
          expect(store.get(id)).toMatchObject({ status: 'complete', sampleCount: at });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('commits the growing chunk and rewrites the same row as it fills, then starts the next', () => {
    const { db, source, id, writer } = setup();
    writer.block(source.read(0, 100));
    expect(writer.commit()).toMatchObject({ committedSamples: 100, committedBytes: 3 * 100 * 4 });
    const [first] = chunkRows(db, id);
    expect(first).toMatchObject({ first_sample: 0, sample_count: 100 });
    writer.block(source.read(100, 100));
    writer.commit();
    expect(chunkRows(db, id)).toEqual([{ id: first!.id, first_sample: 0, sample_count: 200 }]);
    writer.block(source.read(200, 120));
    writer.commit();
    expect(chunkRows(db, id)).toEqual([
      { id: first!.id, first_sample: 0, sample_count: 250 },
      { id: expect.any(Number), first_sample: 250, sample_count: 70 },
    ]);
    expect(db.prepare('SELECT sample_count FROM recordings WHERE id = ?').get(id)).toEqual({
      sample_count: 320,
    });
  });

  it('writes nothing of a commit that fails, keeps it all pending, and commits it all later', () => {
    const { store, db, source, id, writer } = setup(16, 250);
    writer.block(source.read(0, 250));
    writer.commit();
    const pages = db.pragma('page_count', { simple: true }) as number;
    writer.block(source.read(250, 2500));
    writer.marker({ atSample: 300, label: 'blink', source: 'user' });
    writer.gap({ atSample: 2800, missingSamples: 50, reason: 'buffer-overrun' });
    db.pragma(`max_page_count = ${pages}`);
    expect(() => writer.commit()).toThrow(/full/);
    expect(store.get(id)).toMatchObject({ sampleCount: 250, markerCount: 0, gapCount: 0 });
    expect(chunkRows(db, id)).toHaveLength(1);
    expect(store.checkIntegrity().ok).toBe(true);
    db.pragma('max_page_count = 1073741823');
    writer.block(source.read(2800, 100));
    writer.finish('complete');
    expect(store.get(id)).toMatchObject({ sampleCount: 2900, markerCount: 1, gapCount: 1 });
    const blocks = store.readBlocks(id, { fromSample: 0, toSample: 2900 });
    expect(blocks.map((b) => [b.firstSample, b.sampleCount])).toEqual([
      [0, 2750],
      [2800, 100],
    ]);
    expect(blocks[0]!.data).toEqual(source.read(0, 2750).data);
    expect(blocks[1]!.data).toEqual(source.read(2800, 100).data);
  });

  it('keeps the clock through gaps: counted by the source, not counted, or only seen as a jump', () => {
    const { store, source, id, writer } = setup();
    writer.block(source.read(0, 100));
    // The source's clock counts the lost samples: 100..109 are missing, the next block starts at 110.
    writer.gap({ atSample: 110, missingSamples: 10, reason: 'counter-jump' });
    writer.block(source.read(110, 50));
    // A jump nobody reported: 160..169 missing.
    writer.block(source.read(170, 30));
    // A source whose clock does not count the 5 lost samples: its next block continues at 200.
    writer.gap({ atSample: 200, missingSamples: 5, reason: 'buffer-overrun' });
    writer.block(source.read(200, 20));
    writer.finish('complete');
    expect(store.gaps(id).map((g) => [g.atSample, g.missingSamples, g.reason])).toEqual([
      [110, 10, 'counter-jump'],
      [170, 10, 'counter-jump'],
      [205, 5, 'buffer-overrun'],
    ]);
    const blocks = store.readBlocks(id, { fromSample: 0, toSample: 1000 });
    expect(blocks.map((b) => [b.firstSample, b.sampleCount])).toEqual([
      [0, 100],
      [110, 50],
      [170, 30],
      [205, 20],
    ]);
    expect(channelSlice(blocks[3]!, 2, 205, 225)).toEqual([...source.read(200, 20).data.subarray(40, 60)]);
    expect(store.get(id).sampleCount).toBe(225);
  });

  it('puts each reconnection in a new segment after the previous one, its clock starting again', () => {
    const { store, source, id, writer } = setup();
    writer.block(source.read(0, 300));
    writer.marker({ atSample: 120, label: 'eyes open', source: 'user' });
    writer.startSegment(5_000);
    writer.block(source.read(0, 80));
    writer.marker({ atSample: 40, label: 'eyes closed', source: 'user' });
    writer.startSegment(9_000);
    writer.block(source.read(1000, 10));
    writer.finish('complete');
    const r = store.get(id);
    expect(
      r.segments.map((s) => [s.seq, s.firstSample, s.sampleCount, s.sourceFirstSample, s.startedAt]),
    ).toEqual([
      [0, 0, 300, 0, r.startedAt],
      [1, 300, 80, 0, 5_000],
      [2, 380, 10, 1000, 9_000],
    ]);
    expect(store.markers(id).map((m) => [m.atSample, m.label])).toEqual([
      [120, 'eyes open'],
      [340, 'eyes closed'],
    ]);
    const blocks = store.readBlocks(id, { fromSample: 250, toSample: 390 });
    expect(blocks.map((b) => [b.firstSample, b.sampleCount])).toEqual([
      [250, 50],
      [300, 80],
      [380, 10],
    ]);
    expect(blocks[1]!.data).toEqual(source.read(0, 80).data);
    expect(blocks[2]!.data).toEqual(source.read(1000, 10).data);
  });

  it('refuses blocks that overlap stored samples or do not fit, and keeps recording', () => {
    const { store, source, id, writer } = setup();
    writer.block(source.read(0, 100));
    expect(() => writer.block(source.read(50, 100))).toThrow(
      expect.objectContaining({
        code: 'invalid_input',
        message: expect.stringMatching(/starts at sample 50.*up to 99/),
      }),
    );
    expect(() => writer.block(synthetic(4, 250).read(100, 10))).toThrow(/4 channels.*recording of 3/);
    expect(() => writer.block(synthetic(3, 500).read(100, 10))).toThrow(/500 Hz/);
    expect(() => writer.gap({ atSample: 60, missingSamples: 5, reason: 'counter-jump' })).toThrow(/overlaps/);
    expect(() => writer.marker({ atSample: 3, label: '  ', source: 'user' })).toThrow(/label/);
    writer.block(source.read(100, 20));
    writer.finish('complete');
    expect(store.get(id).sampleCount).toBe(120);
    expect(store.gaps(id)).toEqual([]);
  });

  it('stops when another program closed the recording under it', () => {
    const { db, source, id, writer } = setup();
    writer.block(source.read(0, 10));
    writer.commit();
    db.prepare("UPDATE recordings SET status = 'interrupted' WHERE id = ?").run(id);
    writer.block(source.read(10, 10));
    expect(() => writer.commit()).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('closes with the reason, and takes nothing more afterwards', () => {
    const { store, source, id, writer } = setup();
    writer.block(source.read(0, 10));
    writer.finish('interrupted', 'The headset battery died.');
    expect(store.get(id)).toMatchObject({
      status: 'interrupted',
      stopReason: 'The headset battery died.',
      sampleCount: 10,
    });
    expect(() => writer.block(source.read(10, 10))).toThrow(/already closed/);
  });
});

describe('chunk size', () => {
  it('is one second of samples, capped at 4 MiB of values for very wide recordings', () => {
    expect(chunkSamplesFor(250, 16)).toBe(250);
    expect(chunkSamplesFor(1000, 64)).toBe(1000);
    expect(chunkSamplesFor(512.5, 8)).toBe(513);
    expect(chunkSamplesFor(16000, 256)).toBe(4096);
    expect(chunkSamplesFor(0.5, 1)).toBe(1);
  });
});
