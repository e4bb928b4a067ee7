// The acquisition path end to end on real pseudo-terminals (socat) through the real node-serialport binding:
// simulated boards speaking the real wire protocols on one end, SerialBoardSource on the other.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cytonCountsFromMicrovolts } from '../../../src/engine/protocols/cyton-encoder';
import { cytonMicrovoltsPerCount } from '../../../src/engine/protocols/cyton-format';
import { boardShape, type SimulatedBoard } from '../../../src/engine/protocols/simulator/create-simulator';
import { CytonBoardSimulator } from '../../../src/engine/protocols/simulator/cyton-simulator';
import { createSignalSource, parseSignalSpec } from '../../../src/engine/protocols/simulator/signal-plan';
import { thinkGearCountsFromMicrovolts } from '../../../src/engine/protocols/thinkgear-encoder';
import { THINKGEAR_MICROVOLTS_PER_COUNT } from '../../../src/engine/protocols/thinkgear-format';
import { startPtySimulator, type PtySimulator } from '../../../src/main/devices/pty-simulator';
import {
  SerialBoardSource,
  type SerialBoardSourceOptions,
} from '../../../src/main/devices/serial-board-source';
import { createPtyPair, SOCAT_PATH } from '../../../src/main/devices/socat-pty';
import { RecordingSink, sleep, waitFor } from './recording-sink';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function simulator(options: Parameters<typeof startPtySimulator>[0]): Promise<PtySimulator> {
  const sim = await startPtySimulator({ socatPath: SOCAT_PATH, ...options });
  cleanups.push(() => sim.close());
  return sim;
}

function source(options: SerialBoardSourceOptions): SerialBoardSource {
  const s = new SerialBoardSource(options);
  cleanups.push(() => s.stop());
  return s;
}

/** What the host must decode for sample i of channel c: the simulator's signal through the wire's quantization. */
function expectedValues(
  board: SimulatedBoard,
  signals: string[],
  seed: number,
  count: number,
  channel: number,
) {
  const { channelCount, sampleRateHz } = boardShape(board);
  const specs = signals.map((s) => parseSignalSpec(s, channelCount, sampleRateHz));
  const block = createSignalSource({ channelCount, sampleRateHz, seed, specs }).read(0, count);
  const row = block.data.subarray(channel * count, (channel + 1) * count);
  return [...row].map((uv) =>
    board === 'thinkgear'
      ? Math.fround(thinkGearCountsFromMicrovolts(uv) * THINKGEAR_MICROVOLTS_PER_COUNT) + 0 // + 0: no -0 from the wire
      : Math.fround(cytonCountsFromMicrovolts(uv, 24) * cytonMicrovoltsPerCount(24)) + 0,
  );
}

const hostBoard = { cyton: 'cyton', daisy: 'cyton-daisy', thinkgear: 'thinkgear' } as const;

describe.concurrent('serial boards on real ptys', () => {
  it.each([
    ['cyton', 2500],
    ['daisy', 1250],
    ['thinkgear', 5120],
  ] as const)('%s: handshake, then 10 s of streaming with the exact sample count', async (board, samples) => {
    const signals = ['1:sine:7:80', '1:noise:0:20'];
    const sim = await simulator({ board, signals, seed: 5, maxSamples: samples });
    const sink = new RecordingSink();
    const src = source({ path: sim.path, board: hostBoard[board] });
    await src.start(sink);
    expect(src.description.detail).toMatch(
      board === 'thinkgear' ? /ThinkGear at 57600 baud/ : /firmware v3\.1\.2/,
    );
    await sim.runner.done;
    const expected = expectedValues(board, signals, 5, samples, 0);
    if (board === 'thinkgear') {
      // The headset streams from power-on and bytes sent before the port was opened are gone, as on a real
      // headset: find where the host came in, then every later sample must be there, exactly once.
      await waitFor(
        'the last ThinkGear sample',
        () => sink.channel(0).at(-1) === expected.at(-1),
        3000,
        () => sink.summary(),
      );
      const got = sink.channel(0);
      const start = expected.findIndex((_, s) => got.slice(0, 16).every((v, i) => v === expected[s + i]));
      expect(start).toBeGreaterThanOrEqual(0);
      expect(got).toEqual(expected.slice(start));
    } else {
      await waitFor(
        `${samples} samples`,
        () => sink.sampleCount() >= samples,
        3000,
        () => sink.summary(),
      );
      await sleep(100);
      expect(sink.sampleCount()).toBe(samples);
      expect(sink.channel(0)).toEqual(expected);
      expect(sink.indices()).toEqual(Array.from({ length: samples }, (_, i) => i));
    }
    expect(sink.gaps()).toEqual([]);
    expect(src.stats()).toMatchObject({ gaps: 0, bytesDiscarded: 0, checksumFailures: 0 });
    await src.stop();
    expect(src.state).toBe('stopped');
  });

  it.each(['cyton', 'daisy'] as const)(
    '%s: garbage on the line resyncs; dropped packets become gaps of the right length',
    async (board) => {
      // Garbage before every 97th packet (a few bytes of a made-up pattern with headers and footers in it);
      // packets dropped well away from it: Cyton packets 300-304 (5 samples) and 555 (1 sample); Daisy packets
      // 201 (the main half of sample 100) and 400-403 (Daisy 199, both halves of 200, main of 201).
      const garbageBefore = (i: number) =>
        i > 0 && i % 97 === 0
          ? Uint8Array.from({ length: 1 + (i % 40) }, (_, k) => [0xa0, 0xc0, 0x55, k][k % 4]!)
          : null;
      const drops = board === 'cyton' ? [300, 301, 302, 303, 304, 555] : [201, 400, 401, 402, 403];
      const samples = board === 'cyton' ? 750 : 375;
      const sim = await simulator({
        board,
        seed: 2,
        maxSamples: samples,
        faults: { garbageBefore, dropPacket: (i) => drops.includes(i) },
      });
      const sink = new RecordingSink();
      const src = source({ path: sim.path, board: hostBoard[board] });
      await src.start(sink);
      await sim.runner.done;
      const lost = board === 'cyton' ? 6 : 4;
      await waitFor(
        'the last samples',
        () => sink.sampleCount() >= samples - lost,
        3000,
        () => sink.summary(),
      );
      await sleep(100);
      expect(sink.gaps()).toEqual(
        board === 'cyton'
          ? [
              { atSample: 305, missingSamples: 5, reason: 'counter-jump' },
              { atSample: 556, missingSamples: 1, reason: 'counter-jump' },
            ]
          : [
              { atSample: 101, missingSamples: 1, reason: 'counter-jump' },
              { atSample: 202, missingSamples: 3, reason: 'counter-jump' },
            ],
      );
      expect(sink.sampleCount()).toBe(samples - lost);
      expect(src.stats().bytesDiscarded).toBe(sim.simulator.stats.garbageBytes);
      expect(sim.simulator.stats.garbageBytes).toBeGreaterThan(0);
      expect(src.stats().droppedSamples).toBe(lost);
    },
  );

  it('cyton: an unplugged dongle is "device lost" at once, and streaming resumes in a new segment when it returns', async () => {
    const sim = await simulator({ board: 'cyton', seed: 1 });
    const sink = new RecordingSink();
    const src = source({
      path: sim.path,
      board: 'cyton',
      reconnect: { initialDelayMs: 100, maxDelayMs: 400 },
    });
    await src.start(sink);
    await sleep(600);
    const before = sink.sampleCount();
    expect(before).toBeGreaterThan(100);
    const unpluggedAt = performance.now();
    await sim.unplug();
    await waitFor('device lost', () => sink.events.some((e) => e.kind === 'lost'), 2000);
    const lost = sink.events.find((e) => e.kind === 'lost');
    expect(lost).toMatchObject({ reconnecting: true });
    expect(lost?.kind === 'lost' && lost.reason).toMatch(/disconnected|no data/);
    expect(src.state).not.toBe('streaming');
    expect(sink.sampleCount()).toBeGreaterThanOrEqual(before); // what was received is kept
    await sleep(700); // reconnection attempts fail while it is away
    await sim.replug();
    await waitFor('resumed', () => sink.segment === 1, 5000);
    await waitFor('samples of the new segment', () => sink.sampleCount(1) > 50, 3000);
    expect(src.state).toBe('streaming');
    expect(sink.blocks(1)[0]?.firstSample).toBe(0);
    expect(sink.gaps(1)).toEqual([]);
    const order = sink.events.filter((e) => e.kind !== 'block' && e.kind !== 'gap').map((e) => e.kind);
    expect(order).toEqual(['lost', 'resumed']);
    expect(lost?.kind === 'lost' && lost.atMs - unpluggedAt).toBeLessThan(1500);
  });

  it('cyton: a board that falls silent while the port stays open is lost after 500 ms, then found again', async () => {
    const sim = await simulator({ board: 'cyton', seed: 1 });
    const sink = new RecordingSink();
    const src = source({ path: sim.path, board: 'cyton', reconnect: { initialDelayMs: 100 } });
    await src.start(sink);
    await sleep(300);
    // The radio link drops: the board stops sending, the dongle's port stays open.
    sim.simulator.receive(Uint8Array.of(0x73)); // 's'
    const silentFrom = performance.now();
    await waitFor('device lost', () => sink.events.some((e) => e.kind === 'lost'), 2000);
    const lost = sink.events.find((e) => e.kind === 'lost');
    expect(lost?.kind === 'lost' && lost.reason).toMatch(/no data from the device for \d+ ms/);
    expect(lost?.kind === 'lost' && lost.atMs - silentFrom).toBeGreaterThanOrEqual(450);
    // The reconnection redoes the handshake ('s', 'v', 'b'), which the board answers: streaming resumes.
    await waitFor('resumed', () => sink.segment === 1 && sink.sampleCount(1) > 20, 5000);
  });

  it('cyton: gains go to the board with x...X at connection and while streaming, and scale the samples', async () => {
    const signals = ['2:dc:0:300', '3:dc:0:-250'];
    const sim = await simulator({ board: 'cyton', seed: 1, signals });
    const board = sim.simulator;
    if (!(board instanceof CytonBoardSimulator)) throw new Error('expected the Cyton simulator');
    const sink = new RecordingSink();
    const src = source({ path: sim.path, board: 'cyton', gains: [24, 2] });
    await src.start(sink);
    expect(board.gains).toEqual([24, 2, 24, 24, 24, 24, 24, 24]);
    await sleep(200);
    await src.setGain(3, 8);
    expect(src.gains).toEqual([24, 2, 8, 24, 24, 24, 24, 24]);
    await waitFor('the board to apply gain 8', () => board.gains[2] === 8, 1000);
    await sleep(300);
    // The board scales by its gain and the host by the same gain: the microvolts come out right either way.
    const ch2 = sink.channel(1);
    const ch3 = sink.channel(2);
    expect(Math.abs(ch2.at(-1)! - 300)).toBeLessThan(cytonMicrovoltsPerCount(2));
    expect(Math.abs(ch3.at(-1)! + 250)).toBeLessThan(cytonMicrovoltsPerCount(8));
    expect(Math.abs(ch3[0]! + 250)).toBeLessThan(cytonMicrovoltsPerCount(24));
    await expect(src.setGain(3, 5)).rejects.toThrow(/gain 5 is not one of the ADS1299 gains/);
    await expect(src.setGain(9, 2)).rejects.toThrow(/channel 9 does not exist on the OpenBCI Cyton \(1-8\)/);
  });

  it('says what is wrong when the handshake cannot succeed', async () => {
    const off = await simulator({ board: 'cyton', boardPowered: false });
    await expect(source({ path: off.path, board: 'cyton' }).start(new RecordingSink())).rejects.toThrow(
      /dongle .* answers but the Cyton does not: switch the board on/,
    );
    const eight = await simulator({ board: 'cyton' });
    await expect(
      source({ path: eight.path, board: 'cyton-daisy' }).start(new RecordingSink()),
    ).rejects.toThrow(/no Daisy module answers .*no daisy to attach/);
    const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-silent-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const silent = await createPtyPair(path.join(dir, 'nobody'), path.join(dir, 'port'), SOCAT_PATH);
    cleanups.push(() => silent.close());
    await expect(
      source({ path: silent.hostPath, board: 'cyton', timeouts: { resetMs: 300 } }).start(
        new RecordingSink(),
      ),
    ).rejects.toThrow(/no reply from .* to the soft reset 'v' within 300 ms: is the board on/);
    await expect(
      source({ path: silent.hostPath, board: 'thinkgear' }).start(new RecordingSink()),
    ).rejects.toThrow(/no ThinkGear packets on .* at 57600 or 9600 baud/);
    await expect(
      source({ path: path.join(dir, 'absent'), board: 'cyton' }).start(new RecordingSink()),
    ).rejects.toThrow(/no serial port at .*absent: is the dongle or headset plugged in/);
  });

  it('a text board over a pty: lines become samples, the counter column catches a lost line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-text-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const pair = await createPtyPair(path.join(dir, 'arduino'), path.join(dir, 'port'), SOCAT_PATH);
    cleanups.push(() => pair.close());
    const { SerialPort } = await import('serialport');
    const arduino = new SerialPort({ path: pair.boardPath, baudRate: 115200 });
    cleanups.push(() => new Promise((resolve) => arduino.close(resolve)));
    let n = 0;
    const writer = setInterval(() => {
      if (n !== 150) arduino.write(`${n % 256},${n},${512 - n}\r\n`); // line 150 is lost on the way
      n++;
    }, 4);
    cleanups.push(() => {
      clearInterval(writer);
      return Promise.resolve();
    });
    const sink = new RecordingSink();
    const src = source({
      path: pair.hostPath,
      board: 'text',
      text: { channelCount: 2, sampleRateHz: 250, counterModulo: 256, microvoltsPerUnit: 0.5 },
    });
    await src.start(sink);
    await waitFor('line 200', () => sink.channel(0).includes(100), 5000);
    const ch0 = sink.channel(0);
    const firstLine = ch0[0]! / 0.5;
    expect(sink.gaps()).toEqual([
      { atSample: 150 - firstLine + 1, missingSamples: 1, reason: 'counter-jump' },
    ]);
    const expected = Array.from({ length: ch0.length + 1 }, (_, i) => (firstLine + i) * 0.5).filter(
      (v) => v !== 75,
    );
    expect(ch0).toEqual(expected.slice(0, ch0.length));
    expect(sink.channel(1)[0]).toBe((512 - firstLine) * 0.5);
  });

  it.runIf(process.platform === 'linux')('permission denied names the dialout group and udev', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-perm-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const pair = await createPtyPair(path.join(dir, 'board'), path.join(dir, 'port'), SOCAT_PATH);
    cleanups.push(() => pair.close());
    const tty = await realpath(pair.hostPath);
    let message: string;
    if (process.getuid?.() === 0) {
      // root opens anything, so the attempt is made as "nobody" on a tty only root may use.
      await chmod(tty, 0o600);
      const script = `import { openSerialPort } from ${JSON.stringify(path.resolve('src/main/devices/serial-link.ts'))};
        openSerialPort(${JSON.stringify(tty)}, 115200).then(() => console.log('opened'), (e) => console.log(e.message));`;
      message = await new Promise<string>((resolve, reject) =>
        execFile(
          'setpriv',
          [
            '--reuid=65534',
            '--regid=65534',
            '--clear-groups',
            process.execPath,
            '--import',
            'tsx',
            '--input-type=module',
            '-e',
            script,
          ],
          { cwd: process.cwd(), env: { ...process.env, HOME: dir, TSX_TSCONFIG_PATH: undefined } },
          (error, stdout, stderr) =>
            error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim()),
        ),
      );
    } else {
      await chmod(tty, 0o000);
      const { openSerialPort } = await import('../../../src/main/devices/serial-link');
      message = await openSerialPort(tty, 115200).then(
        () => 'opened',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    }
    expect(message).toMatch(/^permission denied opening .*: add your user to the dialout group/);
    expect(message).toMatch(/udev rule/);
  });
});
