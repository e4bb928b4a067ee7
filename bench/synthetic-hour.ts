// The one-hour 64-channel 1000 Hz recording the format and recording benchmarks export, import and read with MNE.
import type { ExportSource } from '../src/engine/formats/export-source';

export const HOUR_CHANNELS = 64;
export const HOUR_RATE_HZ = 1000;
export const HOUR_SECONDS = 3600;

/**
 * A deterministic synthetic hour: per channel one second of a 10 Hz sine plus LCG noise, repeated with a slow
 * drift, and 120 markers. Windows are copies from that table so a benchmark measures the formats and the store,
 * not the generator. `ranges`: the source states its min/max (+-100 uV), sparing the writer its ranges pass.
 */
export function syntheticHour(ranges: boolean): ExportSource {
  const tables = Array.from({ length: HOUR_CHANNELS }, (_, c) => {
    let seed = (c * 104729 + 1) >>> 0;
    return Float32Array.from({ length: HOUR_RATE_HZ }, (_, i) => {
      seed = (seed * 1664525 + 1013904223) >>> 0;
      return 50 * Math.sin((2 * Math.PI * 10 * i) / HOUR_RATE_HZ + c) + (seed / 2 ** 32 - 0.5) * 10;
    });
  });
  return {
    signals: Array.from({ length: HOUR_CHANNELS }, (_, c) => ({
      label: `EEG ${c + 1}`,
      sampleRateHz: HOUR_RATE_HZ,
      unit: 'uV',
      sampleCount: HOUR_RATE_HZ * HOUR_SECONDS,
    })),
    gaps: [],
    annotations: Array.from({ length: 120 }, (_, i) => ({
      onsetS: i * 30 + 0.5,
      durationS: 0,
      text: `marker ${i}`,
    })),
    ...(ranges ? { ranges: tables.map(() => ({ min: -100, max: 100 })) } : {}),
    read(window) {
      return window.firstSample.map((first, c) => {
        const out = new Float32Array(window.sampleCount[c]!);
        const table = tables[c]!;
        for (let at = 0; at < out.length;) {
          const from = (first + at) % HOUR_RATE_HZ;
          const n = Math.min(HOUR_RATE_HZ - from, out.length - at);
          out.set(table.subarray(from, from + n), at);
          const drift = 20 * Math.sin(Math.floor((first + at) / HOUR_RATE_HZ) / 60);
          for (let i = at; i < at + n; i++) out[i]! += drift;
          at += n;
        }
        return out;
      });
    },
  };
}

/** The value of `fn` and the seconds it took (one run: these steps take seconds each). */
export async function timedS<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, (performance.now() - t0) / 1000];
}
