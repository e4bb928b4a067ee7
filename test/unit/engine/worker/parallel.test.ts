import { afterAll, describe, expect, it } from 'vitest';
import {
  CancelledError,
  analyze,
  bandPowersOfChannels,
  type RecordingChannel,
  type RecordingInput,
} from '../../../../src/engine/brain';
import { ParallelPool, channelsHandedBack, splitChannels } from '../../../../src/engine/worker/parallel';
import { synthesize } from '../../../helpers/compare';

function recording(): RecordingInput {
  const labels = ['F3', 'F4', 'C3', 'C4', 'P3', 'P4', 'O1', 'O2'];
  return {
    channels: [
      ...labels.map((label, i) => ({
        label,
        sampleRateHz: 250,
        data: synthesize(250, 250 * 40, [{ hz: 9 + i / 4, amplitudeUv: 15 }], 4, i + 1),
        physicalRange: { min: -187500, max: 187500 },
      })),
      {
        label: 'EMG',
        sampleRateHz: 1000,
        data: synthesize(1000, 1000 * 40, [{ hz: 80, amplitudeUv: 30 }], 10, 99),
      },
    ],
  };
}

describe('ParallelPool', () => {
  const pool = new ParallelPool({ threads: 2 });
  afterAll(async () => {
    await pool.close();
  });

  it('gives exactly the single-thread report, moving the samples to the workers and handing them back', async () => {
    const input = recording();
    const expected = analyze(input);
    const copies = input.channels.map((c) => c.data.slice());
    const progress: number[] = [];
    const { report, channels } = await pool.analyze(input, {}, { onProgress: (done) => progress.push(done) });
    expect(report).toEqual(expected);
    // Transferred, not copied: the caller's arrays are detached, and the same samples come back.
    expect(input.channels.every((c) => c.data.length === 0)).toBe(true);
    channels.forEach((c, i) => expect(c.data).toEqual(copies[i]));
    expect(progress.at(-1)).toBe(8 * 250 * 40 + 1000 * 40);
  });

  it('copies when asked to, and shares SharedArrayBuffer-backed channels', async () => {
    const input = recording();
    const copied = await pool.analyze(input, {}, { ownership: 'copy' });
    expect(input.channels.every((c) => c.data.length > 0)).toBe(true);
    expect(copied.channels[0]!.data).toBe(input.channels[0]!.data);
    const shared: RecordingChannel[] = input.channels.map((c) => {
      const data = new Float32Array(new SharedArrayBuffer(c.data.byteLength));
      data.set(c.data);
      return { ...c, data };
    });
    const result = await pool.analyze({ channels: shared });
    expect(shared.every((c) => c.data.length > 0)).toBe(true);
    expect(result.report).toEqual(copied.report);
  });

  it('stops on cancel with a CancelledError and hands the samples back', async () => {
    const input = recording();
    const controller = new AbortController();
    const run = pool.analyze(input, {}, { signal: controller.signal, onProgress: () => controller.abort() });
    const error: unknown = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CancelledError);
    const back = channelsHandedBack(error)!;
    expect(back.map((c) => c.data.length)).toEqual(recording().channels.map((c) => c.data.length));
    controller.abort();
    await expect(pool.analyze(recording(), {}, { signal: controller.signal })).rejects.toThrow(
      CancelledError,
    );
  });

  it('passes on a bad channel as a clear error', async () => {
    const input = recording();
    const data = input.channels[5]!.data;
    data[10] = Number.NaN;
    await expect(pool.analyze(input)).rejects.toThrow(/channel 5 \('P4'\): sample 10 is NaN/);
  });

  it('runs the band-powers task to the same numbers as one thread and as the full analysis', async () => {
    const input = recording();
    const params = analyze(input).params;
    const single = bandPowersOfChannels(input.channels, params);
    const full = analyze(input).channels;
    const run = await pool.runChannelTask('band-powers', input, params, { ownership: 'copy' });
    expect(run.parts.flat()).toEqual(single);
    // The full analysis keeps per-segment spectra, so its sums run in another order: equal to rounding.
    single.forEach((c, i) => {
      for (const band of Object.keys(c.bandsUv2)) {
        expect(Math.abs(c.bandsUv2[band]! / full[i]!.bandsUv2[band]! - 1)).toBeLessThan(1e-12);
      }
      expect(Math.abs(c.totalPowerUv2 / full[i]!.totalPowerUv2 - 1)).toBeLessThan(1e-12);
    });
  });

  it('uses no more threads than channels', async () => {
    const input = { channels: recording().channels.slice(0, 1) };
    const run = await pool.runChannelTask('analyze-channels', input, analyze(input).params, {
      ownership: 'copy',
    });
    expect(run.ranges).toEqual([{ start: 0, end: 1 }]);
    expect(run.parts[0]!.channels[0]!.label).toBe('F3');
  });
});

describe('splitChannels', () => {
  it('balances ranges by samples, not by channel count', () => {
    const ch = (n: number): RecordingChannel => ({ label: 'x', sampleRateHz: 1, data: new Float32Array(n) });
    expect(splitChannels([ch(10), ch(10), ch(10), ch(10)], 2)).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    expect(splitChannels([ch(40), ch(10), ch(10), ch(10), ch(10)], 2)).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 5 },
    ]);
    expect(splitChannels([ch(5)], 2)).toEqual([{ start: 0, end: 1 }]);
    expect(() => new ParallelPool({ threads: 0 })).toThrow(/positive integer, got 0/);
  });
});
