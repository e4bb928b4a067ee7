// The brain endpoints with the real engine wired in (src/cloud/engine/wiring.ts): the same numbers as the
// desktop's engine, for uploads of every format, mixed-rate EDF included.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../src/engine/brain';
import { decodeEegFile } from '../../../src/engine/formats';
import type { EnergyCheckResponse, HarmonyResponse, ScanHarmonicResponse } from '../../../src/shared/cloud';
import { newUser, useTestCloud } from '../../helpers/cloud';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const DEMO = readFileSync(path.join(ROOT, 'resources/demo/OpenBCI_GUI-v6-blinks-jawClench-alpha.txt'));
const GENERATOR_EDF = readFileSync(path.join(ROOT, 'test/fixtures/edfbrowser/test_generator.edf'));

function form(bytes: Uint8Array, name: string): FormData {
  const data = new FormData();
  data.append('file', new Blob([Uint8Array.from(bytes)]), name);
  return data;
}

describe('brain endpoints with the real engine', { timeout: 120_000 }, () => {
  const cloud = useTestCloud('sqlite');

  it('energy check of the OpenBCI sample equals the desktop engine, channel by channel', async () => {
    const c = cloud();
    const u = await newUser(c);
    const r = await c.http<EnergyCheckResponse>('POST', '/api/brain/energy-check', {
      token: u.login.token,
      body: form(DEMO, 'demo.txt'),
    });
    expect(r.status).toBe(200);
    const decoded = decodeEegFile(DEMO, {
      fileName: 'demo.txt',
      decodeText: (b) => Buffer.from(b).toString('utf8'),
    });
    const direct = analyze({ channels: decoded.channels });
    expect(r.body.channels).toHaveLength(8);
    for (const [i, ch] of r.body.channels.entries()) {
      const d = direct.channels[i]!;
      expect(ch.label).toBe(d.label);
      expect(ch.rms_uv).toBeCloseTo(d.rmsUv, 6);
      expect(ch.bands.alpha).toBeCloseTo(d.bandsUv2.alpha!, 6);
      expect(ch.quality).toBe(d.quality.label);
      // The Cyton's ADC range is known for OpenBCI files, so railing is judged, not guessed.
      expect(ch.railed_fraction).not.toBeNull();
    }
    // The sample is dominated by 60 Hz mains: the engine says so.
    expect(r.body.channels.every((ch) => (ch.line_noise_ratio ?? 0) > 0.5)).toBe(true);
  });

  it('harmony of the OpenBCI sample gives an index in 0..1 over all 28 pairs', async () => {
    const c = cloud();
    const u = await newUser(c);
    const r = await c.http<HarmonyResponse>('POST', '/api/brain/harmony', {
      token: u.login.token,
      body: form(DEMO, 'demo.txt'),
    });
    expect(r.status).toBe(200);
    expect(r.body.pairs).toHaveLength(28);
    expect(r.body.index).toBeGreaterThan(0);
    expect(r.body.index).toBeLessThanOrEqual(1);
  });

  it('harmonic scan of an uploaded EDF finds every generator sine at its frequency', async () => {
    const c = cloud();
    const u = await newUser(c);
    const r = await c.http<ScanHarmonicResponse>('POST', '/api/brain/scan-harmonic', {
      token: u.login.token,
      body: form(GENERATOR_EDF, 'test_generator.edf'),
    });
    expect(r.status).toBe(200);
    const sines = r.body.channels.flatMap((ch) => {
      const hz = /^sine ([\d.]+) Hz$/.exec(ch.label)?.[1];
      return hz ? [{ label: ch.label, hz: Number(hz), peaks: ch.peaks }] : [];
    });
    expect(sines.length).toBeGreaterThanOrEqual(6);
    const binWidthHz = 0.5; // 2 s Welch segments
    for (const sine of sines.filter((s) => s.hz >= 1)) {
      const nearest = Math.min(...sine.peaks.map((p) => Math.abs(p.hz - sine.hz)));
      expect(
        nearest,
        `${sine.label}: peaks at ${sine.peaks.map((p) => p.hz).join(', ')}`,
      ).toBeLessThanOrEqual(binWidthHz);
    }
  });
});
