import { afterEach, describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../../../src/shared/api';
import { EngineError, EngineHost } from '../../../../src/main/engine-host/engine-host';

const CRASHING = new URL('../../../fixtures/workers/crashing-engine-worker.ts', import.meta.url);
const hosts: EngineHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});

function host(options: ConstructorParameters<typeof EngineHost>[0] = {}) {
  const h = new EngineHost(options);
  hosts.push(h);
  return h;
}

function waitForState(statuses: EngineStatus[], state: EngineStatus['state']): Promise<void> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      if (statuses.some((s) => s.state === state)) {
        clearInterval(poll);
        resolve();
      }
    }, 5);
  });
}

describe('engine host with the real engine worker', () => {
  it('answers in a separate thread and transfers sample buffers instead of copying them', async () => {
    const engine = host();
    const { threadId } = await engine.request('ping', {});
    expect(threadId).toBeGreaterThan(0);

    const channelCount = 3;
    const sampleCount = 1000;
    const data = new Float32Array(channelCount * sampleCount);
    for (let c = 0; c < channelCount; c++)
      for (let i = 0; i < sampleCount; i++) data[c * sampleCount + i] = (c + 1) * (i % 2 ? 1 : -1) + c;
    const progress: number[] = [];
    const result = await engine.request(
      'block.summary',
      { channelCount, sampleCount, data },
      { transfer: [data.buffer], onProgress: (done) => progress.push(done) },
    );
    expect(data.byteLength).toBe(0); // detached: the buffer moved to the worker
    expect([...result.meanUv]).toEqual([0, 1, 2]);
    expect([...result.rmsUv].map((v) => Number(v.toFixed(6)))).toEqual(
      [1, Math.sqrt(5), Math.sqrt(13)].map((v) => Number(v.toFixed(6))),
    );
    expect(progress.at(-1)).toBe(channelCount);
  });

  it('rejects a bad request with a readable error and keeps serving', async () => {
    const engine = host();
    await expect(
      engine.request('block.summary', { channelCount: 2, sampleCount: 5, data: new Float32Array(3) }),
    ).rejects.toThrow('The analysis failed: block holds 3 values, expected 2 x 5');
    expect((await engine.request('ping', {})).threadId).toBeGreaterThan(0);
  });

  it('cancels a running request', async () => {
    const engine = host();
    const controller = new AbortController();
    const sampleCount = 2_000_000;
    const pending = engine.request(
      'block.summary',
      { channelCount: 64, sampleCount, data: new Float32Array(64 * sampleCount) },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 30);
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
  });
});

describe('engine host crash policy', () => {
  it('turns a crash into a readable error and a fresh worker', async () => {
    const statuses: EngineStatus[] = [];
    const engine = host({ entry: CRASHING, onStatus: (s) => statuses.push(s) });
    const before = await engine.request('ping', {});
    const crash = engine.request('block.summary', {
      channelCount: 1,
      sampleCount: 1,
      data: new Float32Array(1),
    });
    await expect(crash).rejects.toThrow(
      /The analysis engine stopped unexpectedly \(it exited with code 3\)\. It is being restarted/,
    );
    await expect(crash).rejects.toBeInstanceOf(EngineError);
    await waitForState(statuses, 'restarting');
    const after = await engine.request('ping', {});
    expect(after.threadId).not.toBe(before.threadId);
    expect(engine.status).toMatchObject({ state: 'ready', restarts: 1 });
  });

  it('stops restarting after repeated crashes and says why, until asked to restart', async () => {
    const statuses: EngineStatus[] = [];
    const engine = host({ entry: CRASHING, maxRestarts: 2, onStatus: (s) => statuses.push(s) });
    for (let i = 0; i < 3; i++) {
      await engine.start();
      await expect(
        engine.request('block.summary', { channelCount: 1, sampleCount: 1, data: new Float32Array(1) }),
      ).rejects.toThrow(EngineError);
      await waitForState(statuses.slice(-1), i < 2 ? 'restarting' : 'failed');
      while (i < 2 && engine.status.state !== 'ready') await new Promise((r) => setTimeout(r, 10));
    }
    expect(engine.status.state).toBe('failed');
    expect(engine.status.lastError).toMatch(/crashed 3 times within 60 s/);
    await expect(engine.request('ping', {})).rejects.toThrow(/The analysis engine is unavailable/);
    await engine.restart();
    expect((await engine.request('ping', {})).threadId).toBeGreaterThan(0);
  });
});
