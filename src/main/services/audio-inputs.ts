// The audio inputs node-web-audio-api can see. It asks the sound system (ALSA, PulseAudio/PipeWire via ALSA,
// CoreAudio, WASAPI) for its capture devices; on Linux these are PCM names such as "default" and "pulse", not
// the microphones behind them. The native module writes JACK/ALSA chatter straight to the process's stdout and
// stderr, so the enumeration runs in a child process whose output is read for one marked line: the caller's
// stdout (a `--json` document) stays clean.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

export interface AudioInput {
  readonly id: string;
  readonly label: string;
}

export interface AudioInputList {
  readonly inputs: readonly AudioInput[];
  /** What the list is and is not, or why it is empty: always shown with it. */
  readonly note: string;
}

const MARK = '@@clisonix-audio-inputs@@';
const script = (moduleUrl: string) => `
import(${JSON.stringify(moduleUrl)})
  .then((m) => (m.mediaDevices ?? m.default.mediaDevices).enumerateDevices())
  .then(
    (devices) => process.stdout.write('\\n${MARK}' + JSON.stringify({ devices }) + '\\n'),
    (error) => process.stdout.write('\\n${MARK}' + JSON.stringify({ error: String(error && error.message || error) }) + '\\n'),
  )
  .finally(() => process.exit(0));
`;

interface EnumerationReply {
  readonly devices?: readonly { deviceId?: unknown; label?: unknown; kind?: unknown }[];
  readonly error?: string;
}

export interface ListAudioInputsOptions {
  readonly timeoutMs?: number;
  /** Environment of the enumeration (which sound server to ask: XDG_RUNTIME_DIR, PULSE_SERVER...). */
  readonly env?: NodeJS.ProcessEnv;
}

export async function listAudioInputs(options: ListAudioInputsOptions = {}): Promise<AudioInputList> {
  let reply: EnumerationReply;
  try {
    reply = await enumerateInChild(options.timeoutMs ?? 10_000, options.env ?? process.env);
  } catch (error) {
    return {
      inputs: [],
      note: `Audio inputs could not be listed: ${error instanceof Error ? error.message : String(error)}.`,
    };
  }
  if (reply.error !== undefined) {
    return {
      inputs: [],
      note: `Audio inputs could not be listed: node-web-audio-api said "${reply.error}".`,
    };
  }
  const inputs = (reply.devices ?? [])
    .filter((d) => d.kind === 'audioinput')
    .map((d) => ({ id: text(d.deviceId), label: text(d.label) }));
  if (inputs.length === 0) {
    return {
      inputs,
      note:
        'No audio input was found: the sound system offered no capture device to node-web-audio-api. ' +
        'Check that a sound server (PulseAudio or PipeWire) is running or that a sound card with an input is present.',
    };
  }
  return {
    inputs,
    note:
      "These are the sound system's capture devices as node-web-audio-api sees them (on Linux PCM names such as " +
      '"default" and "pulse"), not the microphones behind them: choose the microphone in the system sound settings.',
  };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function enumerateInChild(timeoutMs: number, env: NodeJS.ProcessEnv): Promise<EnumerationReply> {
  // Resolved here, so the child finds the module whatever its working directory.
  const moduleUrl = pathToFileURL(createRequire(import.meta.url).resolve('node-web-audio-api')).href;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script(moduleUrl)], {
      // Electron's binary runs as plain Node with this; Node ignores it.
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the sound system did not answer within ${Math.round(timeoutMs / 1000)} s`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', () => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(MARK));
      if (!line) {
        reject(new Error('node-web-audio-api did not load'));
        return;
      }
      try {
        resolve(JSON.parse(line.slice(MARK.length)) as EnumerationReply);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  });
}
