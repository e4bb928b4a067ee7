// `clisonix export ID --format edf|bdf|csv --out PATH`: a stored recording to a file, streamed with progress.
import path from 'node:path';
import {
  cliStorePath,
  exportRecordingFile,
  openCliStore,
  userFacingMessage,
} from '../../main/services/recordings-cli';
import { type CliCommand, parseCommandArgs, progressReporter, UsageError, UserError } from '../command';

const FORMATS = ['edf', 'bdf', 'csv'] as const;

const USAGE = `Usage: clisonix export ID --format edf|bdf|csv --out PATH [--deidentify] [--json] [--db PATH]

Writes a recording to a file. ID may be the first characters of the id (as 'clisonix list' shows it).
EDF+ (16-bit) and BDF+ (24-bit) keep every signal at its own rate, with physical ranges chosen from the data so
nothing clips; markers and gaps become annotations, and the file is EDF+D/BDF+D where the recording has
discontinuities. CSV: one row per sample, the markers and gaps in PATH-markers.csv beside it. The file appears
only once it is complete: a failed or interrupted export leaves nothing behind.

  --format F     edf, bdf or csv
  --out PATH     the file to write (replaced if it exists)
  --deidentify   EDF+/BDF+: X for every patient field, the admin code and the technician
  --json         one JSON document: {"id", "format", "path", "bytes", "companions", "warnings"}
  --db PATH      the recordings database (default: recordings.db in the data folder)
`;

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'writes a recording as EDF+, BDF+ (annotations for markers and gaps) or CSV',
  usage: USAGE,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(
      argv,
      {
        format: { type: 'string' },
        out: { type: 'string' },
        deidentify: { type: 'boolean' },
        json: { type: 'boolean' },
        db: { type: 'string' },
      },
      { positionals: 1 },
    );
    const idOrPrefix = positionals[0];
    if (idOrPrefix === undefined) throw new UsageError("give the recording's ID (see 'clisonix list')");
    const format = values.format;
    if (format === undefined) throw new UsageError('--format is required (edf, bdf or csv)');
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`--format ${format} is not one of edf, bdf, csv`);
    }
    if (values.out === undefined) throw new UsageError('--out PATH is required (the file to write)');
    const out = path.resolve(io.cwd, values.out);
    const storeFile = cliStorePath(io.env, io.cwd, values.db);
    const abort = new AbortController();
    void io.interrupted.then(() => abort.abort());
    try {
      const store = openCliStore(storeFile);
      let id;
      try {
        id = store.resolveId(idOrPrefix);
      } finally {
        store.close();
      }
      const progress = progressReporter(io, `Exporting to ${path.basename(out)}`);
      const result = await exportRecordingFile(storeFile, id, out, format as (typeof FORMATS)[number], {
        deidentify: values.deidentify ?? false,
        onProgress: (fraction) => progress(fraction, 1),
        signal: abort.signal,
      });
      progress(1, 1);
      for (const warning of result.warnings) io.stderr.write(`warning: ${warning}\n`);
      for (const companion of result.companions) io.stderr.write(`Markers and gaps: ${companion}\n`);
      io.stdout.write(
        values.json
          ? `${JSON.stringify(
              {
                id,
                format,
                path: result.path,
                bytes: result.bytes,
                companions: result.companions,
                warnings: result.warnings,
              },
              null,
              2,
            )}\n`
          : `${result.path}\n`,
      );
      return 0;
    } catch (error) {
      const message = userFacingMessage(error);
      if (message) throw new UserError(message);
      throw error;
    }
  },
};
