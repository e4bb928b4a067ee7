// The brain endpoints. Two things are proven here:
// 1. The HTTP side of each endpoint (input from an upload or a stored recording, decoding with the engine's real
//    readers, validation, storing the analysis, WAV responses) with a recording engine that returns what it was
//    given. The engine's numbers are not this file's business: src/engine has its own tests against scipy/MNE.
// 2. The server's real wiring (src/cloud/engine/wiring.ts): each part that is wired answers with its report, and
//    each part that is not yet wired answers 503 engine_unavailable naming what is missing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopEngine } from '../../../src/cloud/engine/wiring';
import { readWavHeader } from '../../../src/engine/formats/wav';
import type {
  AskResponse,
  EnergyCheckResponse,
  SystemStatusResponse,
  UploadResponse,
} from '../../../src/shared/cloud';
import { BACKENDS, newUser, useTestCloud } from '../../helpers/cloud';
import { recordingEngine } from '../../helpers/engine-spy';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO = readFileSync(path.join(ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'));
const SHORT = Buffer.from(DEMO.toString('utf8').split('\n').slice(0, 600).join('\n'));

function form(bytes: Uint8Array, name = 'rec.txt'): FormData {
  const data = new FormData();
  data.append('file', new Blob([Uint8Array.from(bytes)]), name);
  return data;
}

describe.each(BACKENDS)('brain endpoints over HTTP on %s', (backend) => {
  const spy = recordingEngine();
  const cloud = useTestCloud(backend, { engine: spy.engine });

  it('decodes the uploaded file with the real reader and hands the engine exactly those samples', async () => {
    const c = cloud();
    const u = await newUser(c);
    const r = await c.http<EnergyCheckResponse>('POST', '/api/brain/energy-check', {
      token: u.login.token,
      body: form(SHORT),
    });
    expect(r.status).toBe(200);
    const call = spy.calls.at(-1)!;
    const expected = await desktopEngine.readers['openbci-text']!(SHORT);
    expect(call.eeg?.format).toBe('openbci-text');
    expect(call.eeg?.channels.map((ch) => ch.sampleRateHz)).toEqual(expected.channels.map(() => 250));
    expect(call.eeg?.channels.map((ch) => Array.from(ch.data))).toEqual(
      expected.channels.map((ch) => Array.from(ch.data)),
    );
    expect(r.body.recording).toBeNull();
    expect(r.body.channels.map((ch) => ch.label)).toEqual(expected.channels.map((ch) => ch.label));
    expect(r.body.params).toEqual({ welch: { nperseg: 500 } });
    const stored = await c.server.context.database.db
      .selectFrom('analyses')
      .selectAll()
      .where('id', '=', r.body.analysis_id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ user_id: u.login.user_id, kind: 'energy_check', recording_id: null });
  });

  it('works on a stored recording by id, and /api/ask reports the analysis', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const upload = await c.http<UploadResponse>('POST', '/api/uploads/eeg', {
      token,
      body: form(SHORT, 'short.txt'),
    });
    const id = upload.body.recording.id;
    for (const [path, what] of [
      ['/api/brain/energy-check', 'energy'],
      ['/api/brain/harmony', 'harmony'],
      ['/api/brain/scan-harmonic', 'scan'],
    ] as const) {
      const r = await c.http('POST', `${path}?recording_id=${id}`, { apiKey: u.login.api_key });
      expect([path, r.status]).toEqual([path, 200]);
      expect(r.body.recording).toEqual(upload.body.recording);
      expect(spy.calls.at(-1)?.what).toBe(what);
    }
    const ask = await c.http<AskResponse>('POST', '/api/ask', {
      token,
      json: { question: 'What did my last analysis find?' },
    });
    expect(ask.body.intent).toBe('analyses');
    expect(ask.body.answer).toMatch(
      /^Your latest analysis is a harmonic scan of "short.txt" made .*: 1 peak, the strongest at 10 Hz \(12.0 dB SNR\)\.$/,
    );
    expect(ask.body.sources).toHaveLength(3);

    const stranger = await newUser(c, 'stranger');
    const theirs = await c.http('POST', `/api/brain/harmony?recording_id=${id}`, {
      token: stranger.login.token,
    });
    expect(theirs.status).toBe(404);
  });

  it('validates input: no file, a foreign file, an unknown recording, a bad mode', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const before = spy.calls.length;
    const cases: [string, RequestInit['body'] | undefined, number][] = [
      ['/api/brain/energy-check', undefined, 415],
      ['/api/brain/energy-check', form(new Uint8Array(100).fill(7)), 400],
      [`/api/brain/harmony?recording_id=${crypto.randomUUID()}`, undefined, 404],
      ['/api/brain/scan-harmonic?recording_id=nope', undefined, 400],
      ['/api/brain/music/brainsync', undefined, 400],
      ['/api/brain/music/brainsync?mode=party', undefined, 400],
    ];
    for (const [path, body, status] of cases) {
      const r = await c.http('POST', path, {
        token,
        ...(body === undefined ? {} : { body: body as BodyInit }),
      });
      expect([path, r.status]).toEqual([path, status]);
    }
    expect(spy.calls.length).toBe(before);
  });

  it('returns brainsync and the neural symphony as audio/wav', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const plain = await fetch(`${c.url}/api/brain/music/brainsync?mode=focus`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('audio/wav');
    expect(plain.headers.get('content-disposition')).toBe('attachment; filename="brainsync-focus.wav"');
    expect(readWavHeader(new Uint8Array(await plain.arrayBuffer())).frames).toBe(80);
    expect(spy.calls.at(-1)).toMatchObject({ what: 'brainsync', mode: 'focus', eeg: null });

    const personal = await fetch(`${c.url}/api/brain/music/brainsync?mode=relax`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form(SHORT),
    });
    expect(personal.status).toBe(200);
    expect(spy.calls.at(-1)?.eeg?.channels).toHaveLength(8);

    const none = await c.http('GET', '/api/neural-symphony', { token });
    expect(none.status).toBe(404);
    const upload = await c.http<UploadResponse>('POST', '/api/uploads/eeg', { token, body: form(SHORT) });
    const symphony = await fetch(`${c.url}/api/neural-symphony`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(symphony.status).toBe(200);
    expect(symphony.headers.get('content-type')).toBe('audio/wav');
    expect(symphony.headers.get('content-disposition')).toContain(upload.body.recording.id);
    expect(readWavHeader(new Uint8Array(await symphony.arrayBuffer())).frames).toBe(160);
  });
});

describe('the brain endpoints with the server’s own engine wiring', () => {
  const cloud = useTestCloud('sqlite');

  it('serves what is wired and names what is not', async () => {
    const c = cloud();
    const u = await newUser(c);
    const token = u.login.token;
    const status = await c.http<SystemStatusResponse>('GET', '/api/system-status', { token });
    const engine = status.body.engine;
    expect(engine.readers['openbci-text']).toBe(true);
    const endpoints = [
      ['POST', '/api/brain/energy-check', engine.energy_check, /The energy check/],
      ['POST', '/api/brain/harmony', engine.harmony, /The harmony analysis/],
      ['POST', '/api/brain/scan-harmonic', engine.scan_harmonic, /The harmonic scan/],
      ['POST', '/api/brain/music/brainsync?mode=relax', engine.brainsync, /Brainsync/],
    ] as const;
    for (const [method, path, wired, name] of endpoints) {
      const r = await fetch(`${c.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}` },
        body: form(SHORT),
      });
      if (wired) {
        expect([path, r.status]).toEqual([path, 200]);
        if (path.includes('brainsync')) {
          const wav = readWavHeader(new Uint8Array(await r.arrayBuffer()));
          expect(wav.channels).toBe(2);
        } else {
          const body = (await r.json()) as { analysis_id: string; params: object };
          expect(typeof body.analysis_id).toBe('string');
          expect(typeof body.params).toBe('object');
        }
      } else {
        expect([path, r.status]).toEqual([path, 503]);
        const body = (await r.json()) as { error: string; message: string };
        expect(body.error).toBe('engine_unavailable');
        expect(body.message).toMatch(name);
        expect(body.message).toMatch(/not available in this server build yet/);
      }
    }
    await c.http('POST', '/api/uploads/eeg', { token, body: form(SHORT) });
    const symphony = await fetch(`${c.url}/api/neural-symphony`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (engine.neural_symphony) {
      expect(symphony.status).toBe(200);
      expect(readWavHeader(new Uint8Array(await symphony.arrayBuffer())).frames).toBeGreaterThan(0);
    } else {
      expect(symphony.status).toBe(503);
      expect(((await symphony.json()) as { message: string }).message).toMatch(/The neural symphony/);
    }
  });
});
