// The engine worker's analysis methods (added to EngineWorkerMethods in protocol.ts). Samples cross as
// Float32Arrays whose buffers the host transfers; the answer is the plain-JSON document the app stores and draws.
import type { AnalysisDocument, AnalyzeRecordingJson } from '../../shared/analysis';
import type { PhysicalRange } from '../brain/input';
import type { AnalysisParams, AnalysisParamsInput } from '../brain/params';

export interface AnalysisChannelWire {
  readonly label: string;
  readonly sampleRateHz: number;
  readonly physicalRange: PhysicalRange | null;
  /** Microvolts; give it a buffer of its own so it can be transferred. */
  readonly data: Float32Array;
}

interface AnalysisOptionsWire {
  readonly params?: AnalysisParamsInput;
  /** What the caller knows of the source, echoed in the report's `recording`. */
  readonly recording?: Omit<AnalyzeRecordingJson, 'channels'>;
  /** Upper end of the PSDs kept in the document (default DOCUMENT_PSD_MAX_HZ). */
  readonly psdMaxHz?: number;
}

export interface AnalyzeChannelsParams extends AnalysisOptionsWire {
  readonly channels: readonly AnalysisChannelWire[];
  readonly preprocessing?: string | null;
}

export interface AnalyzeFileParams extends AnalysisOptionsWire {
  /** The whole file; its buffer is transferred. */
  readonly bytes: Uint8Array;
  /** Routes the format (extension) and names the file in errors. */
  readonly fileName: string;
  readonly fromS?: number;
  readonly toS?: number;
}

export interface AnalysisOutcome {
  readonly document: AnalysisDocument;
  /** The resolved parameters the report used (also echoed in document.report.params, as JSON). */
  readonly params: AnalysisParams;
}

export interface AnalysisWorkerMethods {
  /** The full brain report of channels given as samples, split over the worker's thread pool. */
  'analysis.channels': { params: AnalyzeChannelsParams; result: AnalysisOutcome };
  /** The same for a recording file (EDF/BDF/OpenBCI text/CSV) read inside the worker, optionally a time range. */
  'analysis.file': { params: AnalyzeFileParams; result: AnalysisOutcome };
}
