// The engine worker's analysis methods: the brain engine's full report over a pool of threads (both cores work,
// the engine worker itself stays free to hear a cancel), progress in samples analysed, and cancellation.
import { toAnalysisDocument, DOCUMENT_PSD_MAX_HZ } from '../brain/analyze-json';
import { fileAnalysisInput } from '../brain/file-input';
import type { RecordingInput } from '../brain/input';
import { resolveParams } from '../brain/params';
import type {
  AnalysisOutcome,
  AnalysisWorkerMethods,
  AnalyzeChannelsParams,
  AnalyzeFileParams,
} from './analysis-protocol';
import { ParallelPool } from './parallel';
import type { WorkerCallContext } from './protocol';

/** How often a running analysis looks for a cancel from the host (the pool's threads then stop within a channel). */
const CANCEL_POLL_MS = 20;

let pool: ParallelPool | null = null;

/** One pool per engine worker, started on the first analysis; its idle threads never keep anything alive. */
function sharedPool(): ParallelPool {
  pool ??= new ParallelPool({ threads: 2 });
  return pool;
}

async function analyzeInput(
  input: RecordingInput,
  options: Pick<AnalyzeChannelsParams, 'params' | 'recording' | 'psdMaxHz'>,
  context: WorkerCallContext,
): Promise<AnalysisOutcome> {
  const params = resolveParams(options.params);
  const controller = new AbortController();
  // The context says "cancelled" once the host's message is in; the pool listens to an AbortSignal.
  const poll = setInterval(() => {
    if (context.cancelled) controller.abort();
  }, CANCEL_POLL_MS);
  try {
    const { report } = await sharedPool().analyze(input, params, {
      signal: controller.signal,
      onProgress: (done, total) => context.progress(done, total),
      analysis: { includePsd: true },
    });
    return {
      document: toAnalysisDocument(report, options.recording ?? {}, options.psdMaxHz ?? DOCUMENT_PSD_MAX_HZ),
      params,
    };
  } finally {
    clearInterval(poll);
  }
}

const utf8 = new TextDecoder('utf-8');

type Handler<M extends keyof AnalysisWorkerMethods> = (
  params: AnalysisWorkerMethods[M]['params'],
  context: WorkerCallContext,
) => Promise<AnalysisWorkerMethods[M]['result']>;

export const analysisHandlers: { readonly [M in keyof AnalysisWorkerMethods]: Handler<M> } = {
  'analysis.channels': ({ channels, preprocessing, ...options }: AnalyzeChannelsParams, context) =>
    analyzeInput(
      {
        channels: channels.map((c) => ({
          label: c.label,
          sampleRateHz: c.sampleRateHz,
          physicalRange: c.physicalRange,
          data: c.data,
        })),
        preprocessing: preprocessing ?? null,
      },
      options,
      context,
    ),
  'analysis.file': async ({ bytes, fileName, fromS, toS, ...options }: AnalyzeFileParams, context) => {
    const file = fileAnalysisInput(bytes, fileName, (b) => utf8.decode(b), {
      ...(fromS !== undefined && { fromS }),
      ...(toS !== undefined && { toS }),
    });
    await context.checkpoint();
    return analyzeInput(
      file.input,
      { ...options, recording: { ...file.recording, ...options.recording } },
      context,
    );
  },
};
