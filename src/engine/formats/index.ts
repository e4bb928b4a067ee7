// The public face of src/engine/formats: import readers, export writers and the format router.
export { type ByteSource, bytesSource } from './byte-source';
export { FormatError } from './format-error';
export { detectFormat, type DetectedFormat, type ImportFormat } from './detect-format';
export type {
  CalendarDate,
  EdfAnnotation,
  EdfDiscontinuity,
  EdfFileHeader,
  EdfFileInfo,
  EdfFormat,
  EdfPatient,
  EdfRecordBlock,
  EdfRecordingInfo,
  EdfSignal,
  EdfStartTime,
} from './edf-types';
export { openEdf, readEdf, readRecordChunks, type EdfReader, type EdfRecording } from './edf-reader';
export {
  GAP_ANNOTATION,
  PADDING_ANNOTATION,
  prepareEdfExport,
  writeEdfBytes,
  type EdfExport,
  type EdfExportOptions,
} from './edf-writer';
export type { PatientInput, RecordingInput } from './edf-identity';
export {
  planarExportSource,
  timelineSample,
  type ExportAnnotation,
  type ExportGap,
  type ExportSignal,
  type ExportSource,
  type ExportWindow,
  type PlanarRecording,
} from './export-source';
export {
  annotationsCsv,
  parseCsv,
  writeCsv,
  type CsvReadOptions,
  type CsvRecording,
  type CsvWriteOptions,
} from './csv';
export { parseOpenBciText, type OpenBciTextRecording } from './openbci-text';
export {
  decodeEegFile,
  type DecodedChannel,
  type DecodedEegFile,
  type DecodeOptions,
} from './decode-eeg-file';
