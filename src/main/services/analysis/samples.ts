// Recordings that ship with the app (resources/demo), offered on the Analysis page to be analysed as files.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AnalysisSample } from '../../../shared/api';

const OPENBCI_SAMPLE = 'OpenBCI_GUI-v6-blinks-jawClench-alpha.txt';

/** Channel count, rate and duration from the OpenBCI GUI header and the number of sample lines. */
function openBciShape(bytes: Uint8Array): {
  channelCount: number;
  sampleRateHz: number;
  sampleCount: number;
} {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  const channelCount = Number(/%Number of channels = (\d+)/.exec(head)?.[1] ?? NaN);
  const sampleRateHz = Number(/%Sample Rate = ([\d.]+) Hz/.exec(head)?.[1] ?? NaN);
  let lines = 0;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines++;
  if (bytes.length && bytes[bytes.length - 1] !== 10) lines++;
  // Header lines start with %, then one line of column names.
  const headerLines = head.split('\n').filter((l) => l.startsWith('%')).length + 1;
  return { channelCount, sampleRateHz, sampleCount: lines - headerLines };
}

export function bundledSamples(resourcesDir: string): () => Promise<readonly AnalysisSample[]> {
  let samples: Promise<readonly AnalysisSample[]> | null = null;
  const load = async (): Promise<readonly AnalysisSample[]> => {
    const file = path.join(resourcesDir, 'demo', OPENBCI_SAMPLE);
    const shape = openBciShape(await readFile(file));
    return [
      {
        id: 'openbci-sample',
        label: 'OpenBCI sample recording',
        description:
          'Real EEG from an OpenBCI Cyton (OpenBCI GUI v6): eye blinks, jaw clenches and eyes-closed alpha.',
        file,
        channelCount: shape.channelCount,
        sampleRateHz: shape.sampleRateHz,
        durationS: Math.round((shape.sampleCount / shape.sampleRateHz) * 1000) / 1000,
      },
    ];
  };
  return () => {
    samples ??= load().catch((error: unknown) => {
      samples = null;
      throw error;
    });
    return samples;
  };
}
