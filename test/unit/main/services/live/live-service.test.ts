import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvents, EventName, LiveSettingsState, Notice } from '../../../../../src/shared/api';
import { decodeFrame, type SampleFrame } from '../../../../../src/shared/frames';
import type { SampleBlock } from '../../../../../src/shared/samples';
import type { AcquisitionSource, SourceSink } from '../../../../../src/main/devices/acquisition-source';
import { AcquisitionService } from '../../../../../src/main/services/acquisition';
import { EventHub } from '../../../../../src/main/services/event-hub';
import { computeLiveSpectrum, type MainsHz } from '../../../../../src/engine/live';
import { createSyntheticSource } from '../../../../../src/engine/sources/synthetic';
import { LiveService } from '../../../../../src/main/services/live/live-service';
import { liveSettingsPath } from '../../../../../src/main/services/live/live-settings-file';

const FS = 250;
const synthetic = createSyntheticSource({
  channelCount: 2,
  sampleRateHz: FS,
  seed: 2,
  noiseUv: 3,
  sines: [
    { channel: 0, frequencyHz: 10, amplitudeUv: 20 },
    { channel: 1, frequencyHz: 60, amplitudeUv: 300 },
  ],
});

class ScriptedSource implements AcquisitionSource {
  sink: SourceSink | null = null;
  readonly description = {
    kind: 'synthetic' as const,
    label: 'Scripted',
    board: null,
    sampleRateHz: FS,
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

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setup(
  options: { dataDir?: string; mainsSeen?: MainsHz | null; watch?: boolean; frameIntervalMs?: number } = {},
) {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'clisonix-live-svc-')));
  const events = new EventHub();
  const notices: Notice[] = [];
  const notify = (level: Notice['level'], message: string) => notices.push({ id: 0, level, message, at: 0 });
  const source = new ScriptedSource();
  const acquisition = new AcquisitionService({
    events,
    notify,
    minFrameIntervalMs: options.frameIntervalMs ?? 0,
    createSource: () => Promise.resolve(source),
  });
  let analysed = 0;
  const live = new LiveService({
    events,
    acquisition,
    notify,
    settingsFile: liveSettingsPath(dataDir),
    tickIntervalMs: 5,
    analyse: (input) => {
      analysed++;
      const result = computeLiveSpectrum(input);
      return Promise.resolve({
        ...result,
        mainsSeenHz: options.mainsSeen === undefined ? result.mainsSeenHz : options.mainsSeen,
        computeMs: 0,
      });
    },
  });
  cleanup.push(
    () => acquisition.dispose(),
    () => live.dispose(),
  );
  const frames: SampleFrame[] = [];
  const heard: string[] = [];
  if (options.watch !== false) {
    events.onFrame((f) => {
      frames.push(decodeFrame(f));
      heard.push('frame');
    });
  }
  const settings: LiveSettingsState[] = [];
  events.onEvent(<E extends EventName>(name: E, payload: ApiEvents[E]) => {
    if (name === 'live.settings') {
      settings.push(payload as LiveSettingsState);
      heard.push(`settings ${(payload as LiveSettingsState).applied.filtered ? 'filtered' : 'raw'}`);
    }
  });
  const consumed: SampleBlock[] = [];
  acquisition.addConsumer({ block: (b) => consumed.push(b) });
  await acquisition.connect({ kind: 'synthetic' });
  let next = 0;
  const feed = (count: number) => {
    source.sink!.block(synthetic.read(next, count));
    next += count;
  };
  return {
    live,
    acquisition,
    frames,
    heard,
    consumed,
    feed,
    settings,
    notices,
    dataDir,
    analysed: () => analysed,
  };
}

const until = async (what: string, ok: () => boolean) => {
  for (let i = 0; i < 400 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
};

describe('live service: display filter on the UI frames only', () => {
  it('sends filtered frames to the UI while consumers (the recording) get the raw blocks', async () => {
    const { live, frames, consumed, feed } = await setup({ mainsSeen: 60 });
    await live.configure({ filter: 'band-pass-notch', mains: 60 });
    for (let i = 0; i < 10; i++) feed(50);
    await until('frames', () => frames.reduce((n, f) => n + f.sampleCount, 0) === 500);
    const raw = new Float32Array(1000);
    consumed.forEach((b, i) => {
      raw.set(b.data.subarray(0, 50), i * 50);
      raw.set(b.data.subarray(50), 500 + i * 50);
    });
    expect(raw).toEqual(synthetic.read(0, 500).data);
    const shown = new Float32Array(1000);
    let at = 0;
    for (const f of frames) {
      shown.set(f.data.subarray(0, f.sampleCount), at);
      shown.set(f.data.subarray(f.sampleCount), 500 + at);
      at += f.sampleCount;
    }
    // Channel B: 300 uV of 60 Hz hum, notched out on screen after the filter settles.
    const peak = (x: Float32Array) => Math.max(...x.map(Math.abs));
    expect(peak(raw.subarray(750))).toBeGreaterThan(280);
    expect(peak(shown.subarray(750))).toBeLessThan(30);
    expect(live.state.applied).toMatchObject({ filtered: true, notchHz: 60 });
  });

  it('sends raw frames when the filter is off', async () => {
    const { live, frames, feed } = await setup();
    await live.configure({ filter: 'off' });
    feed(100);
    await until('a frame', () => frames.length > 0);
    expect(frames[0]!.data).toEqual(synthetic.read(0, 100).data);
    expect(live.state.applied).toMatchObject({
      filtered: false,
      description: 'Raw signal (0.5 Hz DC blocker)',
    });
  });

  it('filters each frame as it leaves, so every frame after a live.settings event follows it', async () => {
    const { live, frames, heard, feed } = await setup({ frameIntervalMs: 40 });
    await live.configure({ filter: 'band-pass', mains: 60 });
    feed(100); // sent at once
    feed(100); // waits for the next frame slot...
    const change = live.configure({ filter: 'off' }); // ...during which the filter changes
    await until('two frames', () => frames.length === 2);
    await change;
    expect(heard.slice(-3)).toEqual(['frame', 'settings raw', 'frame']);
    expect(frames[1]!.data).toEqual(synthetic.read(100, 100).data);
  });

  it('keeps the settings in the data folder across restarts, and survives a damaged file', async () => {
    const first = await setup();
    expect(first.live.state.settings).toEqual({ filter: 'band-pass-notch', mains: 'auto' });
    const state = await first.live.configure({ mains: 50 });
    expect(state.settings).toEqual({ filter: 'band-pass-notch', mains: 50 });
    expect(first.settings.at(-1)?.applied.description).toBe('1-45 Hz band-pass + 50 Hz notch');
    const file = liveSettingsPath(first.dataDir);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ filter: 'band-pass-notch', mains: 50 });

    const second = await setup({ dataDir: first.dataDir });
    expect(second.live.state.settings).toEqual({ filter: 'band-pass-notch', mains: 50 });
    expect(second.notices).toEqual([]);

    await writeFile(file, '{"filter": "sharpen", "mains": 60}');
    const third = await setup({ dataDir: first.dataDir });
    expect(third.live.state.settings).toEqual({ filter: 'band-pass-notch', mains: 60 });
    expect(third.notices.map((n) => n.message)).toEqual([
      `The Live page's display settings were reset: ${file}: filter "sharpen" is not one of the choices`,
    ]);
  });

  it('notches the mains frequency the spectrum detects when set to Auto', async () => {
    const { live, feed, settings } = await setup();
    expect(live.state.mains.label).toBe('Auto (detecting…)');
    expect(live.state.applied.notchHz).toBeNull();
    feed(500);
    for (let i = 0; i < 8 && live.state.mains.detectedHz === null; i++) {
      const before = live.spectrum.windowsAnalysed;
      feed(50);
      await until('a window', () => live.spectrum.windowsAnalysed > before);
    }
    expect(live.state.mains).toEqual({ detectedHz: 60, label: 'Auto (60 Hz detected)' });
    expect(live.state.applied).toMatchObject({
      notchHz: 60,
      description: '1-45 Hz band-pass + 60 Hz notch (auto)',
      note: null,
    });
    expect(settings.at(-1)).toEqual(live.state);
  });

  it('computes no spectrum while no UI is attached', async () => {
    const { feed, analysed } = await setup({ watch: false });
    feed(1000);
    await new Promise((r) => setTimeout(r, 60));
    expect(analysed()).toBe(0);
  });
});
