import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvents, EventName } from '../../../../src/shared/api';
import { decodeFrame, type SampleFrame } from '../../../../src/shared/frames';
import type { SampleBlock } from '../../../../src/shared/samples';
import type { AcquisitionSource, SourceSink } from '../../../../src/main/devices/acquisition-source';
import { AcquisitionService, contiguousRuns } from '../../../../src/main/services/acquisition';
import { EventHub } from '../../../../src/main/services/event-hub';

function block(firstSample: number, sampleCount: number, channelCount = 2): SampleBlock {
  const data = new Float32Array(channelCount * sampleCount);
  for (let c = 0; c < channelCount; c++)
    for (let i = 0; i < sampleCount; i++) data[c * sampleCount + i] = c * 1000 + firstSample + i;
  return { firstSample, sampleCount, channelCount, sampleRateHz: 250, data };
}

/** A source driven by the test, the way a serial board's parser drives its sink. */
class ScriptedSource implements AcquisitionSource {
  sink: SourceSink | null = null;
  readonly description = {
    kind: 'synthetic' as const,
    label: 'Scripted',
    board: null,
    sampleRateHz: 250,
    channelLabels: ['A', 'B'],
    detail: null,
  };
  start(sink: SourceSink) {
    this.sink = sink;
    return Promise.resolve();
  }
  stop() {
    this.sink = null;
    return Promise.resolve();
  }
}

const services: AcquisitionService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});

function setup(minFrameIntervalMs = 0) {
  const events = new EventHub();
  const sources: ScriptedSource[] = [];
  const service = new AcquisitionService({
    events,
    notify: (level, message) => events.emit('app.notice', { id: 0, level, message, at: Date.now() }),
    minFrameIntervalMs,
    statsIntervalMs: 10,
    createSource: () => {
      const s = new ScriptedSource();
      sources.push(s);
      return Promise.resolve(s);
    },
  });
  services.push(service);
  const frames: SampleFrame[] = [];
  events.onFrame((f) => frames.push(decodeFrame(f)));
  const seen: { name: EventName; payload: unknown }[] = [];
  events.onEvent(<E extends EventName>(name: E, payload: ApiEvents[E]) => seen.push({ name, payload }));
  return { service, sources, frames, seen };
}

describe('contiguous runs', () => {
  it('merges blocks that continue each other and keeps planar order', () => {
    const [run, ...rest] = contiguousRuns([block(0, 3), block(3, 2)]);
    expect(rest).toEqual([]);
    expect(run?.sampleCount).toBe(5);
    expect([...(run?.data ?? [])]).toEqual([0, 1, 2, 3, 4, 1000, 1001, 1002, 1003, 1004]);
  });

  it('never merges across a gap', () => {
    expect(contiguousRuns([block(0, 3), block(10, 2)]).map((b) => b.firstSample)).toEqual([0, 10]);
  });
});

describe('acquisition service', () => {
  it('forwards every sample to consumers and the UI, coalescing fast blocks into fewer frames', async () => {
    const { service, sources, frames } = setup(50);
    const consumed: number[] = [];
    service.addConsumer({ block: (b) => consumed.push(b.sampleCount) });
    await service.connect({ kind: 'synthetic' });
    const sink = sources[0]!.sink!;
    for (let i = 0; i < 20; i++) sink.block(block(i * 4, 4));
    await new Promise((r) => setTimeout(r, 120));
    expect(consumed).toHaveLength(20);
    expect(frames.length).toBeLessThan(20);
    expect(frames.reduce((n, f) => n + f.sampleCount, 0)).toBe(80);
    expect(frames.map((f) => f.firstSample)).toEqual(
      frames.map((_, i) => frames.slice(0, i).reduce((n, f) => n + f.sampleCount, 0)),
    );
  });

  it('counts gaps and dropped samples, and reports them', async () => {
    const { service, sources, seen } = setup();
    await service.connect({ kind: 'synthetic' });
    const sink = sources[0]!.sink!;
    sink.gap({ atSample: 100, missingSamples: 3, reason: 'counter-jump' });
    sink.gap({ atSample: 200, missingSamples: 256, reason: 'counter-jump' });
    sink.stats({ resyncs: 2, bytesDiscarded: 17 });
    await new Promise((r) => setTimeout(r, 40));
    expect(service.stats).toMatchObject({ gaps: 2, droppedSamples: 259, resyncs: 2, bytesDiscarded: 17 });
    expect(seen.filter((e) => e.name === 'source.stats').at(-1)?.payload).toMatchObject({
      droppedSamples: 259,
    });
  });

  it('says a device is lost, and starts a new segment when it comes back', async () => {
    const { service, sources, frames, seen } = setup();
    await service.connect({ kind: 'synthetic' });
    const sink = sources[0]!.sink!;
    sink.block(block(0, 10));
    sink.lost('no data for 500 ms', true);
    expect(service.status).toMatchObject({
      state: 'reconnecting',
      message: 'no data for 500 ms',
      segment: 1,
    });
    expect(seen.some((e) => e.name === 'app.notice')).toBe(true);
    sink.resumed();
    sink.block(block(0, 5));
    await new Promise((r) => setTimeout(r, 20));
    expect(service.status).toMatchObject({ state: 'streaming', segment: 2 });
    expect(frames.map((f) => [f.segment, f.firstSample])).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('ignores a replaced source that keeps talking', async () => {
    const { service, sources } = setup();
    const received: number[] = [];
    service.addConsumer({ block: (b) => received.push(b.firstSample) });
    await service.connect({ kind: 'synthetic' });
    const old = sources[0]!.sink!;
    await service.connect({ kind: 'synthetic' });
    old.block(block(0, 4));
    sources[1]!.sink!.block(block(40, 4));
    expect(received).toEqual([40]);
    expect(service.status.segment).toBe(2);
  });
});

describe('markers', () => {
  it('sit at the newest sample of the current segment and reach consumers and the UI', async () => {
    const { service, sources, seen } = setup();
    const consumed: unknown[] = [];
    service.addConsumer({ block: () => undefined, marker: (m) => consumed.push(m) });
    expect(() => service.addMarker('too early', 'key')).toThrow(/needs a streaming source/);
    await service.connect({ kind: 'synthetic' });
    expect(() => service.addMarker('no samples yet', 'key')).toThrow(/needs a streaming source/);
    sources[0]!.sink!.block(block(0, 100));
    const marker = service.addMarker('eyes closed', 'key');
    expect(marker).toMatchObject({ segment: 1, sample: 99, label: 'eyes closed', source: 'key' });
    expect(consumed).toEqual([marker]);
    expect(seen.find((e) => e.name === 'marker.added')?.payload).toEqual(marker);
  });
});
