// The recordings as the `clisonix` command needs them (record, import, export, list), through the same pieces the
// app uses: the store, the acquisition service with the recorder, and the transfer workers. The CLI reaches main
// only through main/services, so this module is its door.
import path from 'node:path';
import type { ConnectRequest, RecordingState } from '../../shared/api';
import { ApiError } from '../../shared/api';
import { FormatError } from '../../engine/formats';
import type { RecordingSummary } from '../../shared/recordings';
import { RecordingStore, StorageError, type RecordingDetail, type RecordingWriterOptions } from '../storage';
import type { ExportFileFormat, ExportFileResult } from '../storage/export-file';
import type { ImportResult } from '../storage/import-file';
import { runTransfer, TransferCancelled } from '../storage/transfers';
import { AcquisitionService } from './acquisition';
import { EventHub } from './event-hub';
import { defaultDataDir } from './paths';
import { Recorder } from './recorder';
import { MONTAGES_FILE_NAME, MontageStore, PRESETS_FILE } from './montages';
import { createSourceFactory } from './sources';

export type { ExportFileFormat, ExportFileResult, ImportResult, RecordingDetail, RecordingSummary };

/** A failure the person at the terminal can act on (the file, the disk, the device): one line, exit 1. */
export function userFacingMessage(error: unknown): string | null {
  if (
    error instanceof StorageError ||
    error instanceof FormatError ||
    error instanceof TransferCancelled ||
    error instanceof ApiError
  ) {
    return error.message;
  }
  return null;
}

/** `--db PATH`, else the data folder's recordings.db. */
export function cliStorePath(env: NodeJS.ProcessEnv, cwd: string, dbOverride: string | undefined): string {
  return dbOverride ? path.resolve(cwd, dbOverride) : path.join(defaultDataDir(env), 'recordings.db');
}

export function openCliStore(file: string): RecordingStore {
  return RecordingStore.open(file);
}

export function importRecordingFile(
  storeFile: string,
  file: string,
  options: {
    readonly label?: string;
    readonly sampleRateHz?: number;
    readonly onProgress?: (fraction: number, stage: string) => void;
    readonly signal?: AbortSignal;
  } = {},
): Promise<ImportResult> {
  return runTransfer(
    storeFile,
    {
      type: 'import',
      file,
      ...(options.label !== undefined && { label: options.label }),
      ...(options.sampleRateHz !== undefined && { sampleRateHz: options.sampleRateHz }),
    },
    {
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...(options.signal && { signal: options.signal }),
    },
  );
}

export function exportRecordingFile(
  storeFile: string,
  recordingId: string,
  out: string,
  format: ExportFileFormat,
  options: {
    readonly deidentify?: boolean;
    readonly onProgress?: (fraction: number, stage: string) => void;
    readonly signal?: AbortSignal;
  } = {},
): Promise<ExportFileResult> {
  return runTransfer(
    storeFile,
    { type: 'export', recordingId, path: out, format, deidentify: options.deidentify ?? false },
    {
      ...(options.onProgress && { onProgress: options.onProgress }),
      ...(options.signal && { signal: options.signal }),
    },
  );
}

export interface HeadlessRecordingOptions {
  readonly storeFile: string;
  readonly resourcesDir: string;
  /** demo, synthetic or a serial board. */
  readonly source: ConnectRequest;
  readonly label: string;
  /** Stop after this many seconds of wall time from the start; default: until `interrupted`. */
  readonly durationS?: number;
  /** Resolves when the person asks to stop (Ctrl-C). */
  readonly interrupted: Promise<void>;
  readonly writerOptions?: RecordingWriterOptions;
  /** Once the recording exists (its id is known). */
  readonly onStarted?: (recordingId: string) => void;
  readonly onState?: (state: RecordingState) => void;
  readonly onNotice?: (level: 'info' | 'warning' | 'error', message: string) => void;
}

export interface HeadlessRecordingResult {
  readonly recording: RecordingSummary;
  /** The storage failure that stopped it early, or null when it stopped as asked. */
  readonly error: StorageError | null;
}

/**
 * Records a source into the store without a UI: the acquisition service and the recorder as the app runs them.
 * Stops at the duration, at `interrupted`, or on a storage failure (disk full...), always cleanly.
 */
export async function recordHeadless(options: HeadlessRecordingOptions): Promise<HeadlessRecordingResult> {
  const store = RecordingStore.open(options.storeFile);
  const events = new EventHub();
  const notify = options.onNotice ?? (() => undefined);
  const montages = MontageStore.open(
    path.join(options.resourcesDir, PRESETS_FILE),
    path.join(path.dirname(options.storeFile), MONTAGES_FILE_NAME),
  );
  for (const problem of montages.problems) notify('warning', problem);
  const acquisition = new AcquisitionService({
    events,
    notify,
    createSource: createSourceFactory(options.resourcesDir, {
      store: () => store,
      // Headless: board readings (ThinkGear eSense, accelerometer) are not recorded, only the samples.
      serial: {
        montages,
        notify,
        boardEvent: () => undefined,
        accel: () => undefined,
      },
    }),
  });
  const recorder = new Recorder({
    store,
    acquisition,
    events,
    notify,
    ...(options.writerOptions && { writerOptions: options.writerOptions }),
  });
  const offState = events.onEvent((name, payload) => {
    if (name === 'recording.state') options.onState?.(payload as RecordingState);
  });
  try {
    await acquisition.connect(options.source);
    await recorder.start({ label: options.label });
    const current = recorder.current;
    if (!current) throw new StorageError({ code: 'io', message: 'The recording did not start.' });
    options.onStarted?.(current.recordingId);
    const startedAt = recorder.state.startedAt ?? Date.now();
    let timer: NodeJS.Timeout | undefined;
    const duration =
      options.durationS === undefined
        ? new Promise<void>(() => undefined)
        : new Promise<void>((resolve) => {
            timer = setTimeout(resolve, Math.max(0, startedAt + options.durationS! * 1000 - Date.now()));
          });
    await Promise.race([duration, options.interrupted, current.done]);
    clearTimeout(timer);
    await recorder.stop();
    const result = await current.done;
    const recording = store.get(current.recordingId);
    return { recording, error: result.error };
  } finally {
    offState();
    await recorder.dispose();
    await acquisition.dispose();
    store.close();
  }
}
