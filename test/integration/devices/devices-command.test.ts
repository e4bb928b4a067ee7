// `clisonix devices [--json]`: the shape of its JSON (docs/design/CLI.md), the same document from a real process
// (the audio module's native chatter must not reach stdout), and audio inputs with and without a sound server.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listAudioInputs } from '../../../src/main/services/audio-inputs';
import { CLI_BIN, REPO_ROOT, runCliCaptured } from '../../helpers/cli';
import { waitFor } from './recording-sink';

interface DevicesJson {
  serial_ports: Record<string, unknown>[];
  serial_problem: string | null;
  audio_inputs: { id: string; label: string }[];
  audio_note: string;
}

function checkShape(doc: DevicesJson): void {
  expect(Object.keys(doc).sort()).toEqual(['audio_inputs', 'audio_note', 'serial_ports', 'serial_problem']);
  for (const port of doc.serial_ports) {
    expect(Object.keys(port).sort()).toEqual([
      'ftdi_latency_ms',
      'likely_board',
      'manufacturer',
      'path',
      'product_id',
      'serial_number',
      'vendor_id',
      'why',
    ]);
    expect(typeof port.path).toBe('string');
    for (const key of ['manufacturer', 'serial_number', 'vendor_id', 'product_id', 'why']) {
      expect(port[key] === null || typeof port[key] === 'string', key).toBe(true);
    }
    expect([null, 'cyton', 'cyton-daisy', 'thinkgear', 'text']).toContain(port.likely_board);
    expect(port.ftdi_latency_ms === null || typeof port.ftdi_latency_ms === 'number').toBe(true);
  }
  expect(doc.serial_problem).toBeNull();
  expect(Array.isArray(doc.audio_inputs)).toBe(true);
  expect(doc.audio_note.length).toBeGreaterThan(20);
}

function runProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout }));
  });
}

describe('clisonix devices', () => {
  it('prints one JSON document with the serial ports and what it knows of audio inputs', async () => {
    const run = await runCliCaptured(['devices', '--json']);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as DevicesJson;
    checkShape(doc);
    // The same ports the serialport binding lists, none invented.
    const { SerialPort } = await import('serialport');
    const listed = (await (SerialPort.list as () => Promise<{ path: string }[]>)()).map((p) => p.path).sort();
    expect(doc.serial_ports.map((p) => p.path).sort()).toEqual(listed);
  });

  it('keeps stdout clean as a real process: the whole of it parses as the document', async () => {
    const run = await runProcess(['devices', '--json']);
    expect(run.code).toBe(0);
    checkShape(JSON.parse(run.stdout) as DevicesJson);
  });

  it('speaks plainly without --json, including about pseudo-terminals', async () => {
    const run = await runCliCaptured(['devices']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Serial ports\n/);
    expect(run.stdout).toContain('pseudo-terminals such as clisonix simulate --pty are not listed');
    expect(run.stdout).toMatch(/\nAudio inputs\n/);
    const usage = await runCliCaptured(['devices', '--verbose']);
    expect(usage.code).toBe(2);
  });

  it('lists the sound system’s capture devices when a sound server runs, and says when there are none', async () => {
    const runtime = await mkdtemp(path.join(tmpdir(), 'clisonix-pulse-'));
    const env = { XDG_RUNTIME_DIR: runtime, HOME: runtime, PULSE_RUNTIME_PATH: path.join(runtime, 'pulse') };
    const environment = { ...process.env, ...env };
    const silent = await listAudioInputs({ env: environment });
    expect(silent.inputs).toEqual([]);
    expect(silent.note).toMatch(/^No audio input was found/);

    const pulse: ChildProcess = spawn(
      'pulseaudio',
      [
        '--daemonize=no',
        '--exit-idle-time=-1',
        '-n',
        '--load=module-null-sink',
        '--load=module-native-protocol-unix',
      ],
      { env: { ...process.env, ...env }, stdio: 'ignore' },
    );
    try {
      await waitFor('the PulseAudio socket', () => existsSync(path.join(runtime, 'pulse', 'native')), 10_000);
      const listed = await listAudioInputs({ env: environment });
      expect(listed.inputs.length).toBeGreaterThan(0);
      expect(listed.inputs.every((a) => a.id !== '' && a.label !== '')).toBe(true);
      expect(listed.note).toMatch(/capture devices as node-web-audio-api sees them/);
    } finally {
      pulse.kill('SIGTERM');
    }
  });
});
