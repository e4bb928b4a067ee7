// EDF/EDF+/BDF/BDF+ reader over a random-access byte source. `openEdf` reads and checks the whole header and
// every annotation signal (TALs, time-keeping, record onsets) before it returns, so a truncated, corrupt or lying
// file is rejected before any sample is imported; then `readRecords` decodes any range of data records.
import { type ByteSource, type ByteSteps, runSteps, runStepsSync } from './byte-source';
import { type EdfLayout, FIXED_HEADER_BYTES, parseFixedHeader, parseLayout } from './edf-header';
import { decodeSamples, linearScale } from './edf-samples';
import { parseTals } from './edf-tal';
import type { EdfAnnotation, EdfDiscontinuity, EdfFileInfo, EdfRecordBlock } from './edf-types';
import { FormatError } from './format-error';

/** Records up to this size are scanned in whole batches; larger ones by reading only their annotation bytes. */
const SMALL_RECORD_BYTES = 4096;
const SCAN_BATCH_BYTES = 4 * 1024 * 1024;

export interface EdfReader extends EdfFileInfo {
  /** Bytes per data record (all signals, annotation signals included): the unit of progress. */
  readonly recordBytes: number;
  /** Decodes data records [firstRecord, firstRecord + recordCount). */
  readRecords(firstRecord: number, recordCount: number): Promise<EdfRecordBlock>;
  /** Samples [firstSample, firstSample + count) of one ordinary signal (index into `signals`). */
  readSignal(signal: number, firstSample: number, count: number): Promise<Float32Array>;
}

/** A whole file in memory: the info plus every ordinary signal's samples (in `signals[i].unit`). */
export interface EdfRecording extends EdfFileInfo {
  readonly data: readonly Float32Array[];
}

interface ScannedFile extends EdfFileInfo {
  readonly layout: EdfLayout;
}

export async function openEdf(source: ByteSource): Promise<EdfReader> {
  const file = await runSteps(scanSteps(source.size), source);
  const { layout } = file;
  const readRecords = async (firstRecord: number, recordCount: number): Promise<EdfRecordBlock> => {
    checkRecordRange(file, firstRecord, recordCount);
    const bytes = await source.read(
      layout.header.headerBytes + firstRecord * layout.recordBytes,
      recordCount * layout.recordBytes,
    );
    return decodeRecords(layout, bytes, firstRecord, recordCount);
  };
  return {
    header: file.header,
    signals: file.signals,
    annotations: file.annotations,
    recordOnsetsS: file.recordOnsetsS,
    discontinuities: file.discontinuities,
    warnings: file.warnings,
    recordBytes: layout.recordBytes,
    readRecords,
    async readSignal(signal, firstSample, count) {
      const info = file.signals[signal];
      if (!info) throw new RangeError(`no signal ${signal}; the file has ${file.signals.length}`);
      const total = info.samplesPerRecord * file.header.recordCount;
      if (firstSample < 0 || count < 0 || firstSample + count > total) {
        throw new RangeError(
          `samples ${firstSample}..${firstSample + count} are outside 0..${total} of "${info.label}"`,
        );
      }
      const out = new Float32Array(count);
      if (count === 0) return out;
      const spr = info.samplesPerRecord;
      const firstRecord = Math.floor(firstSample / spr);
      const lastRecord = Math.floor((firstSample + count - 1) / spr);
      const recordCount = lastRecord - firstRecord + 1;
      const bytes = await source.read(
        layout.header.headerBytes + firstRecord * layout.recordBytes,
        recordCount * layout.recordBytes,
      );
      const block = new Float32Array(recordCount * spr);
      decodeSignal(layout, signal, bytes, recordCount, block);
      out.set(block.subarray(firstSample - firstRecord * spr, firstSample - firstRecord * spr + count));
      return out;
    },
  };
}

/** Reads a whole EDF/BDF file that is already in memory. */
export function readEdf(bytes: Uint8Array): EdfRecording {
  const file = runStepsSync(scanSteps(bytes.length), bytes);
  const { layout } = file;
  const block = decodeRecords(
    layout,
    bytes.subarray(layout.header.headerBytes),
    0,
    layout.header.recordCount,
  );
  return {
    header: file.header,
    signals: file.signals,
    annotations: file.annotations,
    recordOnsetsS: file.recordOnsetsS,
    discontinuities: file.discontinuities,
    warnings: file.warnings,
    data: block.data,
  };
}

/**
 * Record ranges of about `maxBytes` each, for importing a file chunk by chunk with progress
 * (`done` / `total` records after each chunk).
 */
export async function* readRecordChunks(
  reader: EdfReader,
  maxBytes = 8 * 1024 * 1024,
): AsyncGenerator<EdfRecordBlock & { readonly doneRecords: number; readonly totalRecords: number }> {
  const total = reader.header.recordCount;
  const per = Math.max(1, Math.floor(maxBytes / reader.recordBytes));
  for (let first = 0; first < total; first += per) {
    const block = await reader.readRecords(first, Math.min(per, total - first));
    yield { ...block, doneRecords: first + block.recordCount, totalRecords: total };
  }
}

function checkRecordRange(file: EdfFileInfo, firstRecord: number, recordCount: number): void {
  const total = file.header.recordCount;
  if (
    !Number.isInteger(firstRecord) ||
    !Number.isInteger(recordCount) ||
    firstRecord < 0 ||
    recordCount < 0
  ) {
    throw new RangeError(`record range must be whole numbers >= 0, got ${firstRecord} + ${recordCount}`);
  }
  if (firstRecord + recordCount > total) {
    throw new RangeError(
      `records ${firstRecord}..${firstRecord + recordCount} are outside the file's 0..${total}`,
    );
  }
}

/** Decodes every ordinary signal of `recordCount` consecutive records held in `bytes`. */
export function decodeRecords(
  layout: EdfLayout,
  bytes: Uint8Array,
  firstRecord: number,
  recordCount: number,
): EdfRecordBlock {
  const data = layout.signals.map((s, i) => {
    const out = new Float32Array(recordCount * s.samplesPerRecord);
    decodeSignal(layout, i, bytes, recordCount, out);
    return out;
  });
  return { firstRecord, recordCount, data };
}

function decodeSignal(
  layout: EdfLayout,
  signal: number,
  bytes: Uint8Array,
  recordCount: number,
  out: Float32Array,
) {
  const s = layout.signals[signal]!;
  const scale = linearScale(s, s.unitScale);
  const offset = layout.signalOffsets[s.fileIndex]!;
  const spr = s.samplesPerRecord;
  for (let r = 0; r < recordCount; r++) {
    decodeSamples(bytes, r * layout.recordBytes + offset, spr, layout.bytesPerSample, scale, out, r * spr);
  }
}

/** Header, signal headers, then every annotation signal of every record: all checked, nothing decoded. */
function* scanSteps(fileSize: number): ByteSteps<ScannedFile> {
  const fixedBytes = yield { offset: 0, length: Math.min(FIXED_HEADER_BYTES, fileSize) };
  const fixed = parseFixedHeader(fixedBytes, fileSize);
  if (fileSize < fixed.headerBytes) {
    throw new FormatError(
      `file is truncated inside its header: ${fileSize} bytes, the header of ${fixed.signalCount} signals takes ${fixed.headerBytes}`,
    );
  }
  const signalBytes = yield { offset: FIXED_HEADER_BYTES, length: fixed.headerBytes - FIXED_HEADER_BYTES };
  const layout = parseLayout(fixed, signalBytes, fileSize);
  const warnings = [...layout.warnings];
  const { header } = layout;
  const recordCount = header.recordCount;
  const fileOnsets = new Float64Array(recordCount);
  const rawAnnotations: EdfAnnotation[] = [];
  const timeKept = header.plus !== null;

  if (layout.annotationSignals.length === 0) {
    for (let r = 0; r < recordCount; r++) fileOnsets[r] = r * header.recordDurationS;
  } else {
    if (!timeKept) {
      warnings.push(
        'the file has an annotation signal but its reserved field does not say EDF+C/EDF+D; annotations read, records taken as continuous',
      );
    }
    const first = Math.min(...layout.annotationSignals.map((i) => layout.signalOffsets[i]!));
    const end = Math.max(
      ...layout.annotationSignals.map(
        (i) => layout.signalOffsets[i]! + layout.samplesPerRecord[i]! * layout.bytesPerSample,
      ),
    );
    const perRead =
      layout.recordBytes <= SMALL_RECORD_BYTES
        ? Math.max(1, Math.floor(SCAN_BATCH_BYTES / layout.recordBytes))
        : 1;
    for (let r0 = 0; r0 < recordCount; r0 += perRead) {
      const n = Math.min(perRead, recordCount - r0);
      const batched = n > 1 || layout.recordBytes <= SMALL_RECORD_BYTES;
      const chunk = batched
        ? yield { offset: header.headerBytes + r0 * layout.recordBytes, length: n * layout.recordBytes }
        : yield { offset: header.headerBytes + r0 * layout.recordBytes + first, length: end - first };
      for (let k = 0; k < n; k++) {
        const r = r0 + k;
        const base = batched ? k * layout.recordBytes : -first;
        const onset = scanRecord(layout, chunk, base, r, timeKept, rawAnnotations);
        fileOnsets[r] = timeKept ? onset : r * header.recordDurationS;
      }
    }
  }

  const startOffsetS = fileOnsets[0] ?? 0;
  if (startOffsetS < 0) {
    throw new FormatError(`data record 1 starts at ${startOffsetS} s, before the start time in the header`);
  }
  if (startOffsetS >= 1) {
    warnings.push(
      `data record 1 starts ${startOffsetS} s after the header's start time (EDF+ expects under 1 s)`,
    );
  }
  const recordOnsetsS = fileOnsets.map((t) => t - startOffsetS);
  const discontinuities = checkOnsets(layout, recordOnsetsS);
  const annotations = rawAnnotations
    .map((a) => ({ ...a, onsetS: a.onsetS - startOffsetS }))
    .sort((a, b) => a.onsetS - b.onsetS);
  const start = header.start
    ? { ...header.start, subsecondS: startOffsetS, epochMs: header.start.epochMs + startOffsetS * 1000 }
    : null;
  return {
    header: { ...header, start },
    signals: layout.signals,
    annotations,
    recordOnsetsS,
    discontinuities,
    warnings,
    layout,
  };
}

/** Parses the annotation signals of one record; returns its onset (s after the header's start second). */
function scanRecord(
  layout: EdfLayout,
  chunk: Uint8Array,
  base: number,
  record: number,
  timeKept: boolean,
  out: EdfAnnotation[],
): number {
  let onset = Number.NaN;
  layout.annotationSignals.forEach((signal, n) => {
    const at = base + layout.signalOffsets[signal]!;
    const bytes = chunk.subarray(at, at + layout.samplesPerRecord[signal]! * layout.bytesPerSample);
    const where = `data record ${record + 1}, annotation signal ${signal + 1}`;
    const tals = parseTals(bytes, where);
    tals.forEach((tal, t) => {
      let texts = tal.texts;
      if (n === 0 && t === 0 && timeKept) {
        if (texts.length > 0 && texts[0] !== '') {
          throw new FormatError(
            `${where}: the first TAL is not a time-keeping TAL (its first annotation must be empty, found "${texts[0]}")`,
          );
        }
        onset = tal.onsetS;
        texts = texts.slice(1);
      }
      for (const text of texts) {
        if (text !== '') out.push({ onsetS: tal.onsetS, durationS: tal.durationS ?? 0, text });
      }
    });
  });
  if (timeKept && Number.isNaN(onset)) {
    throw new FormatError(
      `data record ${record + 1} has no time-keeping TAL ("+onset" and an empty annotation) in its first annotation signal`,
    );
  }
  return onset;
}

/** Records must follow each other without overlap; EDF+C (and plain EDF) without gaps. */
function checkOnsets(layout: EdfLayout, onsets: Float64Array): EdfDiscontinuity[] {
  const { recordDurationS, plus } = layout.header;
  const maxRate = Math.max(1, ...layout.signals.map((s) => s.sampleRateHz));
  const toleranceS = Math.min(1e-3, 0.25 / maxRate);
  const found: EdfDiscontinuity[] = [];
  for (let r = 1; r < onsets.length; r++) {
    const expected = onsets[r - 1]! + recordDurationS;
    const gapS = onsets[r]! - expected;
    if (gapS < -toleranceS) {
      throw new FormatError(
        `data record ${r + 1} starts at ${onsets[r]} s, before the previous record ends (${expected} s): records overlap`,
      );
    }
    if (gapS > toleranceS) {
      if (plus === 'C') {
        throw new FormatError(
          `the file says ${layout.header.format}+C (continuous) but data record ${r + 1} starts at ${onsets[r]} s, ` +
            `${gapS.toFixed(6)} s after the previous record ends`,
        );
      }
      found.push({ beforeRecord: r, atS: onsets[r]!, gapS });
    }
  }
  return found;
}
