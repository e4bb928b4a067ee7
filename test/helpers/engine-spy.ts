// A brain engine for testing the HTTP side of the brain endpoints: the real format readers, and analyses that
// record what they were handed and answer with reports shaped as ENGINE.md says (values are placeholders: the
// engine's numbers are tested in src/engine's own tests, against scipy and MNE).
import type { CloudEngine, DecodedEeg } from '../../src/cloud/engine/ports';
import { desktopEngine } from '../../src/cloud/engine/wiring';
import type { BrainsyncMode, HarmonyReport, ScanHarmonicReport } from '../../src/shared/cloud';

/** A tiny valid WAV (mono 16-bit, `frames` zero samples): what a wired audio renderer returns in shape. */
export function silentWav(frames: number): Uint8Array {
  const out = new Uint8Array(44 + frames * 2);
  const v = new DataView(out.buffer);
  const tag = (at: number, s: string) => {
    for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i));
  };
  tag(0, 'RIFF');
  v.setUint32(4, 36 + frames * 2, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, 8000, true);
  v.setUint32(28, 16000, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  tag(36, 'data');
  v.setUint32(40, frames * 2, true);
  return out;
}

/** Records what each endpoint handed to the engine and answers with reports built from it. */
export function recordingEngine() {
  const calls: { what: string; eeg: DecodedEeg | null; mode?: BrainsyncMode }[] = [];
  const engine: CloudEngine = {
    readers: desktopEngine.readers,
    energyCheck: (eeg) => {
      calls.push({ what: 'energy', eeg });
      return Promise.resolve({
        params: { welch: { nperseg: 2 * (eeg.channels[0]?.sampleRateHz ?? 0) } },
        channels: eeg.channels.map(({ label, sampleRateHz }) => ({
          label,
          sample_rate_hz: sampleRateHz,
          rms_uv: 1,
          total_power_uv2: 1,
          bands: { delta: 1, theta: 1, alpha: 1, beta: 1, gamma: 1 },
          relative: { delta: 0.2, theta: 0.2, alpha: 0.2, beta: 0.2, gamma: 0.2 },
          peak_alpha_hz: 10,
          line_noise_ratio: 0,
          flat_fraction: 0,
          railed_fraction: 0,
          quality: label === 'Ch1' ? 'noisy' : 'good',
          quality_reasons: [],
        })),
      });
    },
    harmony: (eeg): Promise<HarmonyReport> => {
      calls.push({ what: 'harmony', eeg });
      return Promise.resolve({
        params: {},
        index: 0.5,
        index_reason: null,
        pairs: [{ a: 'Ch1', b: 'Ch2', alpha_coherence: 0.5 }],
        asymmetry: [],
      });
    },
    scanHarmonic: (eeg): Promise<ScanHarmonicReport> => {
      calls.push({ what: 'scan', eeg });
      return Promise.resolve({
        params: {},
        channels: [{ label: 'Ch1', peaks: [{ hz: 10, power: 5, snr_db: 12 }], families: [] }],
      });
    },
    brainsync: (mode, eeg) => {
      calls.push({ what: 'brainsync', eeg, mode });
      return Promise.resolve(silentWav(80));
    },
    neuralSymphony: (eeg) => {
      calls.push({ what: 'symphony', eeg });
      return Promise.resolve(silentWav(160));
    },
  };
  return { engine, calls };
}
