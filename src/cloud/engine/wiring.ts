// The cloud's connection to the desktop's engine (src/engine): the same readers and the same brain engine run
// on both sides. Analyses run on a pool of worker threads (src/engine/worker/parallel.ts), so a long analysis
// never holds up the server's other requests. Members still null are parts not in this build; the endpoints that
// need them answer 503 engine_unavailable.
import { decodeEegFile, FormatError } from '../../engine/formats';
import { toAnalyzeJson, type AnalysisReport } from '../../engine/brain';
import { EngineWorkerClient, EngineWorkerError } from '../../engine/worker/engine-client';
import { ParallelPool } from '../../engine/worker/parallel';
import { SOUND_INPUT_ERROR, type SoundInput } from '../../engine/worker/sound-tasks';
import type {
  BandPowers,
  BrainsyncMode,
  EnergyCheckReport,
  HarmonyReport,
  ScanHarmonicReport,
} from '../../shared/cloud';
import { invalidRequest } from '../http/errors';

type BandName = keyof BandPowers;
import type { CloudEngine, DecodedEeg, EegReader } from './ports';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new FormatError('the file is not valid UTF-8 text');
  }
}

/** Every format goes through the one decoder; the name only steers detection of text formats. */
const read: EegReader = (bytes) =>
  Promise.resolve().then(() => {
    const file = decodeEegFile(bytes, { fileName: 'upload', decodeText });
    return { channels: file.channels, durationS: file.durationS };
  });

let pool: ParallelPool | null = null;

/** The engine's full analysis of an uploaded recording, on both cores. */
async function analyze(eeg: DecodedEeg): Promise<AnalysisReport> {
  pool ??= new ParallelPool({ threads: 2 });
  const { report } = await pool.analyze(
    {
      channels: eeg.channels.map((c) => ({
        label: c.label,
        sampleRateHz: c.sampleRateHz,
        data: c.data,
        physicalRange: c.physicalRange,
      })),
    },
    undefined,
    // Copied, not transferred: one decoded upload may serve several analyses.
    { ownership: 'copy' },
  );
  return report;
}

// A copy: the cloud's report types keep params as an open record.
const paramsOf = (report: AnalysisReport): Readonly<Record<string, unknown>> => ({
  ...toAnalyzeJson(report).params,
});

function bandPowers<T extends number | null>(values: Readonly<Record<string, T>>): { [B in BandName]: T } {
  return {
    delta: values.delta as T,
    theta: values.theta as T,
    alpha: values.alpha as T,
    beta: values.beta as T,
    gamma: values.gamma as T,
  };
}

export async function energyCheck(eeg: DecodedEeg): Promise<EnergyCheckReport> {
  const report = await analyze(eeg);
  return {
    params: paramsOf(report),
    channels: report.channels.map((c) => ({
      label: c.label,
      sample_rate_hz: c.sampleRateHz,
      rms_uv: c.rmsUv,
      total_power_uv2: c.totalPowerUv2,
      bands: bandPowers(c.bandsUv2),
      relative: bandPowers(c.relative),
      peak_alpha_hz: c.peakAlpha.hz,
      line_noise_ratio: c.lineNoise.ratio,
      flat_fraction: c.flat.fraction,
      railed_fraction: c.railed.fraction,
      quality: c.quality.label,
      quality_reasons: c.quality.reasons,
    })),
  };
}

export async function harmony(eeg: DecodedEeg): Promise<HarmonyReport> {
  const report = await analyze(eeg);
  const h = report.harmony;
  if (!h)
    return {
      params: paramsOf(report),
      index: null,
      index_reason: 'harmony was not computed',
      pairs: [],
      asymmetry: [],
    };
  return {
    params: paramsOf(report),
    index: h.index,
    index_reason: h.indexReason,
    pairs: h.pairs.map((p) => ({
      a: p.a,
      b: p.b,
      alpha_coherence: p.coherence,
      ...(p.reason && { reason: p.reason }),
    })),
    asymmetry: h.asymmetry.map((a) => ({
      left: a.left,
      right: a.right,
      value: a.asymmetry,
      ...(a.reason && { reason: a.reason }),
    })),
  };
}

export async function scanHarmonic(eeg: DecodedEeg): Promise<ScanHarmonicReport> {
  const report = await analyze(eeg);
  return {
    params: paramsOf(report),
    channels: report.channels.map((c) => ({
      label: c.label,
      peaks: c.harmonicScan.peaks.map((p) => ({ hz: p.hz, power: p.psdUv2PerHz, snr_db: p.snrDb })),
      families: c.harmonicScan.families.map((f) => ({
        f0_hz: f.f0Hz,
        harmonics_hz: f.harmonics.map((h) => h.hz),
      })),
    })),
  };
}

/** Brainsync from the cloud lasts a minute; the symphony covers at most the first minute of the recording. */
export const CLOUD_BRAINSYNC_SECONDS = 60;
export const CLOUD_SYMPHONY_MAX_SECONDS = 60;

let soundWorker: EngineWorkerClient | null = null;

/** The EEG channels of an upload, copied to the engine thread (a decoded upload may serve several requests). */
function soundInput(eeg: DecodedEeg): SoundInput {
  const channels = eeg.channels
    .filter((c) => c.unit === 'uV' && c.data.length > 0)
    .map((c) => ({ label: c.label, sampleRateHz: c.sampleRateHz, data: c.data }));
  if (channels.length === 0) throw invalidRequest('the recording has no EEG channel in microvolts');
  return { kind: 'channels', channels, recordingSeconds: eeg.durationS };
}

/** Sound renders run on an engine worker thread; input the engine refuses becomes a 400 with its reason. */
async function onSoundWorker<T>(work: (worker: EngineWorkerClient) => Promise<T>): Promise<T> {
  soundWorker ??= new EngineWorkerClient();
  try {
    return await work(soundWorker);
  } catch (error) {
    if (error instanceof EngineWorkerError && error.name === SOUND_INPUT_ERROR)
      throw invalidRequest(error.message);
    throw error;
  }
}

export async function brainsync(mode: BrainsyncMode, eeg: DecodedEeg | null): Promise<Uint8Array> {
  const { wav } = await onSoundWorker((worker) =>
    worker.request('sound.brainsync', {
      request: { mode, seconds: CLOUD_BRAINSYNC_SECONDS },
      input: eeg ? soundInput(eeg) : null,
      source: { kind: eeg ? 'recording' : 'none', name: eeg ? `${eeg.format} upload` : '' },
      title: `Brainsync ${mode}`,
    }),
  );
  return wav;
}

export async function neuralSymphony(eeg: DecodedEeg): Promise<Uint8Array> {
  const { wav } = await onSoundWorker((worker) =>
    worker.request('sound.symphony', {
      input: soundInput(eeg),
      params: { maxSeconds: CLOUD_SYMPHONY_MAX_SECONDS },
      source: { kind: 'recording', name: `${eeg.format} upload` },
      title: 'Neural symphony',
    }),
  );
  return wav;
}

export const desktopEngine: CloudEngine = {
  readers: { edf: read, bdf: read, 'openbci-text': read, csv: read },
  energyCheck,
  harmony,
  scanHarmonic,
  brainsync,
  neuralSymphony,
};
