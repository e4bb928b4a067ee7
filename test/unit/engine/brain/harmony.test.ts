import { describe, expect, it } from 'vitest';
import { electrodeName, harmony, homologousPairs, type RecordingChannel } from '../../../../src/engine/brain';
import { synthesize } from '../../../helpers/compare';

const FS = 250;
const N = FS * 60;

function ch(label: string, data: Float32Array, sampleRateHz = FS): RecordingChannel {
  return { label, sampleRateHz, data };
}

describe('harmony', () => {
  // A shared rhythm on every bin of 8-13 Hz (coherence is averaged over the band's bins).
  const alpha = synthesize(
    FS,
    N,
    Array.from({ length: 10 }, (_, k) => ({ hz: 8 + 0.5 * k, amplitudeUv: 6, phaseRad: k * k })),
    0,
    1,
  );
  const mix = (noiseSeed: number, gain: number, noiseUv: number) => {
    const noise = synthesize(FS, N, [], noiseUv, noiseSeed);
    return alpha.map((v, i) => gain * v + noise[i]!);
  };

  it('finds shared alpha coherent and independent noise not, and the index is the mean over pairs', () => {
    const report = harmony({
      channels: [ch('O1', mix(2, 1, 3)), ch('O2', mix(3, 2, 3)), ch('Fz', synthesize(FS, N, [], 10, 4))],
    });
    const pair = (a: string, b: string) => report.pairs.find((p) => p.a === a && p.b === b)!.coherence!;
    expect(pair('O1', 'O2')).toBeGreaterThan(0.9);
    expect(pair('O1', 'Fz')).toBeLessThan(0.2);
    expect(report.pairs).toHaveLength(3);
    expect(report.index).toBeCloseTo((pair('O1', 'O2') + pair('O1', 'Fz') + pair('O2', 'Fz')) / 3, 12);
    expect(report.groups).toEqual([
      expect.objectContaining({
        sampleRateHz: 250,
        channels: [0, 1, 2],
        segmentLength: 500,
        segmentCount: 59,
      }),
    ]);
    // O2 has twice the amplitude: 4x the alpha power, ln 4 of asymmetry (right minus left).
    expect(report.asymmetry).toHaveLength(1);
    expect(report.asymmetry[0]).toMatchObject({ left: 'O1', right: 'O2', band: 'alpha' });
    expect(report.asymmetry[0]!.asymmetry!).toBeCloseTo(Math.log(4), 1);
  });

  it('pairs only channels of one rate and length, and says which were skipped and why', () => {
    const at500 = synthesize(500, 500 * 60, [{ hz: 10, amplitudeUv: 20 }], 2, 5);
    const shorter = mix(6, 1, 2).subarray(0, N - 100);
    const report = harmony({
      channels: [ch('C3', mix(2, 1, 3)), ch('C4', mix(3, 1, 3)), ch('EMG', at500, 500), ch('Pz', shorter)],
    });
    expect(report.pairs.map((p) => `${p.a}-${p.b}`)).toEqual(['C3-C4']);
    expect(report.skipped).toEqual([
      {
        index: 2,
        label: 'EMG',
        reason: 'no other channel at 500 Hz (coherence pairs channels of one rate; none is resampled)',
      },
      { index: 3, label: 'Pz', reason: `no other channel at 250 Hz has its length of ${N - 100} samples` },
    ]);
  });

  it('has no index, not NaN, when no pair can be formed', () => {
    const report = harmony({ channels: [ch('Cz', mix(2, 1, 3))] });
    expect(report.index).toBeNull();
    expect(report.indexReason).toBe('no two channels share a sample rate and length');
  });
});

describe('homologous pairs', () => {
  it('reads electrode names out of common label styles', () => {
    expect(electrodeName('EEG Fp1-REF')).toBe('FP1');
    expect(electrodeName(' F3 ')).toBe('F3');
    expect(electrodeName('EEG O2-A1')).toBe('O2');
    expect(electrodeName('T7:M1')).toBe('T7');
  });

  it('pairs odd (left) with the next even (right) electrode of the same name', () => {
    const labels = [
      'Fp1',
      'Fp2',
      'F3',
      'F4',
      'C3',
      'Cz',
      'C4',
      'P3',
      'P4',
      'O1',
      'O2',
      'F7',
      'F8',
      'T7',
      'T8',
      'T3',
      'X1',
    ];
    const pairs = homologousPairs(labels).map(({ left, right }) => `${labels[left]}/${labels[right]}`);
    expect(pairs).toEqual(['Fp1/Fp2', 'F3/F4', 'C3/C4', 'P3/P4', 'O1/O2', 'F7/F8', 'T7/T8']);
  });

  it('pairs scalp sites only: numbered board channels and reference electrodes are not homologous', () => {
    const labels = [
      'Ch1',
      'Ch2',
      'EXG1',
      'EXG2',
      'A1',
      'A2',
      'M1',
      'M2',
      'FFC5h',
      'PO7',
      'PO8',
      'AFF1',
      'AFF2',
    ];
    const pairs = homologousPairs(labels).map(({ left, right }) => `${labels[left]}/${labels[right]}`);
    expect(pairs).toEqual(['PO7/PO8', 'AFF1/AFF2']);
  });
});
