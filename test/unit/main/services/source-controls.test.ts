// The channel setup and board readings of the connected source, on a scripted source (the serial boards are
// covered end to end in test/integration/services/serial-services.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvents, BoardReadings, EventName } from '../../../../src/shared/api';
import type { AcquisitionSource, SourceSink } from '../../../../src/main/devices/acquisition-source';
import { AcquisitionService } from '../../../../src/main/services/acquisition';
import { EventHub } from '../../../../src/main/services/event-hub';
import { SourceControls } from '../../../../src/main/services/source-controls';

class ScriptedSource implements AcquisitionSource {
  sink: SourceSink | null = null;
  readonly description = {
    kind: 'synthetic' as const,
    label: 'Scripted headset',
    board: null,
    sampleRateHz: 250,
    channelLabels: ['Ch1', 'Ch2', 'Ch3'],
    detail: 'script v1',
  };
  start(sink: SourceSink) {
    this.sink = sink;
    return Promise.resolve();
  }
  stop() {
    return Promise.resolve();
  }
}

const disposers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const d of disposers.splice(0)) await d();
});

async function setup(readingsIntervalMs = 20) {
  const events = new EventHub();
  const sources: ScriptedSource[] = [];
  const acquisition = new AcquisitionService({
    events,
    notify: () => {},
    createSource: () => {
      const s = new ScriptedSource();
      sources.push(s);
      return Promise.resolve(s);
    },
  });
  const controls = new SourceControls({
    acquisition,
    events,
    montages: null,
    readingsIntervalMs,
  });
  disposers.push(
    () => acquisition.dispose(),
    () => controls.dispose(),
  );
  const seen: { name: EventName; payload: unknown }[] = [];
  events.onEvent(<E extends EventName>(name: E, payload: ApiEvents[E]) => seen.push({ name, payload }));
  await acquisition.connect({ kind: 'synthetic' });
  return { acquisition, controls, source: sources[0]!, seen };
}

const readingsOf = (seen: { name: EventName; payload: unknown }[]) =>
  seen.filter((e) => e.name === 'source.readings').map((e) => e.payload as BoardReadings);

describe('source controls', () => {
  it('describes a source without board controls: no gains, display-only off switch, its detail line', async () => {
    const { controls, seen } = await setup();
    expect(controls.setup()).toEqual({
      label: 'Scripted headset',
      board: null,
      firmware: 'script v1',
      channels: [
        { channel: 1, label: 'Ch1', gain: null, enabled: true },
        { channel: 2, label: 'Ch2', gain: null, enabled: true },
        { channel: 3, label: 'Ch3', gain: null, enabled: true },
      ],
      gainChoices: [],
      channelPower: 'display',
      montage: null,
    });
    expect(seen.filter((e) => e.name === 'source.setup').at(-1)?.payload).toEqual(controls.setup());
    await expect(controls.setGain(1, 8)).rejects.toThrow('Scripted headset has no programmable gain.');
    const hidden = await controls.setChannelEnabled(2, false);
    expect(hidden.appliedOn).toBe('display');
    expect(hidden.setup.channels.map((c) => c.enabled)).toEqual([true, false, true]);
  });

  it('relabels the channels for this and later segments, and forgets the labels with the source', async () => {
    const { acquisition, controls, source, seen } = await setup();
    controls.setChannelLabels(['O1', 'O2'], 'Two');
    expect(acquisition.status.channelLabels).toEqual(['O1', 'O2', 'Ch3']);
    expect(controls.setup()?.montage).toBe('Two');
    expect(() => controls.setChannelLabels(['O1', 'O2', 'Ch3', 'Cz'], null)).toThrow(
      'Cannot use these labels: 4 labels for a source with 3 channels.',
    );
    expect(() => controls.setChannelLabels(['Ch3'], null)).toThrow(
      /channels 1 and 3 are both labelled "Ch3"/,
    );
    source.sink?.lost('unplugged', true);
    source.sink?.resumed();
    expect(acquisition.status).toMatchObject({ segment: 2, channelLabels: ['O1', 'O2', 'Ch3'] });
    const statuses = seen
      .filter((e) => e.name === 'source.status')
      .map((e) => e.payload as { segment: number });
    expect(statuses.at(-1)?.segment).toBe(2);
    await acquisition.connect({ kind: 'synthetic' });
    expect(acquisition.status.channelLabels).toEqual(['Ch1', 'Ch2', 'Ch3']);
    expect(controls.setup()?.montage).toBeNull();
    expect(() => controls.applyMontage('Anything')).toThrow('There is no montage called "Anything".');
  });

  it('sends a burst of board values as one event with the latest of each, and repeats nothing', async () => {
    const { controls, source, seen } = await setup();
    for (let i = 0; i < 100; i++) {
      controls.boardEvent(source, { kind: 'attention', atSample: i, value: i % 100 });
      controls.accel(source, i, 0, 0, 1);
    }
    controls.boardEvent(source, { kind: 'poor-signal', atSample: 100, value: 26 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(readingsOf(seen)).toEqual([
      {
        segment: 1,
        atSample: 100,
        poorSignal: 26,
        attention: 99,
        meditation: null,
        blinkStrength: null,
        bandPowers: null,
        accelG: [0, 0, 1],
      },
    ]);
    // The same values again (a board at rest) are not told again; a change is.
    controls.accel(source, 101, 0, 0, 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(readingsOf(seen)).toHaveLength(1);
    controls.boardEvent(source, { kind: 'band-powers', atSample: 102, values: [1, 2, 3, 4, 5, 6, 7, 8] });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(readingsOf(seen).at(-1)).toMatchObject({ atSample: 102, bandPowers: [1, 2, 3, 4, 5, 6, 7, 8] });
    expect(controls.readings()).toEqual(readingsOf(seen).at(-1));
  });

  it('ignores values from a source that is no longer connected', async () => {
    const { acquisition, controls, source, seen } = await setup();
    await acquisition.connect({ kind: 'synthetic' });
    controls.boardEvent(source, { kind: 'meditation', atSample: 1, value: 50 });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(readingsOf(seen)).toEqual([]);
    expect(controls.readings()).toBeNull();
  });
});
