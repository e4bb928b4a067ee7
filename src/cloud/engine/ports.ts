// What the cloud needs from the brain engine and the format readers (src/engine), as a small interface the
// server is written against. src/cloud/engine/wiring.ts fills it with the real engine; a member that is null
// is a part not wired into this build, and the endpoints that need it answer 503 engine_unavailable.
import type { DecodedChannel } from '../../engine/formats';
import type {
  BrainsyncMode,
  EegFormat,
  EnergyCheckReport,
  HarmonyReport,
  ScanHarmonicReport,
} from '../../shared/cloud';

/** An EEG recording decoded from an uploaded file: each channel at its own rate (EDF files mix rates). */
export interface DecodedEeg {
  readonly format: EegFormat;
  readonly channels: readonly DecodedChannel[];
  /** Of the longest channel. */
  readonly durationS: number;
}

/**
 * Reads one file format. Rejects with a FormatError (src/engine/formats/format-error) whose message says what is
 * wrong and where; any other rejection is treated as a server fault.
 */
export type EegReader = (bytes: Uint8Array) => Promise<Omit<DecodedEeg, 'format'>>;

export interface CloudEngine {
  readonly readers: { readonly [F in EegFormat]: EegReader | null };
  readonly energyCheck: ((recording: DecodedEeg) => Promise<EnergyCheckReport>) | null;
  readonly harmony: ((recording: DecodedEeg) => Promise<HarmonyReport>) | null;
  readonly scanHarmonic: ((recording: DecodedEeg) => Promise<ScanHarmonicReport>) | null;
  /** Binaural beats as a WAV file (ENGINE.md "Brainsync"); `recording` personalises the beat when given. */
  readonly brainsync: ((mode: BrainsyncMode, recording: DecodedEeg | null) => Promise<Uint8Array>) | null;
  /** The neural symphony of a recording as a WAV file (ENGINE.md "Neural symphony"). */
  readonly neuralSymphony: ((recording: DecodedEeg) => Promise<Uint8Array>) | null;
}

export const EEG_FORMAT_NAMES: { readonly [F in EegFormat]: string } = {
  edf: 'EDF/EDF+',
  bdf: 'BDF/BDF+',
  'openbci-text': 'OpenBCI GUI text',
  csv: 'CSV',
};
