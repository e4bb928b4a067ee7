import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guessBoard } from '../../../../src/main/devices/board-guess';
import { ftdiLatencyNotice, readFtdiLatency } from '../../../../src/main/devices/ftdi-latency';
import { ReplyReader, ReplyTimeout } from '../../../../src/main/devices/reply-reader';
import { explainOpenError } from '../../../../src/main/devices/serial-link';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('board guess', () => {
  it('recognises the OpenBCI dongle by its FTDI 0403:6015 identity', () => {
    expect(guessBoard({ vendorId: '0403', productId: '6015', manufacturer: 'FTDI' })?.board).toBe('cyton');
    expect(guessBoard({ vendorId: '0403', productId: '6001', manufacturer: 'FTDI' })).toBeNull();
  });

  it('guesses NeuroSky by maker and Arduino-style boards by vendor', () => {
    expect(guessBoard({ manufacturer: 'NeuroSky Inc.' })?.board).toBe('thinkgear');
    expect(guessBoard({ vendorId: '2341', productId: '0043' })).toMatchObject({
      board: 'text',
      why: /Arduino/,
    });
    expect(guessBoard({ vendorId: '1A86', productId: '7523' })).toMatchObject({
      board: 'text',
      why: /CH340/,
    });
    expect(guessBoard({})).toBeNull();
  });
});

describe('FTDI latency timer', () => {
  async function fakeSysfs(tty: string, value: string): Promise<{ root: string; dev: string }> {
    const root = await mkdtemp(path.join(tmpdir(), 'clisonix-sysfs-'));
    dirs.push(root);
    await mkdir(path.join(root, 'bus/usb-serial/devices', tty), { recursive: true });
    await writeFile(path.join(root, 'bus/usb-serial/devices', tty, 'latency_timer'), value);
    const dev = path.join(root, 'dev', tty);
    await mkdir(path.dirname(dev), { recursive: true });
    await writeFile(dev, '');
    return { root, dev };
  }

  it('reads the timer through a by-id style symlink and explains how to lower it', async () => {
    const { root, dev } = await fakeSysfs('ttyUSB0', '16\n');
    const link = path.join(root, 'usb-OpenBCI-if00-port0');
    await symlink(dev, link);
    const latency = await readFtdiLatency(link, root);
    expect(latency).toEqual({
      timerMs: 16,
      file: path.join(root, 'bus/usb-serial/devices/ttyUSB0/latency_timer'),
    });
    const notice = ftdiLatencyNotice(link, latency);
    expect(notice).toMatch(/latency timer of .* is 16 ms, so samples arrive in bursts/);
    expect(notice).toContain(`echo 1 | sudo tee ${latency?.file ?? ''}`);
    expect(notice).toContain('ATTR{latency_timer}="1"');
  });

  it('is quiet at 1 ms and for ports without a timer', async () => {
    const { root, dev } = await fakeSysfs('ttyUSB1', '1');
    expect(ftdiLatencyNotice(dev, await readFtdiLatency(dev, root))).toBeNull();
    expect(await readFtdiLatency('/dev/pts/99', root)).toBeNull();
  });
});

describe('open errors', () => {
  it('names the dialout group and a udev rule for permission denied on Linux', () => {
    // The message node-serialport gives for EACCES (seen on a real pty opened by an unprivileged user).
    const e = explainOpenError('/dev/ttyUSB0', 'Error: Permission denied, cannot open /dev/ttyUSB0', 'linux');
    expect(e.problem).toBe('permission');
    expect(e.message).toMatch(/sudo usermod -aG dialout \$USER/);
    expect(e.message).toMatch(/udev rule .*ATTRS\{idVendor\}=="0403", ATTRS\{idProduct\}=="6015"/);
  });

  it('tells a missing port from a busy one', () => {
    expect(
      explainOpenError('/dev/ttyUSB3', 'Error: No such file or directory, cannot open /dev/ttyUSB3').problem,
    ).toBe('missing');
    const busy = explainOpenError('/dev/ttyUSB0', 'Error Resource temporarily unavailable Cannot lock port');
    expect(busy.problem).toBe('busy');
    expect(busy.message).toMatch(/in use by another program/);
    expect(explainOpenError('/dev/x', 'Error: Input/output error').message).toBe(
      'cannot open /dev/x: Error: Input/output error',
    );
  });
});

describe('reply reader', () => {
  it('returns each reply up to its end marker, across chunks', async () => {
    const reader = new ReplyReader();
    const pending = reader.until('$$$', 1000, "'v'");
    reader.feed(new TextEncoder().encode('OpenBCI V3\r\nFirm'));
    setTimeout(() => reader.feed(new TextEncoder().encode('ware: v3.1.2\r\n$$$Success: Ch')), 10);
    await expect(pending).resolves.toBe('OpenBCI V3\r\nFirmware: v3.1.2\r\n$$$');
    expect(reader.received).toBe('Success: Ch');
  });

  it('times out quoting what did arrive, and fails at once when the port goes away', async () => {
    const reader = new ReplyReader();
    reader.feed(Uint8Array.of(0x41, 0x00, 0x42));
    const error = await reader.until('$$$', 50, "'v'").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReplyTimeout);
    expect((error as ReplyTimeout).received).toBe('A\u0000B');
    const waiting = reader.until('$$$', 5000, "'v'");
    reader.fail('the device was disconnected');
    await expect(waiting).rejects.toThrow('the device was disconnected');
  });
});
