// Serial headsets through the whole service layer (createAppServices -> dispatch), on real pseudo-terminals with
// the board simulator on the other end: what the UI and the recording writer see.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cytonMicrovoltsPerCount } from '../../../src/engine/protocols/cyton-format';
import { CytonBoardSimulator } from '../../../src/engine/protocols/simulator/cyton-simulator';
import { startPtySimulator, type PtySimulator } from '../../../src/main/devices/pty-simulator';
import { createPtyPair, SOCAT_PATH } from '../../../src/main/devices/socat-pty';
import { REPO_ROOT } from '../../helpers/cli';
import { sleep, waitFor } from '../devices/recording-sink';
import { startServices, type ServiceProbe } from './service-probe';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function simulator(options: Parameters<typeof startPtySimulator>[0]): Promise<PtySimulator> {
  const sim = await startPtySimulator({ socatPath: SOCAT_PATH, ...options });
  cleanups.push(() => sim.close());
  return sim;
}

async function services(...args: Parameters<typeof startServices>): Promise<ServiceProbe> {
  const probe = await startServices(...args);
  cleanups.push(() => probe.dispose());
  return probe;
}

function cytonOf(sim: PtySimulator): CytonBoardSimulator {
  if (!(sim.simulator instanceof CytonBoardSimulator)) throw new Error('expected the Cyton simulator');
  return sim.simulator;
}

describe.concurrent('serial headsets through the services', () => {
  it('connects with a montage, streams, and changes gain and channel power mid-stream on the board', async () => {
    const sim = await simulator({ board: 'cyton', seed: 2, signals: ['2:dc:0:300', '3:dc:0:-120'] });
    const board = cytonOf(sim);
    const probe = await services();
    const status = await probe.call('source.connect', {
      kind: 'serial',
      path: sim.path,
      board: 'cyton',
      montage: 'OpenBCI Cyton 8-ch (Ultracortex)',
    });
    expect(status).toMatchObject({
      state: 'streaming',
      kind: 'serial',
      board: 'cyton',
      sampleRateHz: 250,
      label: `${sim.path} - OpenBCI Cyton`,
      channelLabels: ['Fp1', 'Fp2', 'C3', 'C4', 'P7', 'P8', 'O1', 'O2'],
    });
    // The recording writer hears of the segment with the montage's labels before its first sample.
    expect(probe.consumer.segmentsStarted[0]?.status.channelLabels[0]).toBe('Fp1');
    const setup = await probe.call('source.setup', {});
    expect(setup).toMatchObject({
      board: 'cyton',
      firmware: expect.stringMatching(/firmware v3\.1\.2/) as unknown,
      gainChoices: [1, 2, 4, 6, 8, 12, 24],
      channelPower: 'board',
      montage: 'OpenBCI Cyton 8-ch (Ultracortex)',
    });
    expect(setup?.channels.map((c) => c.gain)).toEqual([24, 24, 24, 24, 24, 24, 24, 24]);
    await waitFor('half a second of samples', () => probe.channel(1, 1).length >= 125, 3000);

    const afterGain = await probe.call('source.setGain', { channel: 2, gain: 8 });
    expect(afterGain.channels[1]).toMatchObject({ channel: 2, label: 'Fp2', gain: 8, enabled: true });
    await waitFor('the board to apply x2030110X', () => board.gains[1] === 8, 2000);
    // 300 uV comes out as 300 uV at either gain: the host scales by what the board was told. (Packets already in
    // flight when the gain changed are scaled with the new gain: the firmware does not say when it switched.)
    const near = (value: number | undefined, uv: number, gain: number) =>
      value !== undefined && Math.abs(value - uv) < cytonMicrovoltsPerCount(gain);
    const last = (c: number) => probe.channel(c, 1).at(-1)?.value;
    expect(near(probe.channel(1, 1)[0]?.value, 300, 24)).toBe(true);
    await waitFor(
      '300 uV at the new gain',
      () => near(last(1), 300, 8),
      3000,
      () => String(last(1)),
    );
    const gainedFrom = probe.channel(1, 1).length;
    await waitFor('more samples', () => probe.channel(1, 1).length > gainedFrom + 50, 3000);
    expect(
      probe
        .channel(1, 1)
        .slice(gainedFrom - 1)
        .every((s) => near(s.value, 300, 8)),
    ).toBe(true);

    const off = await probe.call('source.setChannelEnabled', { channel: 3, enabled: false });
    expect(off).toMatchObject({ appliedOn: 'board' });
    expect(off.message).toMatch(/Channel 3 \(C3\) is powered down on the board/);
    expect(off.setup.channels[2]).toMatchObject({ enabled: false, gain: 24 });
    await waitFor('the board to power channel 3 down', () => board.poweredDown[2] === true, 2000);
    await waitFor(
      '0 uV from the powered-down channel',
      () => last(2) === 0,
      3000,
      () => String(last(2)),
    );
    const poweredDownFrom = probe.channel(2, 1).length;
    await waitFor('more samples', () => probe.channel(2, 1).length > poweredDownFrom + 60, 3000);
    expect(
      probe
        .channel(2, 1)
        .slice(poweredDownFrom - 1)
        .every((s) => s.value === 0),
    ).toBe(true);
    expect(near(last(1), 300, 8)).toBe(true); // the others keep measuring
    // Powering down kept channel 2's gain on the board (the whole x...X is sent, not the power bit alone).
    expect(board.gains[1]).toBe(8);
    // Each change on the board is marked in the stream (recordings keep markers as EDF+ annotations).
    expect(probe.seen('marker.added').map((m) => [m.label, m.source, m.segment])).toEqual([
      ['Gain Fp2 x8 (ch 2)', 'api', 1],
      ['C3 powered down (ch 3)', 'api', 1],
    ]);
    await probe.call('source.setChannelEnabled', { channel: 3, enabled: true });
    await waitFor('the board to power channel 3 up', () => board.poweredDown[2] === false, 2000);
    await waitFor(
      '-120 uV again',
      () => near(last(2), -120, 24),
      3000,
      () => String(last(2)),
    );

    expect(probe.seen('source.setup').at(-1)?.channels[1]?.gain).toBe(8);
    const stats = await probe.call('source.stats', {});
    expect(stats).toMatchObject({ gaps: 0, droppedSamples: 0, bytesDiscarded: 0, checksumFailures: 0 });
    // Stats reach the services on the source's watchdog ticks, so a loaded machine may show an older count: wait.
    let received = stats.samplesReceived;
    for (const until = Date.now() + 5000; received <= 250 && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      received = (await probe.call('source.stats', {})).samplesReceived;
    }
    expect(received).toBeGreaterThan(250);
    // The Cyton's accelerometer reaches the UI as a compact event.
    await waitFor('board readings', () => probe.seen('source.readings').length > 0, 2000);
    expect(probe.seen('source.readings')[0]).toMatchObject({
      segment: 1,
      accelG: [0, 0, 1],
      attention: null,
    });
    await expect(probe.call('source.setGain', { channel: 9, gain: 2 })).rejects.toThrow(
      /Channel 9 does not exist: .* has channels 1-8/,
    );
    await expect(probe.call('source.setGain', { channel: 1, gain: 3 })).rejects.toThrow(
      /gain.*one of the ADS1299 gains 1, 2, 4, 6, 8, 12, 24/,
    );
  });

  it('an unplugged board: reconnecting at once, then streaming in a new segment with its gains and labels', async () => {
    const sim = await simulator({ board: 'cyton', seed: 3 });
    const board = cytonOf(sim);
    const probe = await services({ serialTuning: { reconnect: { initialDelayMs: 100, maxDelayMs: 400 } } });
    await probe.call('source.connect', { kind: 'serial', path: sim.path, board: 'cyton', gains: [24, 4] });
    await probe.call('source.applyMontage', { name: 'Frontal and occipital 8-ch' });
    await waitFor('a second of samples', () => probe.channel(0, 1).length >= 250, 3000);
    const receivedBefore = probe.channel(0, 1).length;

    const unpluggedAt = performance.now();
    await sim.unplug();
    await waitFor(
      'the reconnecting status',
      () => probe.seen('source.status').some((s) => s.state === 'reconnecting'),
      2000,
    );
    const lostEvent = probe.events.find(
      (e) => e.name === 'source.status' && (e.payload as { state: string }).state === 'reconnecting',
    )!;
    expect(lostEvent.atMs - unpluggedAt).toBeLessThan(1500);
    expect(await probe.call('source.status', {})).toMatchObject({
      state: 'reconnecting',
      segment: 1,
      message: expect.stringMatching(/disconnected|no data/) as unknown,
    });
    const notices = await probe.call('app.notices', {});
    expect(notices.at(-1)).toMatchObject({ level: 'warning' });
    expect(probe.channel(0, 1).length).toBeGreaterThanOrEqual(receivedBefore); // kept, never withdrawn

    await sleep(500);
    await sim.replug();
    await waitFor(
      'streaming again',
      () => probe.seen('source.status').at(-1)?.state === 'streaming' && probe.channel(0, 2).length > 50,
      6000,
    );
    const status = await probe.call('source.status', {});
    expect(status).toMatchObject({
      state: 'streaming',
      segment: 2,
      channelLabels: ['Fp1', 'Fp2', 'F3', 'F4', 'Fz', 'O1', 'Oz', 'O2'],
    });
    // The writer is told of segment 2 before its samples, whose clock starts again at 0; nothing was invented.
    expect(probe.consumer.segmentsStarted.map((s) => s.segment)).toEqual([1, 2]);
    expect(probe.consumer.segmentsStarted[1]?.status.channelLabels[2]).toBe('F3');
    const firstOfTwo = probe.consumer.blocks.findIndex((b) => b.segment === 2);
    expect(probe.consumer.blocks[firstOfTwo]?.block.firstSample).toBe(0);
    expect(probe.consumer.blocks.slice(firstOfTwo).every((b) => b.segment === 2)).toBe(true);
    expect(probe.consumer.gaps).toEqual([]);
    // The handshake reset the board ('v'); the gains were sent again.
    expect(board.gains).toEqual([24, 4, 24, 24, 24, 24, 24, 24]);
    expect((await probe.call('source.setup', {}))?.montage).toBe('Frontal and occipital 8-ch');
  });

  it('tells the technician when the FTDI latency timer makes the data bursty', async () => {
    const sim = await simulator({ board: 'cyton', seed: 1 });
    // The driver's timer file as Linux lays it out, under a sysfs root of the test's own.
    const sysfs = await mkdtemp(path.join(tmpdir(), 'clisonix-sysfs-'));
    cleanups.push(() => rm(sysfs, { recursive: true, force: true }));
    const tty = path.basename(await realpath(sim.path));
    await mkdir(path.join(sysfs, 'bus/usb-serial/devices', tty), { recursive: true });
    await writeFile(path.join(sysfs, 'bus/usb-serial/devices', tty, 'latency_timer'), '16\n');
    const probe = await services({ serialTuning: { sysfsRoot: sysfs } });
    await probe.call('source.connect', { kind: 'serial', path: sim.path, board: 'cyton' });
    const notice = probe.seen('app.notice').find((n) => /latency timer/.test(n.message));
    expect(notice).toMatchObject({ level: 'warning' });
    expect(notice?.message).toMatch(
      new RegExp(
        `^The FTDI latency timer of .*cyton is 16 ms, so samples arrive in bursts; lower it to 1 ms: echo 1 \\| sudo tee .*${tty}/latency_timer`,
      ),
    );
  });

  it('refuses bad serial requests with the field and the reason', async () => {
    const probe = await services();
    const refuse = async (params: unknown, message: RegExp) => {
      const outcome = await probe.services.dispatch('source.connect', params);
      expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
      expect(!outcome.ok && outcome.error.message).toMatch(message);
    };
    await refuse({ kind: 'serial', path: '', board: 'cyton' }, /path: give the port/);
    await refuse({ kind: 'serial', path: '/dev/ttyUSB0', board: 'ganglion' }, /board/);
    await refuse(
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'text' },
      /text: a text board needs its channel count/,
    );
    await refuse(
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'thinkgear', gains: [24] },
      /gains: only the Cyton and the Cyton \+ Daisy have programmable gains/,
    );
    await refuse(
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'cyton', gains: [24, 24, 24, 24, 24, 24, 24, 24, 24] },
      /9 gains for a board with 8 channels/,
    );
    await refuse(
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'cyton', gains: [5] },
      /gains.0: a gain is one of/,
    );
    await refuse(
      {
        kind: 'serial',
        path: '/dev/ttyUSB0',
        board: 'text',
        text: { channelCount: 0, sampleRateHz: 250, microvoltsPerUnit: 1 },
      },
      /text.channelCount: a text board has at least 1 channel/,
    );
    await refuse(
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'text', text: { channelCount: 2, sampleRateHz: 250 } },
      /text.microvoltsPerUnit/,
    );
    await refuse({ kind: 'serial', path: '/dev/ttyUSB0', board: 'cyton', speed: 9600 }, /Unrecognized key/i);
    const unknownMontage = await probe.services.dispatch('source.connect', {
      kind: 'serial',
      path: '/dev/ttyUSB0',
      board: 'cyton',
      montage: 'No such montage',
    });
    expect(unknownMontage).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'There is no montage called "No such montage".' },
    });
    const tooBig = await probe.services.dispatch('source.connect', {
      kind: 'serial',
      path: '/dev/ttyUSB0',
      board: 'thinkgear',
      montage: 'OpenBCI Cyton 8-ch (Ultracortex)',
    });
    expect(!tooBig.ok && tooBig.error.message).toMatch(
      /does not fit this board: 8 labels for a source with 1 channel/,
    );
    const missing = await probe.services.dispatch('source.connect', {
      kind: 'serial',
      path: path.join(tmpdir(), 'clisonix-no-such-port'),
      board: 'cyton',
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(!missing.ok && missing.error.message).toMatch(/^No serial port at .*clisonix-no-such-port/);
    expect(await probe.call('source.status', {})).toMatchObject({ state: 'error' });
    await expect(probe.call('source.setGain', { channel: 1, gain: 2 })).rejects.toThrow(
      /No source is connected/,
    );
  });

  it('a ThinkGear headset: one channel, no gain, display-only off switch, and its readings at a low rate', async () => {
    const sim = await simulator({ board: 'thinkgear', seed: 1 });
    const probe = await services();
    await probe.call('source.connect', { kind: 'serial', path: sim.path, board: 'thinkgear' });
    const setup = await probe.call('source.setup', {});
    expect(setup).toMatchObject({
      channelPower: 'display',
      gainChoices: [],
      channels: [{ label: 'EEG', gain: null }],
    });
    await expect(probe.call('source.setGain', { channel: 1, gain: 2 })).rejects.toThrow(
      /has no programmable gain/,
    );
    const off = await probe.call('source.setChannelEnabled', { channel: 1, enabled: false });
    expect(off).toMatchObject({ appliedOn: 'display', setup: { channels: [{ enabled: false }] } });
    expect(off.message).toMatch(
      /cannot switch channels off: Channel 1 \(EEG\) is hidden from the display only/,
    );
    await waitFor(
      'attention and meditation',
      () => probe.seen('source.readings').some((r) => r.attention !== null && r.meditation !== null),
      4000,
    );
    const readings = await probe.call('source.readings', {});
    expect(readings).toMatchObject({ poorSignal: 0, segment: 1, accelG: null });
    expect(readings?.bandPowers).toHaveLength(8);
    expect(readings?.attention).toBeGreaterThanOrEqual(40);
    // The simulator reports once a second; samples keep flowing meanwhile (still recorded while hidden).
    await sleep(1200);
    const events = probe.events.filter((e) => e.name === 'source.readings');
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.atMs - events[i - 1]!.atMs).toBeGreaterThanOrEqual(240);
    }
    expect(probe.channel(0, 1).length).toBeGreaterThan(512);
    await probe.call('source.applyMontage', { name: 'NeuroSky forehead (Fp1)' });
    expect((await probe.call('source.status', {})).channelLabels).toEqual(['Fp1']);
  });

  it.runIf(process.platform === 'linux')(
    'permission denied names the dialout fix, as the error and as a notice',
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-perm-services-'));
      cleanups.push(() => rm(dir, { recursive: true, force: true }));
      await chmod(dir, 0o777);
      const pair = await createPtyPair(path.join(dir, 'board'), path.join(dir, 'port'), SOCAT_PATH);
      cleanups.push(() => pair.close());
      const tty = await realpath(pair.hostPath);
      await chmod(tty, 0o600);
      const script = `
      import { createAppServices } from ${JSON.stringify(path.join(REPO_ROOT, 'src/main/services/app-services.ts'))};
      const services = createAppServices({ mode: 'browser', version: 't', dataDir: ${JSON.stringify(path.join(dir, 'data'))},
        resourcesDir: ${JSON.stringify(path.join(REPO_ROOT, 'resources'))} });
      const outcome = await services.dispatch('source.connect', { kind: 'serial', path: ${JSON.stringify(tty)}, board: 'cyton' });
      const notices = await services.dispatch('app.notices', {});
      console.log(JSON.stringify({ outcome, notices }));
      await services.dispose();
      process.exit(0);`;
      // Root opens any tty, so unless this runs as an ordinary user the attempt is made as "nobody".
      const asNobody =
        process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : ['env'];
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(
          asNobody[0]!,
          [...asNobody.slice(1), process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
          { cwd: REPO_ROOT, env: { ...process.env, HOME: dir } },
          (error, out, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(out)),
        ),
      );
      const { outcome, notices } = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
        outcome: { ok: boolean; error?: { code: string; message: string } };
        notices: { result: { level: string; message: string }[] };
      };
      expect(outcome).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
      expect(outcome.error?.message).toMatch(
        /^Permission denied opening .*: add your user to the dialout group/,
      );
      expect(outcome.error?.message).toMatch(/udev rule/);
      expect(notices.result).toContainEqual({
        level: 'error',
        message: outcome.error?.message,
        id: expect.any(Number) as unknown,
        at: expect.any(Number) as unknown,
      });
    },
  );
});
