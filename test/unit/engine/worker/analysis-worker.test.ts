// The engine worker's analysis methods through the real host: samples move (are not copied), the report equals the
// single-thread engine's, progress climbs to the total, a cancel stops a long run and the engine keeps serving.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, toAnalysisDocument, type RecordingChannel } from '../../../../src/engine/brain';
import type { AnalysisChannelWire } from '../../../../src/engine/worker/analysis-protocol';
import { EngineHost } from '../../../../src/main/engine-host/engine-host';
import { synthesize } from '../../../helpers/compare';

const FIXTURES = path.resolve(import.meta.dirname, '../../../fixtures/edfbrowser');
const engine = new EngineHost();
afterAll(() => engine.dispose());

function channels(): AnalysisChannelWire[] {
  return ['F3', 'F4', 'O1', 'O2', 'Cz'].map((label, i) => ({
    label,
    sampleRateHz: 250,
    physicalRange: { min: -187500, max: 187500 },
    data: synthesize(250, 250 * 30, [{ hz: 9.5 + i / 2, amplitudeUv: 20 }], 3, i + 1),
  }));
}

describe('analysis in the engine worker', () => {
  it('moves the samples to the worker and answers with the single-thread report as JSON', async () => {
    const input = channels();
    const copies: RecordingChannel[] = input.map((c) => ({ ...c, data: c.data.slice() }));
    const progress: [number, number][] = [];
    const outcome = await engine.request(
      'analysis.channels',
      { channels: input, recording: { label: 'synthetic' } },
      {
        transfer: input.map((c) => c.data.buffer as ArrayBuffer),
        onProgress: (done, total) => progress.push([done, total]),
      },
    );
    // Transferred: the host's arrays are detached, nothing was copied or turned into JSON.
    expect(input.every((c) => c.data.byteLength === 0)).toBe(true);
    const expected = toAnalysisDocument(analyze({ channels: copies }, {}, undefined, { includePsd: true }), {
      label: 'synthetic',
    });
    expect(outcome.document).toEqual(expected);
    expect(outcome.params.welch.segmentSeconds).toBe(2);
    expect(progress.at(-1)).toEqual([5 * 250 * 30, 5 * 250 * 30]);
    expect(progress.every(([done], i) => i === 0 || done >= progress[i - 1]![0])).toBe(true);
  });

  it('reads a file inside the worker: every BDF signal at its own rate, a time range, the header ADC range', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(FIXTURES, 'test_generator.bdf')));
    const outcome = await engine.request(
      'analysis.file',
      { bytes, fileName: 'test_generator.bdf', fromS: 5, toS: 25 },
      { transfer: [bytes.buffer] },
    );
    expect(bytes.byteLength).toBe(0);
    const report = outcome.document.report;
    expect(report.recording).toMatchObject({ format: 'bdf', from_s: 5, to_s: 25, duration_s: 20 });
    expect(report.channels.map((c) => [c.sample_rate_hz, c.samples])).toEqual(
      [1000, 800, 500, 975, 999].map((fs) => [fs, 20 * fs]),
    );
    expect(report.channels.every((c) => c.physical_range_uv?.join() === '-3000,3000')).toBe(true);
    // The PSD kept for plots ends at 100 Hz, whatever the rate.
    expect(outcome.document.psd.map((p) => (p.uv2_per_hz.length - 1) * p.bin_width_hz)).toEqual(
      report.channels.map(() => 100),
    );
  });

  it('says what is wrong with a file it cannot read and keeps serving', async () => {
    const bytes = new TextEncoder().encode('not a recording at all\n');
    await expect(
      engine.request('analysis.file', { bytes, fileName: 'notes.txt' }, { transfer: [bytes.buffer] }),
    ).rejects.toThrow(/The analysis failed: notes\.txt is not EDF\/EDF\+, BDF\/BDF\+/);
    const edf = new Uint8Array(readFileSync(path.join(FIXTURES, 'test_generator.edf')));
    await expect(
      engine.request(
        'analysis.file',
        { bytes: edf, fileName: 'g.edf', fromS: 700 },
        { transfer: [edf.buffer] },
      ),
    ).rejects.toThrow('the range starts at 700 s, but the recording is only 600 s long');
    expect((await engine.request('ping', {})).threadId).toBeGreaterThan(0);
  });

  it('stops a long analysis when cancelled and serves the next one', async () => {
    // 64 channels x 10 min at 1000 Hz: seconds of work, so the cancel lands mid-run.
    const long = Array.from({ length: 64 }, (_, c) => {
      const data = new Float32Array(600_000);
      for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * (0.05 + c / 1000)) * 10;
      return { label: `E${c + 1}`, sampleRateHz: 1000, physicalRange: null, data };
    });
    const controller = new AbortController();
    let firstProgress: number | null = null;
    const run = engine.request(
      'analysis.channels',
      { channels: long },
      {
        transfer: long.map((c) => c.data.buffer),
        signal: controller.signal,
        onProgress: (done, total) => {
          firstProgress ??= done / total;
          controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ kind: 'cancelled', message: 'The analysis was cancelled' });
    expect(firstProgress).toBeLessThan(1);
    const after = await engine.request('analysis.channels', { channels: channels() });
    expect(after.document.report.channels).toHaveLength(5);
  });
});
