// `clisonix list`: the recordings in the store (docs/design/CLI.md), as a table or as JSON.
import { recordingSummaryJson } from '../../shared/recordings';
import { cliStorePath, openCliStore, userFacingMessage } from '../../main/services/recordings-cli';
import { type CliCommand, parseCommandArgs, UserError } from '../command';
import { recordingsTable } from './recordings-text';

const USAGE = `Usage: clisonix list [--json] [--search TEXT] [--trash] [--db PATH]

Lists the recordings: id, label, start, duration, channels and rates, status, sync state. Opening the store closes
recordings a crash left open (they show as interrupted, with everything saved up to then).

  --search TEXT  only recordings whose label, subject, technician, notes or id contain TEXT
  --trash        the recordings in the trash instead
  --json         one JSON document: {"recordings": [{"id", "label", "board", "channels", "sample_rate", ...}]}
  --db PATH      the recordings database (default: recordings.db in the data folder)
`;

export const listCommand: CliCommand = {
  name: 'list',
  summary: 'the recordings: id, label, channels and rate, duration, status, sync state',
  usage: USAGE,
  run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      search: { type: 'string' },
      trash: { type: 'boolean' },
      db: { type: 'string' },
    });
    const file = cliStorePath(io.env, io.cwd, values.db);
    let recordings;
    try {
      const store = openCliStore(file);
      try {
        recordings = store.list({
          ...(values.search !== undefined && { text: values.search }),
          trashed: values.trash ?? false,
        });
      } finally {
        store.close();
      }
    } catch (error) {
      const message = userFacingMessage(error);
      if (message) throw new UserError(message);
      throw error;
    }
    if (values.json) {
      io.stdout.write(`${JSON.stringify({ recordings: recordings.map(recordingSummaryJson) }, null, 2)}\n`);
    } else if (recordings.length === 0) {
      io.stderr.write(values.trash ? 'The trash is empty.\n' : `No recordings yet in ${file}.\n`);
    } else {
      io.stdout.write(`${recordingsTable(recordings)}\n`);
    }
    return Promise.resolve(0);
  },
};
