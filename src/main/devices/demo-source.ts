// The demo headset: the real OpenBCI Cyton recording shipped in resources/demo, looped at its true rate, so the
// app is alive with no hardware attached.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseOpenBciText } from '../../engine/formats/openbci-text';
import { createPlaybackSource } from '../../engine/sources/playback';
import { PacedSource } from './paced-source';

export const DEMO_RECORDING_FILE = 'OpenBCI_GUI-v6-blinks-jawClench-alpha.txt';

export async function createDemoSource(resourcesDir: string): Promise<PacedSource> {
  const file = path.join(resourcesDir, 'demo', DEMO_RECORDING_FILE);
  const recording = parseOpenBciText(await readFile(file, 'utf8'));
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
