// `clisonix analyze ID|FILE`: the brain engine's report of a stored recording or of a file (docs/design/CLI.md).
import { ApiError, type AnalysisPhase } from '../../shared/api';
import { analyzeStandalone } from '../../main/services/analysis/standalone';
import { defaultDataDir, readAppVersion } from '../../main/services/paths';
import { storePath } from '../../main/services/recording-store';
import { EXIT, parseCommandArgs, progressReporter, UsageError, UserError, type CliCommand } from '../command';
import { analyzeText } from './analyze-text';

const USAGE = `Usage: clisonix analyze ID|FILE [--json] [--db PATH] [--from S] [--to S]

The brain engine's report (docs/design/ENGINE.md): per channel the Welch PSD's band powers (absolute and
relative), RMS, peak alpha frequency, line-noise ratio, flat and railed fractions and a quality label with its
reasons; spectral peaks with their harmonic families; alpha coherence between channels (the harmony index) and
alpha asymmetry of homologous pairs.

  ID|FILE      a recording id (or its first characters) in the store, or a file: EDF/EDF+, BDF/BDF+,
               OpenBCI GUI text or CSV (analysed as it is, not imported); every signal keeps its own rate
  --json       print the report as one JSON document (the shape of docs/design/CLI.md)
  --db PATH    the recordings database (default: recordings.db in the data folder, CLISONIX_HOME)
  --from S     analyse from S seconds after the first sample (default 0)
  --to S       analyse up to S seconds (default the end)

Progress goes to stderr. Ctrl-C stops the analysis.`;

function seconds(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${option} must be a number of seconds >= 0, not '${value}'`);
  }
  return n;
}

const PHASE_WORDS: Partial<Record<AnalysisPhase, string>> = {
  reading: 'Reading',
  analysing: 'Analysing',
};

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'the brain engine report of a recording or a file (band powers, quality, peaks, harmony)',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        json: { type: 'boolean' },
        db: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
      },
      { positionals: 1 },
    );
    const target = positionals[0];
    if (target === undefined) throw new UsageError('give the recording id or the file to analyse');
    const fromS = seconds(values.from, '--from');
    const toS = seconds(values.to, '--to');
    if (fromS !== undefined && toS !== undefined && toS <= fromS) {
      throw new UsageError(`--to (${toS}) must be after --from (${fromS})`);
    }
    const controller = new AbortController();
    void io.interrupted.then(() => controller.abort());
    const reporters = new Map<AnalysisPhase, (done: number, total: number) => void>();
    const onProgress = (phase: AnalysisPhase, fraction: number) => {
      const words = PHASE_WORDS[phase];
      if (!words) return;
      let report = reporters.get(phase);
      if (!report) {
        report = progressReporter(io, words);
        reporters.set(phase, report);
      }
      report(Math.round(fraction * 1000), 1000);
    };
    let result;
    try {
      result = await analyzeStandalone(target, {
        storeFile: storePath(defaultDataDir(io.env), values.db),
        cwd: io.cwd,
        appVersion: readAppVersion(import.meta.url),
        onProgress,
        signal: controller.signal,
        ...(fromS !== undefined && { fromS }),
        ...(toS !== undefined && { toS }),
      });
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.code === 'cancelled')
          throw new UserError('the analysis was stopped (Ctrl-C); nothing was printed');
        throw new UserError(error.message);
      }
      throw error;
    }
    const report = result.document.report;
    io.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : analyzeText(report));
    return EXIT.ok;
  },
};
