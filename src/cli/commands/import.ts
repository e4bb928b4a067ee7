// `clisonix import FILE`: EDF/EDF+/BDF/BDF+, OpenBCI GUI text or CSV into the store, all of it or nothing.
import path from 'node:path';
import { recordingSummaryJson } from '../../shared/recordings';
import {
  cliStorePath,
  importRecordingFile,
  openCliStore,
  userFacingMessage,
} from '../../main/services/recordings-cli';
import { type CliCommand, parseCommandArgs, progressReporter, UsageError, UserError } from '../command';
import { summaryLine } from './recordings-text';

const USAGE = `Usage: clisonix import FILE [--label L] [--rate HZ] [--json] [--db PATH]

Imports a recording: EDF, EDF+ (continuous and discontinuous), BDF, BDF+, an OpenBCI GUI text file (v5, v6) or a
CSV with a header line. Every signal keeps its own rate; EDF+ annotations become markers and discontinuities
gaps. The whole file is checked first and saved in one transaction: a truncated, corrupt or lying file is refused
with what is wrong, and nothing of it stays. Prints the new recording's id; progress goes to stderr.

  --label L    the recording's label (default: the file name)
  --rate HZ    the sample rate of a CSV without a time column
  --json       one JSON document: {"id", "label", "channels", "sample_rate", "duration_s", "format", ...}
  --db PATH    the recordings database (default: recordings.db in the data folder)
`;

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'EDF/EDF+/BDF/BDF+, OpenBCI GUI text or CSV into a recording; prints its id',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        label: { type: 'string' },
        rate: { type: 'string' },
        json: { type: 'boolean' },
        db: { type: 'string' },
      },
      { positionals: 1 },
    );
    const file = positionals[0];
    if (file === undefined) throw new UsageError('give the FILE to import');
    const rate = values.rate === undefined ? undefined : Number(values.rate);
    if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) {
      throw new UsageError(`--rate must be a number of Hz above 0, not '${values.rate ?? ''}'`);
    }
    const storeFile = cliStorePath(io.env, io.cwd, values.db);
    const abort = new AbortController();
    void io.interrupted.then(() => abort.abort());
    const progress = progressReporter(io, `Importing ${path.basename(file)}`);
    try {
      // Opening the store first migrates it and closes what a crash left open, as the app does.
      openCliStore(storeFile).close();
      const result = await importRecordingFile(storeFile, path.resolve(io.cwd, file), {
        ...(values.label !== undefined && { label: values.label }),
        ...(rate !== undefined && { sampleRateHz: rate }),
        onProgress: (fraction) => progress(fraction, 1),
        signal: abort.signal,
      });
      progress(1, 1);
      const store = openCliStore(storeFile);
      let summary;
      try {
        summary = store.get(result.recordingId);
      } finally {
        store.close();
      }
      for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
      io.stderr.write(
        `Imported ${summaryLine(summary)}; ${result.markers} marker${result.markers === 1 ? '' : 's'}, ${result.gaps} gap${result.gaps === 1 ? '' : 's'} (${result.format}).\n`,
      );
      io.stdout.write(
        values.json
          ? `${JSON.stringify(
              {
                ...recordingSummaryJson(summary),
                format: result.format,
                markers: result.markers,
                gaps: result.gaps,
                warnings: result.warnings,
              },
              null,
              2,
            )}\n`
          : `${result.recordingId}\n`,
      );
      return 0;
    } catch (error) {
      const message = userFacingMessage(error);
      if (message) throw new UserError(message);
      throw error;
    }
  },
};
