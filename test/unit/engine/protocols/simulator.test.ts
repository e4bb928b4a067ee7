import { describe, expect, it } from 'vitest';
import {
  channelSettingsCommand,
  CYTON_DEFAULT_CHANNEL,
  parseCytonBanner,
} from '../../../../src/engine/protocols/cyton-commands';
import { CytonParser } from '../../../../src/engine/protocols/cyton-parser';
import { DaisyParser } from '../../../../src/engine/protocols/daisy-parser';
import { createBoardSimulator } from '../../../../src/engine/protocols/simulator/create-simulator';
import { CytonBoardSimulator } from '../../../../src/engine/protocols/simulator/cyton-simulator';
import {
  createSignalSource,
  parseSignalSpec,
  SignalSpecError,
} from '../../../../src/engine/protocols/simulator/signal-plan';
import { asciiBytes } from '../../../../src/engine/protocols/text-encoder';
import { ThinkGearParser } from '../../../../src/engine/protocols/thinkgear-parser';
import { collect } from './collect';

const say = (sim: { receive(b: Uint8Array): Uint8Array }, text: string) =>
  new TextDecoder().decode(sim.receive(asciiBytes(text)));

describe('Cyton command protocol', () => {
  it('builds the channel-settings command of the SDK docs example', () => {
    // Docs: "x 3 0 2 0 0 0 0 X" = channel 3 powered, gain 4, normal input, out of bias, SRB2 and SRB1 off.
    expect(channelSettingsCommand(3, { gain: 4, bias: false, srb2: false, srb1: false })).toBe('x3020000X');
    expect(channelSettingsCommand(1, CYTON_DEFAULT_CHANNEL)).toBe('x1060110X');
    expect(channelSettingsCommand(16, { gain: 1 })).toBe('xI000110X');
    expect(() => channelSettingsCommand(17, { gain: 24 })).toThrow(/channels 1-8, with a Daisy 1-16/);
    expect(() => channelSettingsCommand(1, { gain: 3 as 24 })).toThrow(/gain 3 is not one of/);
  });

  it('reads firmware and Daisy presence from a reset banner', () => {
    const banner =
      'OpenBCI V3 8-16 channel\r\nOn Board ADS1299 Device ID: 0x3E\r\nOn Daisy ADS1299 Device ID: 0x3E\r\n' +
      'LIS3DH Device ID: 0x33\r\nFirmware: v3.1.2\r\n$$$';
    expect(parseCytonBanner(banner)).toEqual({
      board: 'OpenBCI V3 8-16 channel',
      firmware: 'v3.1.2',
      daisy: true,
    });
    expect(parseCytonBanner('OpenBCI V3 16 channel\nADS1299 Device ID: 0x3E\n$$$')).toMatchObject({
      firmware: null,
      daisy: false,
    });
    expect(parseCytonBanner('garbage$$$')).toBeNull();
  });
});

describe('simulated Cyton', () => {
  it('answers the handshake and the channel commands as the firmware does', () => {
    const sim = createBoardSimulator({ board: 'cyton', seed: 1 });
    expect(parseCytonBanner(say(sim, 'v'))).toMatchObject({ firmware: 'v3.1.2', daisy: false });
    expect(say(sim, 'x2050000X')).toBe('Success: Channel set for 2$$$');
    expect(say(sim, 'x20X')).toBe('Failure: too few chars$$$');
    expect(say(sim, 'x20500001')).toBe('Failure: Err: 9th char not X$$$');
    expect(say(sim, 'xQ060110X')).toBe('Failure: Err: invalid channel$$$'); // no Daisy
    expect(say(sim, 'd')).toBe('updating channel settings to default$$$');
    expect(say(sim, 'C')).toBe('no daisy to attach!8$$$');
    expect(say(sim, 'b')).toBe('');
    expect(sim.streaming).toBe(true);
    expect(say(sim, 'x1050000X')).toBe(''); // streaming: no confirmation
    expect(say(sim, 's')).toBe('');
    expect(sim.streaming).toBe(false);
  });

  it('streams the signal it is given, scaled by the gains set on it', () => {
    const sim = createBoardSimulator({
      board: 'cyton',
      signals: ['1:sine:10:50', '2:dc:0:-100', '3:dc:0:1000'],
    });
    say(sim, 'v');
    say(sim, 'x2020000X'); // channel 2 at gain 4
    say(sim, 'b');
    const wire = sim.stream(500);
    const out = collect();
    const parser = new CytonParser(out, { gains: [24, 4] });
    parser.push(wire);
    parser.finish();
    const rows = out.rows();
    expect(rows).toHaveLength(500);
    const lsb24 = (4.5 / 24 / 8388607) * 1e6;
    for (const [i, row] of rows.entries()) {
      expect(Math.abs(row[0]! - 50 * Math.sin((2 * Math.PI * 10 * i) / 250))).toBeLessThanOrEqual(lsb24);
      expect(Math.abs(row[1]! + 100)).toBeLessThanOrEqual(((4.5 / 4 / 8388607) * 1e6) / 2 + 1e-4); // gain 4 LSB/2
      expect(Math.abs(row[2]! - 1000)).toBeLessThanOrEqual(lsb24 / 2 + 1e-4);
    }
    expect(sim.stats).toMatchObject({ packetsSent: 500, samplesGenerated: 500 });
  });

  it('powers a channel down with its OFF command and back up with ON', () => {
    const sim = createBoardSimulator({ board: 'cyton', signals: ['1:dc:0:100'] });
    say(sim, 'v');
    say(sim, '1b');
    const off = collect();
    const parser = new CytonParser(off);
    parser.push(sim.stream(3));
    say(sim, '!');
    parser.push(sim.stream(3));
    parser.finish();
    expect(off.rows().map((r) => Math.round(r[0]!))).toEqual([0, 0, 0, 100, 100, 100]);
  });

  it('with a Daisy, sends an invalid first packet then odd main / even Daisy packets', () => {
    const sim = createBoardSimulator({ board: 'daisy', signals: ['1:dc:0:10', '9:dc:0:90', '16:dc:0:160'] });
    expect(parseCytonBanner(say(sim, 'v'))?.daisy).toBe(true);
    say(sim, 'b');
    const wire = sim.stream(200);
    expect(wire.length).toBe(33 * 401);
    expect([wire[1], wire[34], wire[67], wire[33 * 255 + 1], wire[33 * 256 + 1]]).toEqual([0, 1, 2, 255, 0]);
    const out = collect();
    const parser = new DaisyParser(out);
    parser.push(wire);
    parser.finish();
    const rows = out.rows();
    expect(rows).toHaveLength(200);
    expect(
      rows.every((r) => Math.round(r[0]!) === 10 && Math.round(r[8]!) === 90 && Math.round(r[15]!) === 160),
    ).toBe(true);
  });

  it('drops packets and injects garbage when told to', () => {
    const sim = createBoardSimulator({
      board: 'cyton',
      faults: {
        dropPacket: (i) => i >= 100 && i < 103,
        garbageBefore: (i) => (i === 50 ? Uint8Array.of(1, 2, 3, 0xa0) : null),
      },
    });
    say(sim, 'vb');
    const out = collect();
    const parser = new CytonParser(out);
    parser.push(sim.stream(300));
    parser.finish();
    expect(sim.stats).toMatchObject({ packetsSent: 297, packetsDropped: 3, garbageBytes: 4 });
    expect(out.gaps).toEqual([{ atSample: 103, missingSamples: 3, reason: 'counter-jump' }]);
    expect(parser.stats().bytesDiscarded).toBe(4);
    expect(out.sampleCount()).toBe(297);
  });

  it('with the board off, only the dongle answers', () => {
    const sim = new CytonBoardSimulator({
      daisy: false,
      boardPowered: false,
      signal: createSignalSource({ channelCount: 8, sampleRateHz: 250, seed: 1, specs: [] }),
    });
    expect(say(sim, 'v')).toBe('Failure: Communications timeout - Device failed to poll Host$$$');
  });
});

describe('simulated ThinkGear', () => {
  it('streams raw values at 512 Hz and a status packet every second', () => {
    const sim = createBoardSimulator({ board: 'thinkgear', signals: ['1:sine:10:100'] });
    const out = collect();
    const parser = new ThinkGearParser(out);
    parser.push(sim.stream(1024));
    parser.finish();
    expect(out.sampleCount()).toBe(1024);
    const rows = out.rows();
    const uv = (1.8 / 4096 / 2000) * 1e6;
    rows.forEach((r, i) => {
      expect(Math.abs(r[0]! - 100 * Math.sin((2 * Math.PI * 10 * i) / 512))).toBeLessThanOrEqual(
        uv / 2 + 1e-9,
      );
    });
    expect(out.events.filter((e) => e.kind === 'attention').map((e) => e.atSample)).toEqual([512, 1024]);
    expect(out.events.find((e) => e.kind === 'band-powers')).toMatchObject({ kind: 'band-powers' });
  });
});

describe('signal SPECs', () => {
  it('parses channel:kind:Hz:uV with the channel counted from 1', () => {
    expect(parseSignalSpec('1:sine:10:50', 8, 250)).toEqual({
      channel: 0,
      kind: 'sine',
      frequencyHz: 10,
      amplitudeUv: 50,
    });
    expect(parseSignalSpec('16:NOISE:0:3', 16, 125)).toMatchObject({ channel: 15, kind: 'noise' });
  });

  it.each([
    ['1:sine:10', /should be channel:kind:Hz:uV/],
    ['0:sine:10:50', /channel 0 does not exist \(1-8\)/],
    ['9:sine:10:50', /channel 9 does not exist/],
    ['1:triangle:10:50', /kind 'triangle' is not one of sine, square, noise, dc/],
    ['1:sine:125:50', /not below the Nyquist frequency \(125 Hz\)/],
    ['1:sine:ten:50', /frequency 'ten'/],
    ['1:sine:10:', /amplitude ''/],
  ])('refuses %s, saying what is wrong', (spec, message) => {
    expect(() => parseSignalSpec(spec, 8, 250)).toThrow(SignalSpecError);
    expect(() => parseSignalSpec(spec, 8, 250)).toThrow(message);
  });

  it('makes square waves, noise of the asked SD and DC levels, reproducibly', () => {
    const plan = {
      channelCount: 3,
      sampleRateHz: 250,
      seed: 9,
      specs: ['1:square:5:20', '2:noise:0:4', '3:dc:0:-7'].map((s) => parseSignalSpec(s, 3, 250)),
    };
    const a = createSignalSource(plan).read(0, 5000);
    const b = createSignalSource(plan).read(2500, 10);
    expect([...b.data.subarray(0, 10)]).toEqual([...a.data.subarray(2500, 2510)]);
    const square = a.data.subarray(0, 5000);
    expect(new Set(square)).toEqual(new Set([20, -20]));
    const noise = a.data.subarray(5000, 10000);
    const sd = Math.sqrt(noise.reduce((s, v) => s + v * v, 0) / noise.length);
    expect(sd).toBeGreaterThan(3.8);
    expect(sd).toBeLessThan(4.2);
    expect(new Set(a.data.subarray(10000, 15000))).toEqual(new Set([-7]));
  });
});
