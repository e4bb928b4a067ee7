// The caller's data against the real server, on SQLite and on PostgreSQL: EEG and WAV uploads (validated, stored,
// deduplicated, idempotent), resumable uploads, ALBA streams, /api/ask, /status and what DELETE /user removes.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type {
  AlbaDataResponse,
  AskResponse,
  RecordingListResponse,
  SystemStatusResponse,
  UploadResponse,
  UploadSession,
} from '../../../src/shared/cloud';
import { BACKENDS, newUser, useTestCloud, type TestCloud } from '../../helpers/cloud';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO = readFileSync(path.join(ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'));
const DEMO_TEXT = DEMO.toString('utf8');
const DEMO_SAMPLES = DEMO_TEXT.split('\n').filter((l) => /^\d/.test(l)).length;
const EDF = readFileSync(path.join(ROOT, 'test/fixtures/edfbrowser/test_generator.edf'));
const BDF = readFileSync(path.join(ROOT, 'test/fixtures/edfbrowser/test_generator.bdf'));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A real WAV made by sox: `seconds` of a 440 Hz sine, stereo, 16-bit. */
function soxWav(seconds: number, rateHz: number): Buffer {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'clisonix-wav-')), 'tone.wav');
  execFileSync('sox', [
    '-n',
    '-r',
    String(rateHz),
    '-c',
    '2',
    '-b',
    '16',
    file,
    'synth',
    String(seconds),
    'sine',
    '440',
  ]);
  return readFileSync(file);
}

/** The demo recording with one extra header line: other bytes, same content. */
function variantOfDemo(tag: string): Buffer {
  return Buffer.from(DEMO_TEXT.replace('%Board = ', `%Note = ${tag}\n%Board = `));
}

function form(bytes: Uint8Array, fileName: string, fields: Record<string, string> = {}): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.append(k, v);
  data.append('file', new Blob([Uint8Array.from(bytes)]), fileName);
  return data;
}

async function engineReads(c: TestCloud): Promise<SystemStatusResponse['engine']['readers']> {
  const u = await newUser(c, 'status');
  const status = await c.http<SystemStatusResponse>('GET', '/api/system-status', { token: u.login.token });
  return status.body.engine.readers;
}

describe.each(BACKENDS)('recordings and uploads on %s', (backend) => {
  const cloud = useTestCloud(backend, {
    limits: { singleUploadBytes: 4 * 1024 * 1024, partBytes: 1024 * 1024 },
  });

  it('validates an OpenBCI text upload with the engine reader and stores it once', async () => {
    const c = cloud();
    const u = await newUser(c);
    const first = await c.http<UploadResponse>('POST', '/api/uploads/eeg', {
      token: u.login.token,
      body: form(DEMO, 'C:\\lab\\OpenBCI-RAW.txt', { label: 'alpha session' }),
    });
    expect(first.status).toBe(201);
    expect(first.body.duplicate).toBe(false);
    expect(first.body.recording).toMatchObject({
      kind: 'eeg',
      label: 'alpha session',
      file_name: 'OpenBCI-RAW.txt',
      format: 'openbci-text',
      sha256: sha256(DEMO),
      size_bytes: DEMO.length,
      channels: 8,
      sample_rate: 250,
    });
    expect(first.body.recording.duration_s).toBeCloseTo(DEMO_SAMPLES / 250, 9);

    const again = await c.http<UploadResponse>('POST', '/api/uploads/eeg', {
      token: u.login.token,
      apiKey: u.login.api_key,
      body: form(DEMO, 'copy.txt'),
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ recording: first.body.recording, duplicate: true });

    const list = await c.http<RecordingListResponse>('GET', '/api/recordings', { apiKey: u.login.api_key });
    expect(list.body.recordings).toEqual([first.body.recording]);
    const other = await newUser(c, 'other');
    const theirs = await c.http<RecordingListResponse>('GET', '/api/recordings', {
      token: other.login.token,
    });
    expect(theirs.body.recordings).toEqual([]);
  });

  it('honours Idempotency-Key: a replay returns the same recording, a reuse for other content is a 409', async () => {
    const c = cloud();
    const u = await newUser(c);
    const key = `sync-${Date.now()}`;
    const a = variantOfDemo('a');
    const first = await c.http<UploadResponse>('POST', '/api/uploads/eeg', {
      token: u.login.token,
      headers: { 'idempotency-key': key },
      body: form(a, 'a.txt'),
    });
    expect(first.status).toBe(201);
    const replay = await c.http<UploadResponse>('POST', '/api/uploads/eeg', {
      token: u.login.token,
      headers: { 'idempotency-key': key },
      body: form(a, 'a.txt'),
    });
    expect(replay.status).toBe(200);
    expect(replay.body.recording.id).toBe(first.body.recording.id);
    const reuse = await c.http('POST', '/api/uploads/eeg', {
      token: u.login.token,
      headers: { 'idempotency-key': key },
      body: form(variantOfDemo('b'), 'b.txt'),
    });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error).toBe('conflict');
    const badKey = await c.http('POST', '/api/uploads/eeg', {
      token: u.login.token,
      headers: { 'idempotency-key': 'has space' },
      body: form(a, 'a.txt'),
    });
    expect(badKey.status).toBe(400);
  });

  it('refuses files that are not what they claim, with what is wrong', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const damaged = Buffer.from(DEMO_TEXT.replace('0, 61379.36', '0, 61x79.36'));
    const cases: [string, Uint8Array, RegExp][] = [
      ['random bytes', new Uint8Array(4096).map((_, i) => (i * 7919) % 251), /not an EEG file/],
      ['damaged OpenBCI', damaged, /line 6: EXG channel 0 is not a number/],
      ['empty', new Uint8Array(0), /empty/],
      [
        'not UTF-8',
        Buffer.concat([Buffer.from('%OpenBCI Raw EXG Data\n'), Buffer.from([0xff, 0xfe, 0xfd])]),
        /UTF-8/,
      ],
    ];
    for (const [name, bytes, message] of cases) {
      const r = await c.http('POST', '/api/uploads/eeg', { token, body: form(bytes, `${name}.txt`) });
      expect([name, r.status, r.body.error]).toEqual([name, 400, 'invalid_request']);
      expect(r.body.message).toMatch(message);
    }
    const noFile = new FormData();
    noFile.append('label', 'x');
    const missing = await c.http('POST', '/api/uploads/eeg', { token, body: noFile });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toMatch(/field named "file"/);
    const json = await c.http('POST', '/api/uploads/eeg', { token, json: { file: 'x' } });
    expect(json.status).toBe(415);
    const tooBig = await c.http('POST', '/api/uploads/eeg', {
      token,
      body: form(new Uint8Array(5 * 1024 * 1024), 'big.txt'),
    });
    expect(tooBig.status).toBe(413);
    const broken = await c.http('POST', '/api/uploads/eeg', {
      token,
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nabc',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(broken.status).toBe(400);
    expect(
      (await c.http<RecordingListResponse>('GET', '/api/recordings', { token })).body.recordings,
    ).toEqual([]);
  });

  it('reads EDF and BDF uploads with the engine readers once they are wired, and says so until then', async () => {
    const c = cloud();
    const readers = await engineReads(c);
    const u = await newUser(c);
    for (const [format, bytes] of [
      ['edf', EDF],
      ['bdf', BDF],
    ] as const) {
      const r = await c.http<UploadResponse>('POST', '/api/uploads/eeg', {
        token: u.login.token,
        body: form(bytes, `test_generator.${format}`),
      });
      if (readers[format]) {
        const reader = c.server.context.engine.readers[format]!;
        const direct = await reader(bytes);
        expect(r.status).toBe(201);
        expect(r.body.recording).toMatchObject({
          format,
          channels: direct.channels.length,
          sample_rate: Math.max(...direct.channels.map((ch) => ch.sampleRateHz)),
          channel_labels: direct.channels.map((ch) => ch.label),
        });
      } else {
        expect(r.status).toBe(503);
        expect(r.body).toMatchObject({ error: 'engine_unavailable' });
        expect((r.body as unknown as { message: string }).message).toMatch(
          format === 'edf' ? /Reading EDF\/EDF\+ files/ : /Reading BDF\/BDF\+ files/,
        );
      }
    }
  });

  it('validates WAV uploads by their RIFF/WAVE header', async () => {
    const c = cloud();
    const u = await newUser(c);
    const wav = soxWav(1.5, 44_100);
    const r = await c.http<UploadResponse>('POST', '/api/uploads/audio', {
      token: u.login.token,
      body: form(wav, 'tone.wav'),
    });
    expect(r.status).toBe(201);
    expect(r.body.recording).toMatchObject({
      kind: 'audio',
      format: 'wav',
      channels: 2,
      sample_rate: 44_100,
    });
    expect(r.body.recording.duration_s).toBeCloseTo(1.5, 6);
    for (const [name, bytes] of [
      ['truncated', wav.subarray(0, wav.length - 101)],
      ['not RIFF', DEMO.subarray(0, 1000)],
      ['header only', wav.subarray(0, 12)],
    ] as const) {
      const bad = await c.http('POST', '/api/uploads/audio', {
        token: u.login.token,
        body: form(bytes, 'x.wav'),
      });
      expect([name, bad.status, bad.body.error]).toEqual([name, 400, 'invalid_request']);
    }
    // The same bytes as EEG are not EEG.
    const asEeg = await c.http('POST', '/api/uploads/eeg', {
      token: u.login.token,
      body: form(wav, 'tone.wav'),
    });
    expect(asEeg.status).toBe(400);
  });

  it('resumes a large upload part by part, acknowledges retried parts, refuses gaps and verifies the SHA-256', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const file = variantOfDemo('resumable');
    const part = 1024 * 1024;
    const declared = { kind: 'eeg', file_name: 'big.txt', size_bytes: file.length, sha256: sha256(file) };
    const created = await c.http<UploadSession>('POST', '/api/uploads', {
      token,
      json: declared,
      headers: { 'idempotency-key': 'resume-1' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'open',
      received_bytes: 0,
      max_part_bytes: part,
      recording: null,
    });
    const id = created.body.upload_id;
    const replay = await c.http<UploadSession>('POST', '/api/uploads', {
      token,
      json: declared,
      headers: { 'idempotency-key': 'resume-1' },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.upload_id).toBe(id);

    const put = (offset: number, bytes: Uint8Array) =>
      c.http<UploadSession>('PUT', `/api/uploads/${id}/parts?offset=${offset}`, {
        token,
        body: Uint8Array.from(bytes),
        headers: { 'content-type': 'application/octet-stream' },
      });
    expect((await put(0, file.subarray(0, part))).body.received_bytes).toBe(part);
    const retried = await put(0, file.subarray(0, part));
    expect(retried.status).toBe(200);
    expect(retried.body.received_bytes).toBe(part);
    const gap = await put(2 * part, file.subarray(2 * part, 3 * part));
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ error: 'conflict', expected_offset: part });
    const early = await c.http('POST', `/api/uploads/${id}/complete`, { token });
    expect(early.status).toBe(409);
    expect(early.body.expected_offset).toBe(part);
    const tooLarge = await put(part, file.subarray(part, part + part + 1));
    expect(tooLarge.status).toBe(413);
    const notBinary = await c.http('PUT', `/api/uploads/${id}/parts?offset=${part}`, {
      token,
      json: { x: 1 },
    });
    expect(notBinary.status).toBe(415);
    const pastEnd = await put(file.length - 10, new Uint8Array(20));
    expect(pastEnd.status).toBe(400);
    expect((pastEnd.body as unknown as { message: string }).message).toMatch(/past the declared size/);

    for (let offset = part; offset < file.length; offset += part) {
      const r = await put(offset, file.subarray(offset, Math.min(file.length, offset + part)));
      expect(r.status).toBe(200);
    }
    const status = await c.http<UploadSession>('GET', `/api/uploads/${id}`, { apiKey: u.login.api_key });
    expect(status.body.received_bytes).toBe(file.length);
    const done = await c.http<UploadSession>('POST', `/api/uploads/${id}/complete`, { token });
    expect(done.status).toBe(201);
    expect(done.body.status).toBe('complete');
    expect(done.body.recording).toMatchObject({ sha256: sha256(file), channels: 8, size_bytes: file.length });
    const twice = await c.http<UploadSession>('POST', `/api/uploads/${id}/complete`, { token });
    expect(twice.status).toBe(200);
    expect(twice.body.recording?.id).toBe(done.body.recording?.id);
    const afterDone = await put(0, file.subarray(0, part));
    expect(afterDone.status).toBe(409);

    // The stored content is byte for byte what was sent.
    const stored = await c.server.context.database.db
      .selectFrom('recordings')
      .select(['file_id', 'size_bytes'])
      .where('id', '=', done.body.recording!.id)
      .executeTakeFirstOrThrow();
    const { readFileChunks } = await import('../../../src/cloud/storage/files');
    expect(
      sha256(await readFileChunks(c.server.context.database.db, stored.file_id, stored.size_bytes)),
    ).toBe(sha256(file));

    // Declaring content that is already stored needs no upload at all.
    const known = await c.http<UploadSession>('POST', '/api/uploads', { token, json: declared });
    expect(known.status).toBe(201);
    expect(known.body).toMatchObject({ status: 'complete', received_bytes: file.length });
    expect(known.body.recording?.id).toBe(done.body.recording?.id);

    const stranger = await newUser(c, 'stranger');
    expect((await c.http('GET', `/api/uploads/${id}`, { token: stranger.login.token })).status).toBe(404);
  });

  it('starts a declared-wrong upload over, and drops one whose content is not EEG', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const file = variantOfDemo('wrong-sha').subarray(0, 900_000);
    const wrong = await c.http<UploadSession>('POST', '/api/uploads', {
      token,
      json: { kind: 'eeg', file_name: 'x.txt', size_bytes: file.length, sha256: 'ab'.repeat(32) },
    });
    const id = wrong.body.upload_id;
    await c.http('PUT', `/api/uploads/${id}/parts?offset=0`, {
      token,
      body: Uint8Array.from(file),
      headers: { 'content-type': 'application/octet-stream' },
    });
    const mismatch = await c.http('POST', `/api/uploads/${id}/complete`, { token });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toMatch(/SHA-256 is [0-9a-f]{64}, not the declared abab/);
    expect((await c.http<UploadSession>('GET', `/api/uploads/${id}`, { token })).body.received_bytes).toBe(0);

    const junk = new Uint8Array(1000).fill(0x41);
    const notEeg = await c.http<UploadSession>('POST', '/api/uploads', {
      token,
      json: { kind: 'eeg', file_name: 'junk.bin', size_bytes: junk.length, sha256: sha256(junk) },
    });
    await c.http('PUT', `/api/uploads/${notEeg.body.upload_id}/parts?offset=0`, {
      token,
      body: junk,
      headers: { 'content-type': 'application/octet-stream' },
    });
    const refused = await c.http('POST', `/api/uploads/${notEeg.body.upload_id}/complete`, { token });
    expect(refused.status).toBe(400);
    expect((await c.http('GET', `/api/uploads/${notEeg.body.upload_id}`, { token })).status).toBe(404);
    const aborted = await c.http('DELETE', `/api/uploads/${id}`, { token });
    expect(aborted.status).toBe(200);
    expect((await c.http('GET', `/api/uploads/${id}`, { token })).status).toBe(404);
  });
});

describe.each(BACKENDS)('ALBA streams, ask, status and account deletion on %s', (backend) => {
  const cloud = useTestCloud(backend);

  it('starts, appends, reads back, stops and lists a stream; retried appends are recognised', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const start = await c.http('POST', '/api/alba/streams/start', {
      token,
      json: { stream_id: 'lab-1', channels: ['Fp1', 'Fp2', 'O1'], sample_rate: 500 },
    });
    expect(start.status).toBe(201);
    expect(start.body).toMatchObject({
      stream_id: 'lab-1',
      channels: 3,
      channel_labels: ['Fp1', 'Fp2', 'O1'],
      status: 'active',
    });
    const duplicate = await c.http('POST', '/api/alba/streams/start', {
      token,
      json: { stream_id: 'lab-1', channels: 3 },
    });
    expect(duplicate.status).toBe(409);

    const rows = Array.from({ length: 250 }, (_, i) => [i * 0.5, -i, Math.sin(i) * 100]);
    const first = await c.http('POST', '/api/alba/streams/lab-1/data', {
      token,
      json: { samples: rows.slice(0, 100), first_sample: 0 },
    });
    expect(first.body).toEqual({ stream_id: 'lab-1', accepted: 100, duplicate: false, total_samples: 100 });
    const retry = await c.http('POST', '/api/alba/streams/lab-1/data', {
      token,
      json: { samples: rows.slice(0, 100), first_sample: 0 },
    });
    expect(retry.body).toEqual({ stream_id: 'lab-1', accepted: 0, duplicate: true, total_samples: 100 });
    const gap = await c.http('POST', '/api/alba/streams/lab-1/data', {
      token,
      json: { samples: rows.slice(150), first_sample: 150 },
    });
    expect(gap.status).toBe(409);
    expect(gap.body.expected_offset).toBe(100);
    const rest = await c.http('POST', '/api/alba/streams/lab-1/data', {
      apiKey: u.login.api_key,
      json: { samples: rows.slice(100) },
    });
    expect(rest.body.total_samples).toBe(250);

    const read = await c.http<AlbaDataResponse>('GET', '/api/alba/streams/lab-1/data?limit=120', { token });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ first_sample: 130, total_samples: 250, channels: 3, sample_rate: 500 });
    expect(read.body.samples).toEqual(rows.slice(130).map((r) => r.map((v) => Math.fround(v))));
    const all = await c.http<AlbaDataResponse>('GET', '/api/alba/streams/lab-1/data?limit=10000', { token });
    expect(all.body.first_sample).toBe(0);
    expect(all.body.samples).toHaveLength(250);

    const stopped = await c.http('POST', '/api/alba/streams/lab-1/stop', { token });
    expect(stopped.body).toMatchObject({ status: 'stopped', total_samples: 250 });
    expect(typeof stopped.body.stopped_at).toBe('string');
    const late = await c.http('POST', '/api/alba/streams/lab-1/data', {
      token,
      json: { samples: [[1, 2, 3]] },
    });
    expect(late.status).toBe(409);
    expect((await c.http('POST', '/api/alba/streams/lab-1/stop', { token })).status).toBe(200);
    const listed = await c.http('GET', '/api/alba/streams', { token });
    expect((listed.body.streams as { stream_id: string }[]).map((s) => s.stream_id)).toEqual(['lab-1']);
    const stranger = await newUser(c, 'stranger');
    expect(
      (await c.http('GET', '/api/alba/streams/lab-1/data', { token: stranger.login.token })).status,
    ).toBe(404);
    expect((await c.http('GET', '/api/alba/streams/lab-1', { token })).body.status).toBe('stopped');
  });

  it('keeps every row of concurrent appends, each once', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    await c.http('POST', '/api/alba/streams/start', { token, json: { stream_id: 'race', channels: 1 } });
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 20 }, (_, i) => [b * 1000 + i]),
    );
    const results = await Promise.all(
      batches.map((samples) => c.http('POST', '/api/alba/streams/race/data', { token, json: { samples } })),
    );
    expect(results.map((r) => r.status)).toEqual(batches.map(() => 200));
    const read = await c.http<AlbaDataResponse>('GET', '/api/alba/streams/race/data?limit=1000', { token });
    expect(read.body.total_samples).toBe(240);
    const values = read.body.samples.map((r) => r[0]!);
    expect([...values].sort((a, b) => a - b)).toEqual(
      batches
        .flat()
        .map((r) => r[0]!)
        .sort((a, b) => a - b),
    );
    // Each batch stays contiguous and in order.
    for (let i = 0; i < values.length; i += 20) {
      const base = values[i]!;
      expect(values.slice(i, i + 20)).toEqual(Array.from({ length: 20 }, (_, k) => base + k));
    }
  });

  it('answers questions about the caller’s own data, the same way every time', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const ask = (question: string, extra: object = {}) =>
      c.http<AskResponse>('POST', '/api/ask', { token, json: { question, ...extra } });
    const hello = await ask('Hello, Clisonix!');
    expect(hello.body.intent).toBe('greeting');
    expect(hello.body.answer).toMatch(/^Hello! You have 0 recordings and 0 active streams\./);

    const upload = await c.http<UploadResponse>('POST', '/api/uploads/eeg', {
      token,
      body: form(variantOfDemo('ask'), 'ask.txt', { label: 'eyes closed' }),
    });
    await c.http('POST', '/api/alba/streams/start', { token, json: { stream_id: 'live', channels: 2 } });

    const count = await ask('How many recordings do I have?', { include_details: true });
    expect(count.body.intent).toBe('recording_count');
    expect(count.body.answer).toBe(
      `You have 1 recording: 1 EEG and 0 audio, ${(DEMO_SAMPLES / 250).toFixed(1)} s of EEG in total.`,
    );
    expect(count.body.details).toMatchObject({ total: 1, eeg: 1, audio: 0 });
    expect(count.body.sources).toEqual([{ type: 'recording', id: upload.body.recording.id }]);
    expect((await ask('How many recordings do I have?', { include_details: true })).body).toEqual(count.body);

    const latest = await ask('What is my latest recording?');
    expect(latest.body.intent).toBe('latest_recording');
    expect(latest.body.answer).toContain('"eyes closed": EEG (OpenBCI GUI text, 8 channels at 250 Hz');
    expect(latest.body).not.toHaveProperty('details');
    const streams = await ask('Which streams are live?');
    expect(streams.body.answer).toBe(
      'You have 1 stream, 1 active: "live" (2 channels at 250 Hz, 0 samples, active).',
    );
    const detail = await ask('tell me about this one', { context: upload.body.recording.id });
    expect(detail.body.intent).toBe('recording_detail');
    expect(detail.body.answer).toContain('channels Ch1, Ch2, Ch3, Ch4, Ch5, Ch6, Ch7, Ch8');
    const account = await ask('who am I?');
    expect(account.body.answer).toContain(`signed in as ${u.email} with a token`);
    const analyses = await ask('How is my signal quality?');
    expect(analyses.body.intent).toBe('analyses');
    expect(analyses.body.answer).toMatch(/^You have no analyses yet/);
    expect((await ask('')).status).toBe(400);

    const status = await c.http('GET', '/status', { token });
    expect(status.body).toMatchObject({ status: 'ok', auth: 'jwt', recordings: 1, active_streams: 1 });
    expect(status.body.user).toMatchObject({ id: u.login.user_id, email: u.email });
    const system = await c.http<SystemStatusResponse>('GET', '/api/system-status', {
      apiKey: u.login.api_key,
    });
    expect(system.body).toMatchObject({
      status: 'ok',
      version: '1.1.0',
      database: { kind: backend, ok: true },
    });
    expect(system.body.queue.active_streams).toBeGreaterThanOrEqual(1);
  });

  it('answers requests racing DELETE /user with 2xx or 4xx, never a 5xx', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    await c.http('POST', '/api/alba/streams/start', {
      token,
      json: { stream_id: 'race-delete', channels: 2 },
    });
    const traffic = [
      ...Array.from({ length: 12 }, (_, i) =>
        c.http('POST', '/api/alba/streams/race-delete/data', { token, json: { samples: [[i, i]] } }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        c.http('POST', '/api/uploads/eeg', { token, body: form(variantOfDemo(`race-${i}`), 'r.txt') }),
      ),
      c.http('POST', '/auth/api-key', { token, json: { label: 'race' } }),
      c.http('DELETE', '/user', { token }),
      ...Array.from({ length: 6 }, () =>
        c.http('GET', '/api/alba/streams/race-delete/data', { apiKey: u.login.api_key }),
      ),
    ];
    const statuses = (await Promise.all(traffic)).map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => ![200, 201, 401, 404, 409].includes(s))).toEqual([]);
    expect((await c.http('GET', '/status', { token })).status).toBe(401);
  });

  it('DELETE /user removes the recordings, their content, uploads, streams and samples', async () => {
    const c = cloud();
    const u = await newUser(c);
    const keep = await newUser(c, 'keep');
    const token = u.login.token;
    for (const who of [token, keep.login.token]) {
      await c.http('POST', '/api/uploads/eeg', {
        token: who,
        body: form(variantOfDemo(who.slice(-8)), 'r.txt'),
      });
      await c.http('POST', '/api/alba/streams/start', { token: who, json: { stream_id: 's', channels: 1 } });
      await c.http('POST', '/api/alba/streams/s/data', { token: who, json: { samples: [[1], [2]] } });
    }
    const small = variantOfDemo('open').subarray(0, 1000);
    await c.http('POST', '/api/uploads', {
      token,
      json: { kind: 'eeg', file_name: 'o.txt', size_bytes: small.length, sha256: sha256(small) },
    });
    const db = c.server.context.database.db;
    const fileIds = (
      await db.selectFrom('recordings').select('file_id').where('user_id', '=', u.login.user_id).execute()
    ).map((r) => r.file_id);
    expect(fileIds).toHaveLength(1);
    expect((await c.http('DELETE', '/user', { token })).status).toBe(200);
    for (const table of ['recordings', 'uploads', 'alba_streams', 'analyses'] as const) {
      const rows = await db.selectFrom(table).select('id').where('user_id', '=', u.login.user_id).execute();
      expect([table, rows.length]).toEqual([table, 0]);
    }
    expect(
      await db.selectFrom('file_chunks').select('file_id').where('file_id', 'in', fileIds).execute(),
    ).toEqual([]);
    const keptRecordings = await c.http<RecordingListResponse>('GET', '/api/recordings', {
      token: keep.login.token,
    });
    expect(keptRecordings.body.recordings).toHaveLength(1);
    const keptStream = await c.http<AlbaDataResponse>('GET', '/api/alba/streams/s/data', {
      token: keep.login.token,
    });
    expect(keptStream.body.samples).toEqual([[1], [2]]);
  });
});
