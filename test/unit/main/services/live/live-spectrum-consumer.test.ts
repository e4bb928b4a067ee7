import { describe, expect, it } from 'vitest';
import type { LiveSpectrumUpdate, SourceStatus } from '../../../../../src/shared/api';
import type { SampleBlock } from '../../../../../src/shared/samples';
import { IDLE_STATUS } from '../../../../../src/main/services/acquisition';
import { computeLiveSpectrum, type LiveSpectrumInput } from '../../../../../src/engine/live';
import {
  adcRangeOf,
  type AnalyseWindow,
  LiveSpectrumConsumer,
} from '../../../../../src/main/services/live/live-spectrum-consumer';

const FS = 250;
const status = (segment: number, board: SourceStatus['board'] = null): SourceStatus => ({
  ...IDLE_STATUS,
  state: 'streaming',
  kind: 'synthetic',
  board,
  sampleRateHz: FS,
  channelLabels: ['A', 'B'],
  segment,
});

function block(firstSample: number, sampleCount: number): SampleBlock {
  const data = new Float32Array(2 * sampleCount);
  for (let i = 0; i < sampleCount; i++) {
    data[i] = 20 * Math.sin((2 * Math.PI * 10 * (firstSample + i)) / FS);
    data[sampleCount + i] = 5 * Math.sin((2 * Math.PI * 20 * (firstSample + i)) / FS);
  }
  return { firstSample, sampleCount, channelCount: 2, sampleRateHz: FS, data };
}

/** An engine the test answers by hand, running the real computation when it does. */
function manualEngine() {
  const calls: { input: LiveSpectrumInput; resolve: () => void; reject: (e: Error) => void }[] = [];
  const analyse: AnalyseWindow = (input) =>
    new Promise((resolve, reject) => {
      calls.push({
        input,
        resolve: () => resolve({ ...computeLiveSpectrum(input), computeMs: 1.5 }),
        reject,
      });
    });
  return { calls, analyse };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const engine = manualEngine();
  const published: LiveSpectrumUpdate[] = [];
  const mains: (number | null)[] = [];
  const consumer = new LiveSpectrumConsumer({
    analyse: engine.analyse,
    publish: (u) => published.push(u),
    onMainsSeen: (hz) => mains.push(hz),
  });
  return { consumer, engine, published, mains };
}

describe('live spectrum consumer', () => {
  it('collects 2 s before the first window, then sends the newest 4 s at most', async () => {
    const { consumer, engine, published } = setup();
    expect(consumer.tick()).toBe('idle');
    consumer.segmentStarted(1, status(1));
    expect(published).toEqual([
      { state: 'collecting', segment: 1, message: 'Collecting 2 s of signal for the spectrum…' },
    ]);
    consumer.block(block(0, 499), 1);
    expect(consumer.tick()).toBe('collecting');
    consumer.block(block(499, 1), 1);
    expect(consumer.tick()).toBe('sent');
    expect(engine.calls[0]!.input).toMatchObject({ channelCount: 2, sampleCount: 500, sampleRateHz: FS });
    engine.calls[0]!.resolve();
    await settle();
    consumer.block(block(500, 1500), 1);
    expect(consumer.tick()).toBe('sent');
    const { input } = engine.calls[1]!;
    expect(input.sampleCount).toBe(1000);
    // The newest samples, oldest first, planar: sample 1000..1999 of each channel.
    expect(Array.from(input.data.subarray(0, 3))).toEqual(Array.from(block(1000, 3).data.subarray(0, 3)));
    expect(input.data[1000]).toBe(block(1000, 1).data[1]);
  });

  it('skips (and counts) ticks while the engine is busy, never queueing a second window', async () => {
    const { consumer, engine, published } = setup();
    consumer.segmentStarted(1, status(1));
    consumer.block(block(0, 600), 1);
    expect(consumer.tick()).toBe('sent');
    consumer.block(block(600, 60), 1);
    expect(consumer.tick()).toBe('busy');
    consumer.block(block(660, 60), 1);
    expect(consumer.tick()).toBe('busy');
    expect(engine.calls).toHaveLength(1);
    expect(consumer.ticksSkipped).toBe(2);
    engine.calls[0]!.resolve();
    await settle();
    const ready = published.at(-1);
    expect(ready).toMatchObject({
      state: 'ready',
      segment: 1,
      endSample: 600,
      windowSeconds: 2.4,
      ticksSkipped: 2,
    });
    expect(consumer.tick()).toBe('sent');
  });

  it('waits, uncounted, while the engine is starting', () => {
    const engine = manualEngine();
    let ready = false;
    const consumer = new LiveSpectrumConsumer({
      analyse: engine.analyse,
      publish: () => undefined,
      engineReady: () => ready,
    });
    consumer.segmentStarted(1, status(1));
    consumer.block(block(0, 600), 1);
    expect(consumer.tick()).toBe('engine-starting');
    expect(consumer.ticksSkipped).toBe(0);
    ready = true;
    expect(consumer.tick()).toBe('sent');
  });

  it('does not analyse the same samples twice when nothing new arrived', async () => {
    const { consumer, engine } = setup();
    consumer.segmentStarted(1, status(1));
    consumer.block(block(0, 600), 1);
    consumer.tick();
    engine.calls[0]!.resolve();
    await settle();
    expect(consumer.tick()).toBe('unchanged');
    expect(consumer.ticksSkipped).toBe(0);
  });

  it('publishes compact JSON: PSD in 0.1 dB steps up to 60 Hz, band powers, quality, the mains seen', async () => {
    const { consumer, engine, published, mains } = setup();
    consumer.segmentStarted(3, status(3, 'cyton'));
    consumer.block(block(0, 1000), 3);
    consumer.tick();
    engine.calls[0]!.resolve();
    await settle();
    const update = published.at(-1);
    if (update?.state !== 'ready') throw new Error('expected a spectrum');
    expect(update.frequenciesHz[0]).toBe(0);
    expect(update.frequenciesHz.at(-1)).toBe(60);
    expect(update.binWidthHz).toBe(0.5);
    expect(update.adcRangeUv).toEqual({ min: -187_500, max: 187_500 });
    const a = update.channels[0]!;
    expect(a.psdDb).toHaveLength(121);
    expect(a.psdDb.every((v) => v === null || Math.abs(v * 10 - Math.round(v * 10)) < 1e-9)).toBe(true);
    expect(update.frequenciesHz[a.psdDb.indexOf(Math.max(...a.psdDb.map((v) => v ?? -Infinity)))]).toBe(10);
    expect(a.quality.label).toBe('good');
    expect(update.channels[1]!.relative[3]).toBeGreaterThan(0.9); // 20 Hz: beta
    expect(mains).toEqual([null]);
    expect(JSON.stringify(update).length).toBeLessThan(4000);
  });

  it('drops a late answer about a segment that has ended, and says when the engine fails, once', async () => {
    const { consumer, engine, published } = setup();
    consumer.segmentStarted(1, status(1));
    consumer.block(block(0, 600), 1);
    consumer.tick();
    consumer.segmentStarted(2, status(2));
    engine.calls[0]!.resolve();
    await settle();
    expect(published.filter((u) => u.state === 'ready')).toEqual([]);

    consumer.block(block(0, 600), 2);
    consumer.tick();
    engine.calls[1]!.reject(new Error('The analysis engine is unavailable: it crashed 4 times'));
    await settle();
    consumer.block(block(600, 10), 2);
    consumer.tick();
    engine.calls[2]!.reject(new Error('The analysis engine is unavailable: it crashed 4 times'));
    await settle();
    expect(published.filter((u) => u.state === 'unavailable')).toEqual([
      {
        state: 'unavailable',
        segment: 2,
        message: 'The live spectrum is unavailable: The analysis engine is unavailable: it crashed 4 times',
      },
    ]);
  });

  it('never bridges a gap: the window fills again after it', () => {
    const { consumer, engine, published } = setup();
    consumer.segmentStarted(1, status(1));
    consumer.block(block(0, 600), 1);
    consumer.gap({ atSample: 700, missingSamples: 100, reason: 'counter-jump' }, 1);
    expect(published.at(-1)).toMatchObject({ state: 'collecting' });
    consumer.block(block(700, 300), 1);
    expect(consumer.tick()).toBe('collecting');
    // A jump in the clock without a gap notice clears the window just the same.
    consumer.block(block(1100, 400), 1);
    expect(consumer.tick()).toBe('collecting');
    consumer.block(block(1500, 100), 1);
    expect(consumer.tick()).toBe('sent');
    expect(engine.calls[0]!.input.sampleCount).toBe(500);
  });

  it('knows the ADC range of Cyton boards at the default gain only', () => {
    expect(adcRangeOf('cyton')).toEqual({ min: -187_500, max: 187_500 });
    expect(adcRangeOf('cyton-daisy')).toEqual({ min: -187_500, max: 187_500 });
    expect(adcRangeOf('thinkgear')).toBeNull();
    expect(adcRangeOf(null)).toBeNull();
  });
});
