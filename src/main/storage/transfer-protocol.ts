// Messages between the main side (runTransfer) and a transfer worker: one import, export or overview per
// worker. Results cross as plain data; an overview's envelope as a transferred buffer.
import type { ExportFileFormat, ExportFileResult } from './export-file';
import type { ImportResult } from './import-file';
import type { StorageErrorBody } from './errors';

export type TransferRequest =
  | {
      readonly type: 'import';
      readonly file: string;
      /** The name the person knows the file by (an upload is stored under another). */
      readonly displayName?: string;
      readonly label?: string;
      readonly sampleRateHz?: number;
    }
  | {
      readonly type: 'export';
      readonly recordingId: string;
      readonly path: string;
      readonly format: ExportFileFormat;
      readonly deidentify?: boolean;
    }
  | { readonly type: 'overview'; readonly recordingId: string; readonly columns: number };

export interface OverviewPayload {
  readonly columns: number;
  readonly durationS: number;
  readonly secondsPerColumn: number;
  readonly channels: readonly { readonly label: string; readonly unit: string }[];
  readonly envelope: ArrayBuffer;
}

export type TransferResult<R extends TransferRequest> = R['type'] extends 'import'
  ? ImportResult
  : R['type'] extends 'export'
    ? ExportFileResult
    : OverviewPayload;

export type ToTransfer =
  | {
      readonly type: 'start';
      readonly dbFile: string;
      readonly busyTimeoutMs: number;
      readonly request: TransferRequest;
    }
  | { readonly type: 'cancel' };

/** `format`: the file is not what it claims (FormatError); `storage`: a StorageError; `cancelled`: by the user. */
export type TransferFailure =
  | { readonly kind: 'format'; readonly message: string }
  | { readonly kind: 'storage'; readonly error: StorageErrorBody }
  | { readonly kind: 'cancelled'; readonly message: string }
  | { readonly kind: 'internal'; readonly message: string };

export type FromTransfer =
  | { readonly type: 'progress'; readonly fraction: number; readonly stage: string }
  | { readonly type: 'done'; readonly result: ImportResult | ExportFileResult | OverviewPayload }
  | { readonly type: 'failed'; readonly failure: TransferFailure };
