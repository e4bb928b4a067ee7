// Exporting a stored recording to EDF+, BDF+ or CSV, streamed from store reads to the file with progress. The
// file is written under a temporary name and renamed when complete: a failed or cancelled export leaves nothing
// behind, and a file at the destination is only ever a whole export.
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import {
  annotationsCsv,
  FormatError,
  prepareEdfExport,
  writeCsv,
  GAP_ANNOTATION,
  type ExportSource,
  type ExportWindow,
} from '../../engine/formats';
import { StorageError, toStorageError } from './errors';
import { storeExportSource } from './store-export-source';

export type ExportFileFormat = 'edf' | 'bdf' | 'csv';

export interface ExportFileOptions {
  readonly format: ExportFileFormat;
  /** EDF+/BDF+: X for every patient subfield, the admin code and the technician. */
  readonly deidentify?: boolean;
  readonly onProgress?: (fraction: number, stage: string) => void;
  readonly signal?: AbortSignal;
}

export interface ExportFileResult {
  readonly path: string;
  readonly bytes: number;
  /** Files written beside it (the markers of a CSV export). */
  readonly companions: readonly string[];
  readonly warnings: readonly string[];
}

export class ExportCancelled extends Error {
  override readonly name = 'ExportCancelled';
}

export const FORMAT_NAMES: Record<ExportFileFormat, string> = { edf: 'EDF+', bdf: 'BDF+', csv: 'CSV' };

/** Counts what the writer reads, for progress over a pass that has no byte count yet. */
function countingSource(source: ExportSource, onRead: (samples: number) => void): ExportSource {
  return {
    ...source,
    async read(window: ExportWindow) {
      const data = await source.read(window);
      onRead(window.sampleCount.reduce((n, c) => n + c, 0));
      return data;
    },
  };
}

export async function exportRecordingToFile(
  db: Database,
  id: string,
  outPath: string,
  options: ExportFileOptions,
): Promise<ExportFileResult> {
  const report = options.onProgress ?? (() => undefined);
  const check = () => {
    if (options.signal?.aborted) throw new ExportCancelled('The export was cancelled; no file was left.');
  };
  const folder = path.dirname(outPath);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new StorageError({
      code: 'not_found',
      message: `Cannot write ${outPath}: the folder ${folder} does not exist.`,
    });
  }
  const exp = storeExportSource(db, id);
  const partial = `${outPath}.partial`;
  const written: string[] = [];
  let fd: number | null = null;
  try {
    fd = openSync(partial, 'w');
    written.push(partial);
    const out = fd;
    let bytes = 0;
    const put = (chunk: Uint8Array) => {
      let done = 0;
      while (done < chunk.length) done += writeSync(out, chunk, done, chunk.length - done);
      bytes += chunk.length;
    };
    const warnings: string[] = [];
    const companions: string[] = [];
    const name = FORMAT_NAMES[options.format];
    if (options.format === 'csv') {
      const rates = new Set(exp.source.signals.map((s) => s.sampleRateHz));
      if (rates.size > 1) {
        throw new FormatError(
          `a CSV file holds one sample rate and this recording keeps ${[...rates].join('/')} Hz; export it as EDF+ or BDF+`,
        );
      }
      let read = 0;
      const source = countingSource(exp.source, (n) => {
        read += n;
        report(Math.min(1, read / exp.totalSamples), `Writing ${name}`);
      });
      for await (const chunk of writeCsv(source)) {
        check();
        put(chunk);
      }
      const annotations = [
        ...exp.source.annotations,
        ...exp.source.gaps.map((g) => ({
          onsetS: g.startS,
          durationS: g.durationS,
          text: g.reason ? `${GAP_ANNOTATION} (${g.reason})` : GAP_ANNOTATION,
        })),
      ].sort((a, b) => a.onsetS - b.onsetS);
      if (annotations.length > 0) {
        const markersFile = outPath.replace(/(\.csv)?$/i, '-markers.csv');
        const partialMarkers = `${markersFile}.partial`;
        written.push(partialMarkers);
        const mfd = openSync(partialMarkers, 'w');
        try {
          writeSync(mfd, annotationsCsv(annotations));
        } finally {
          closeSync(mfd);
        }
        companions.push(markersFile);
      }
    } else {
      let read = 0;
      const source = countingSource(exp.source, (n) => {
        read += n;
        report(Math.min(0.5, (read / exp.totalSamples) * 0.5), 'Measuring the signal ranges');
        check();
      });
      const prepared = await prepareEdfExport(source, {
        format: options.format,
        start: exp.start,
        patient: exp.patient,
        recording: exp.recordingInfo,
        deidentify: options.deidentify ?? false,
      });
      warnings.push(...prepared.warnings);
      for await (const chunk of prepared.chunks()) {
        check();
        put(chunk);
        report(0.5 + (bytes / prepared.totalBytes) * 0.5, `Writing ${name}`);
      }
    }
    closeSync(out);
    fd = null;
    for (const companion of companions) renameSync(`${companion}.partial`, companion);
    renameSync(partial, outPath);
    report(1, 'Done');
    return { path: outPath, bytes, companions, warnings };
  } catch (error) {
    if (fd !== null) closeSync(fd);
    for (const file of written) rmSync(file, { force: true });
    if (error instanceof FormatError) {
      throw new FormatError(`Cannot export to ${path.basename(outPath)}: ${error.message}`);
    }
    const code = (error as NodeJS.ErrnoException | null)?.code;
    // A file-system failure here is about the export's file (its disk, its folder), not about the store.
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      throw toStorageError(error, `writing the export ${path.basename(outPath)}`, outPath);
    }
    throw error;
  }
}
