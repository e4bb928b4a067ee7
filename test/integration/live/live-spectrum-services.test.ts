// The Live page's analysis through the whole services stack: the synthetic headset, the acquisition service,
// the spectrum consumer, the real engine worker (or a crashing one) and the events a UI would hear.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvents, EventName, LiveSpectrum, LiveSpectrumUpdate } from '../../../src/shared/api';
import { decodeFrame, type SampleFrame } from '../../../src/shared/frames';
import { type AppServices, createAppServices } from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';

const resourcesDir = findResourcesDir(import.meta.url);
const CRASHING = new URL('../../fixtures/workers/crashing-engine-worker.ts', import.meta.url);
const running: AppServices[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.dispose()));
});

async function start(engineEntry?: URL) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-live-'));
  const services = createAppServices({
    mode: 'browser',
    version: 't',
    dataDir,
    resourcesDir,
    ...(engineEntry && { engineEntry }),
  });
  running.push(services);
  const spectra: LiveSpectrumUpdate[] = [];
  const frames: SampleFrame[] = [];
  // A UI is attached: frames are listened to, so the live analysis runs.
  services.events.onFrame((f) => frames.push(decodeFrame(f)));
  services.events.onEvent(<E extends EventName>(name: E, payload: ApiEvents[E]) => {
    if (name === 'live.spectrum') spectra.push(payload as LiveSpectrumUpdate);
  });
  return { services, spectra, frames, dataDir };
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const startedAt = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - startedAt > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('live spectrum through the services', () => {
  it('shows a 10 Hz sine as an alpha peak at 10 Hz and labels a silent channel flat', async () => {
    const { services, spectra } = await start();
    const connected = await services.dispatch('source.connect', {
      kind: 'synthetic',
      channelCount: 2,
      sampleRateHz: 250,
      noiseUv: 0,
      signals: [{ channel: 0, frequencyHz: 10, amplitudeUv: 20 }],
    });
    expect(connected.ok).toBe(true);
    const ready = await until('a spectrum', () =>
      spectra.find((s): s is LiveSpectrum => s.state === 'ready'),
    );
    expect(spectra[0]).toMatchObject({ state: 'collecting' });
    expect(ready.bands.map((b) => b.name)).toEqual(['delta', 'theta', 'alpha', 'beta', 'gamma']);
    expect(Math.max(...ready.frequenciesHz)).toBeLessThanOrEqual(60);
    const [sine, silent] = ready.channels;
    const alpha = ready.bands.findIndex((b) => b.name === 'alpha');
    const dominant = sine!.relative.indexOf(Math.max(...sine!.relative.map((r) => r ?? 0)));
    expect(dominant).toBe(alpha);
    expect(sine!.relative[alpha]).toBeGreaterThan(0.9);
    const db = sine!.psdDb.map((v) => v ?? Number.NEGATIVE_INFINITY);
    expect(ready.frequenciesHz[db.indexOf(Math.max(...db))]).toBe(10);
    expect(sine!.quality.label).toBe('good');
    expect(silent!.quality.label).toBe('flat');
    expect(silent!.quality.reasons.join(' ')).toMatch(/^flat: 100\.0 % of 1 s windows/);
    // No board, no known ADC range: the railed check says it is off rather than guess.
    expect(ready.adcRangeUv).toBeNull();
    expect(sine!.quality.reasons).toContain("railed check off: this board's ADC range is unknown");
    // The method returns the latest update for a page opened mid-stream.
    const latest = await services.dispatch('live.spectrum', {});
    expect(latest).toMatchObject({ ok: true, result: { segment: ready.segment } });
  });

  it('validates live.configure and keeps the choice across a restart of the services', async () => {
    const first = await start();
    expect(await first.services.dispatch('live.configure', { filter: 'sharpen' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', issues: [{ path: 'filter' }] },
    });
    expect(await first.services.dispatch('live.configure', {})).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_request',
        message: 'Invalid request to live.configure ((params): give filter and/or mains)',
      },
    });
    expect(await first.services.dispatch('live.configure', { filter: 'band-pass', mains: 60 })).toMatchObject(
      {
        ok: true,
        result: {
          settings: { filter: 'band-pass', mains: 60 },
          applied: { description: '1-45 Hz band-pass' },
        },
      },
    );
    await first.services.dispose();
    const again = createAppServices({ mode: 'browser', version: 't', dataDir: first.dataDir, resourcesDir });
    running.push(again);
    expect(await again.dispatch('live.settings', {})).toMatchObject({
      ok: true,
      result: { settings: { filter: 'band-pass', mains: 60 } },
    });
  });

  it('keeps the traces flowing and says the spectrum is unavailable when the engine crashes', async () => {
    const { services, spectra, frames } = await start(CRASHING);
    await services.dispatch('source.connect', { kind: 'synthetic', channelCount: 2 });
    const unavailable = await until('the unavailable notice', () =>
      spectra.find((s) => s.state === 'unavailable'),
    );
    expect(unavailable.state === 'unavailable' && unavailable.message).toMatch(
      /^The live spectrum is unavailable: The analysis engine stopped unexpectedly/,
    );
    const framesThen = frames.length;
    await until('more frames', () => (frames.length > framesThen + 5 ? true : undefined));
    expect(services.acquisition.status.state).toBe('streaming');
  });
});
