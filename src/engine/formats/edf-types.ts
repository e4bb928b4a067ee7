// The typed shape of an EDF/EDF+/BDF/BDF+ file as the reader returns it and the writer describes it.

export type EdfFormat = 'EDF' | 'BDF';

export interface CalendarDate {
  readonly year: number;
  /** 1..12 */
  readonly month: number;
  readonly day: number;
}

/** Start of the recording as written in the file: local wall-clock time, no time zone (EDF has none). */
export interface EdfStartTime extends CalendarDate {
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** EDF+: fraction of a second after hh.mm.ss at which the first data record starts (its time-keeping TAL). */
  readonly subsecondS: number;
  /** The wall-clock time read as if it were UTC (as MNE does), in ms, subsecond included. */
  readonly epochMs: number;
}

/** EDF+ patient subfields ("code sex birthdate name ..."); null where the file says X (unknown). */
export interface EdfPatient {
  readonly code: string | null;
  readonly sex: 'F' | 'M' | null;
  readonly birthDate: CalendarDate | null;
  /** Underscores (the EDF+ stand-in for spaces) turned back into spaces. */
  readonly name: string | null;
  readonly additional: string;
}

/** EDF+ recording subfields ("Startdate dd-MMM-yyyy admincode technician equipment ..."). */
export interface EdfRecordingInfo {
  readonly startDate: CalendarDate | null;
  readonly adminCode: string | null;
  readonly technician: string | null;
  readonly equipment: string | null;
  readonly additional: string;
}

export interface EdfFileHeader {
  readonly format: EdfFormat;
  /** 'C' (continuous) or 'D' (discontinuous) for EDF+/BDF+, null for plain EDF/BDF. */
  readonly plus: 'C' | 'D' | null;
  readonly patientField: string;
  readonly recordingField: string;
  /** Parsed EDF+ subfields, or null when the field does not follow EDF+. */
  readonly patient: EdfPatient | null;
  readonly recording: EdfRecordingInfo | null;
  /** Null when the start date or time in the header cannot be read (the file is still read). */
  readonly start: EdfStartTime | null;
  readonly headerBytes: number;
  readonly recordCount: number;
  /** May be fractional (e.g. 0.1); 0 only in annotation-only files. */
  readonly recordDurationS: number;
  /** Every signal in the file, annotation signals included. */
  readonly signalCount: number;
  readonly reserved: string;
}

/** One ordinary (non-annotation) signal. Sample values are returned in `unit`. */
export interface EdfSignal {
  /** Position of the signal in the file's header (annotation signals count). */
  readonly fileIndex: number;
  readonly label: string;
  readonly transducer: string;
  /** As written in the file ("uV", "mV", "degC", ...). */
  readonly physicalDimension: string;
  readonly physicalMin: number;
  readonly physicalMax: number;
  readonly digitalMin: number;
  readonly digitalMax: number;
  readonly prefilter: string;
  readonly samplesPerRecord: number;
  readonly sampleRateHz: number;
  readonly reserved: string;
  /** Unit of the values the reader returns: "uV" for every voltage, the file's dimension otherwise. */
  readonly unit: string;
  /** Factor from the file's physical dimension to `unit` (1000 for mV, 1e6 for V, 1 otherwise). */
  readonly unitScale: number;
  /** What conversion was applied, e.g. "mV -> uV (x1000)"; null when none. */
  readonly unitConversion: string | null;
}

export interface EdfAnnotation {
  /** Seconds after the first sample of the recording (the file's own onsets minus the start's subsecond). */
  readonly onsetS: number;
  /** 0 when the TAL gives no duration. */
  readonly durationS: number;
  readonly text: string;
}

/** EDF+D: data record `beforeRecord` starts `gapS` seconds later than the end of the record before it. */
export interface EdfDiscontinuity {
  readonly beforeRecord: number;
  /** Start of that record, seconds after the first sample. */
  readonly atS: number;
  readonly gapS: number;
}

/** Everything known about a file once its header and annotation signals have been read and checked. */
export interface EdfFileInfo {
  readonly header: EdfFileHeader;
  readonly signals: readonly EdfSignal[];
  readonly annotations: readonly EdfAnnotation[];
  /** Start of each data record, seconds after the first sample (k x record duration in a continuous file). */
  readonly recordOnsetsS: Float64Array;
  readonly discontinuities: readonly EdfDiscontinuity[];
  /** Deviations from the standard that were tolerated, one sentence each. */
  readonly warnings: readonly string[];
}

/** Samples of a range of data records: per ordinary signal, recordCount x samplesPerRecord values in `unit`. */
export interface EdfRecordBlock {
  readonly firstRecord: number;
  readonly recordCount: number;
  readonly data: readonly Float32Array[];
}
