// The demo headset: the real OpenBCI Cyton recording shipped in resources/demo, looped at its true rate, so the
// app is alive with no hardware attached.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseOpenBciText } from '../../engine/formats/openbci-text';
import { createPlaybackSource } from '../../engine/sources/playback';
import { PacedSource } from './paced-source';

export const DEMO_RECORDING_FILE = 'OpenBCI_GUI-v6-blinks-jawClench-alpha.txt';

// Parsing the 3 MB recording takes a few hundred ms; it never changes, so it is parsed once per process and the
// demo reconnects at once. A failed read is not kept (the next connection tries again).
const parsed = new Map<string, Promise<ReturnType<typeof parseOpenBciText>>>();

function readDemoRecording(file: string): Promise<ReturnType<typeof parseOpenBciText>> {
  let recording = parsed.get(file);
  if (!recording) {
    recording = readFile(file, 'utf8').then(parseOpenBciText);
    recording.catch(() => parsed.delete(file));
    parsed.set(file, recording);
  }
  return recording;
}

export async function createDemoSource(resourcesDir: string): Promise<PacedSource> {
  const file = path.join(resourcesDir, 'demo', DEMO_RECORDING_FILE);
  const recording = await readDemoRecording(file);
  return new PacedSource({
    description: {
      kind: 'demo',
      label: 'Demo headset (OpenBCI Cyton recording)',
      board: 'cyton',
      sampleRateHz: recording.sampleRateHz,
      channelLabels: recording.channelLabels,
      detail: DEMO_RECORDING_FILE,
    },
    source: createPlaybackSource(recording, { loop: true }),
  });
}
