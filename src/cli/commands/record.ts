// `clisonix record`: acquires a headset (or the demo/synthetic one) into the store until Ctrl-C or --duration,
// through the same acquisition service and recorder as the app. Prints the recording's id when it starts.
import type { ConnectRequest, RecordingState } from '../../shared/api';
import { recordingSummaryJson } from '../../shared/recordings';
import { findResourcesDir } from '../../main/services/paths';
import { cliStorePath, recordHeadless, userFacingMessage } from '../../main/services/recordings-cli';
import { type CliCommand, type CliIo, parseCommandArgs, UsageError, UserError } from '../command';
import { formatDuration, summaryLine } from './recordings-text';

const SERIAL_BOARDS = {
  cyton: 'cyton',
  daisy: 'cyton-daisy',
  'cyton-daisy': 'cyton-daisy',
  thinkgear: 'thinkgear',
} as const;

const USAGE = `Usage: clisonix record --board B [--port PATH] [--duration S] [--label L] [--json] [--db PATH]

Records a headset into the recordings database until Ctrl-C (or --duration). The recording's id is printed on a
line of its own as soon as recording starts; progress goes to stderr. Samples are committed at least every 250 ms:
a crash or a kill loses at most that, and the next start closes the recording as interrupted with the rest kept.

  --board B      cyton, daisy (Cyton + Daisy) or thinkgear on --port;
                 demo (the demo recording) or synthetic (the seeded synthetic headset), without --port
  --port PATH    the serial port (/dev/ttyUSB0, COM3, or the path 'clisonix simulate' prints)
  --duration S   stop after S seconds
  --label L      the recording's label (default: "Recording" and the start time)
  --json         print the recording as one JSON document when it ends (instead of the id at the start)
  --db PATH      the recordings database (default: recordings.db in the data folder)

Environment: CLISONIX_DB_MAX_PAGES caps the database at that many 4 KiB pages (a disk quota for a headless box;
reaching it stops the recording as a full disk does).

Exit codes: 0 stopped as asked, 1 the device or the disk failed (what was saved is kept), 2 bad usage.
`;

function connectRequest(board: string | undefined, port: string | undefined): ConnectRequest {
  if (board === undefined)
    throw new UsageError('--board is required (cyton, daisy, thinkgear, demo, synthetic)');
  if (board === 'demo' || board === 'synthetic') {
    if (port !== undefined) throw new UsageError(`--board ${board} takes no --port`);
    return { kind: board };
  }
  if (!Object.hasOwn(SERIAL_BOARDS, board)) {
    throw new UsageError(`--board ${board} is not one of cyton, daisy, thinkgear, demo, synthetic`);
  }
  const serial = SERIAL_BOARDS[board as keyof typeof SERIAL_BOARDS];
  if (port === undefined) throw new UsageError(`--board ${board} needs --port PATH (the serial port)`);
  return { kind: 'serial', path: port, board: serial };
}

function defaultLabel(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `Recording ${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}

/** Progress on stderr: a redrawn line on a terminal, a line every 10 s otherwise. */
function stateReporter(io: CliIo): (state: RecordingState) => void {
  let lastLineAt = 0;
  return (state) => {
    if (state.state !== 'recording') return;
    const seconds = state.sampleRateHz > 0 ? state.committedSamples / state.sampleRateHz : 0;
    const text = `Recording ${formatDuration(state.elapsedMs / 1000)}: ${state.committedSamples.toLocaleString('en-US')} samples (${formatDuration(seconds)}) saved`;
    if (io.stderr.isTTY) {
      io.stderr.write(`\r${text}   `);
    } else if (state.elapsedMs - lastLineAt >= 10_000) {
      lastLineAt = state.elapsedMs;
      io.stderr.write(`${text}\n`);
    }
  };
}

export const recordCommand: CliCommand = {
  name: 'record',
  summary: 'records a headset into the store until Ctrl-C or --duration; prints the recording id',
  usage: USAGE,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      board: { type: 'string' },
      port: { type: 'string' },
      duration: { type: 'string' },
      label: { type: 'string' },
      json: { type: 'boolean' },
      db: { type: 'string' },
    });
    const source = connectRequest(values.board, values.port);
    const durationS = values.duration === undefined ? undefined : Number(values.duration);
    if (durationS !== undefined && !(Number.isFinite(durationS) && durationS > 0)) {
      throw new UsageError(`--duration must be a number of seconds above 0, not '${values.duration ?? ''}'`);
    }
    const label = values.label?.trim() || defaultLabel();
    const maxPages = io.env.CLISONIX_DB_MAX_PAGES;
    const maxPageCount = maxPages === undefined ? undefined : Number(maxPages);
    if (maxPageCount !== undefined && !(Number.isSafeInteger(maxPageCount) && maxPageCount > 0)) {
      throw new UsageError(`CLISONIX_DB_MAX_PAGES must be a whole number of pages, not '${maxPages ?? ''}'`);
    }
    const storeFile = cliStorePath(io.env, io.cwd, values.db);
    const started: { id: string | null } = { id: null };
    let result;
    try {
      result = await recordHeadless({
        storeFile,
        resourcesDir: findResourcesDir(import.meta.url),
        source,
        label,
        ...(durationS !== undefined && { durationS }),
        ...(maxPageCount !== undefined && { writerOptions: { maxPageCount } }),
        interrupted: io.interrupted,
        onStarted: (id) => {
          started.id = id;
          if (!values.json) io.stdout.write(`${id}\n`);
          io.stderr.write(`Recording "${label}" (${id}). Ctrl-C stops.\n`);
        },
        onState: stateReporter(io),
        onNotice: (level, message) => {
          if (level !== 'info') io.stderr.write(`${level}: ${message}\n`);
        },
      });
    } catch (error) {
      const message = userFacingMessage(error);
      if (message) {
        throw new UserError(started.id ? `${message} (recording ${started.id})` : message);
      }
      throw error;
    }
    if (io.stderr.isTTY) io.stderr.write('\n');
    const { recording, error } = result;
    if (error) {
      throw new UserError(
        `${error.message} Recording ${recording.id} keeps the ${formatDuration(recording.durationS)} saved before.`,
      );
    }
    io.stderr.write(`Saved ${summaryLine(recording)}.\n`);
    if (values.json) io.stdout.write(`${JSON.stringify(recordingSummaryJson(recording), null, 2)}\n`);
    return 0;
  },
};
