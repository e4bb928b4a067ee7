// The engine worker's method table: thin adapters from worker messages to pure engine functions.
import { DEFAULT_ANALYSIS_PARAMS } from '../brain/params';
import { SpectrumCalculator } from '../brain/spectrum';
import { computeLiveSpectrum } from '../live/live-spectrum';
import { analysisHandlers } from './analysis-handlers';
import type { EngineWorkerMethods, WorkerCallContext } from './protocol';
import { renderBrainsyncTask, renderSymphonyTask } from './sound-tasks';

type Handler<M extends keyof EngineWorkerMethods> = (
  params: EngineWorkerMethods[M]['params'],
  context: WorkerCallContext,
) => Promise<EngineWorkerMethods[M]['result']> | EngineWorkerMethods[M]['result'];

export type EngineWorkerHandlers = { readonly [M in keyof EngineWorkerMethods]: Handler<M> };

export function createHandlers(threadId: number): EngineWorkerHandlers {
  // Welch plans (window, FFT) made once per sample rate and reused by every live update.
  const liveCalculator = new SpectrumCalculator(DEFAULT_ANALYSIS_PARAMS);
  return {
    ping: () => ({ threadId }),
    'block.summary': async ({ channelCount, sampleCount, data }, context) => {
      if (data.length !== channelCount * sampleCount) {
        throw new RangeError(`block holds ${data.length} values, expected ${channelCount} x ${sampleCount}`);
      }
      const meanUv = new Float64Array(channelCount);
      const rmsUv = new Float64Array(channelCount);
      for (let c = 0; c < channelCount; c++) {
        let sum = 0;
        let sumSquares = 0;
        for (let i = c * sampleCount, end = i + sampleCount; i < end; i++) {
          const v = data[i]!;
          sum += v;
          sumSquares += v * v;
        }
        meanUv[c] = sampleCount ? sum / sampleCount : 0;
        rmsUv[c] = sampleCount ? Math.sqrt(sumSquares / sampleCount) : 0;
        context.progress(c + 1, channelCount);
        await context.checkpoint();
      }
      return { meanUv, rmsUv };
    },
    'live.spectrum': (input) => {
      const startedAt = performance.now();
      const result = computeLiveSpectrum(input, liveCalculator);
      return { ...result, computeMs: performance.now() - startedAt };
    },
    ...analysisHandlers,
    'sound.symphony': (task, context) => renderSymphonyTask(task, context),
    'sound.brainsync': (task, context) => renderBrainsyncTask(task, context),
  };
}
