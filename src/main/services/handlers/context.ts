import type { Method, Notice } from '../../../shared/api';
import type { EngineHost } from '../../engine-host/engine-host';
import type { RecordingStore } from '../../storage';
import type { AcquisitionService } from '../acquisition';
import type { Recorder } from '../recorder';
import type { RecordingTransfers } from '../recording-transfers';
import type { AnalysisJobs } from '../analysis/analysis-jobs';
import type { AppServicesOptions } from '../app-services';
import type { MachineCapabilities } from '../capabilities';
import type { EventHub } from '../event-hub';
import type { LiveService } from '../live/live-service';
import type { MontageStore } from '../montages';
import type { SourceControls } from '../source-controls';

/** What every domain's handlers may use. Domains add their own services here as they arrive. */
export interface ServiceContext {
  readonly options: AppServicesOptions;
  readonly events: EventHub;
  readonly acquisition: AcquisitionService;
  readonly engine: EngineHost;
  readonly capabilities: Promise<MachineCapabilities>;
  /** The recording store in the data folder; null when it could not be opened (`storeProblem` says why). */
  readonly store: RecordingStore | null;
  readonly storeProblem: string | null;
  /** Records the streaming source into the store; null without a store. */
  readonly recorder: Recorder | null;
  /** Imports, exports and overviews of stored recordings; null without a store. */
  readonly transfers: RecordingTransfers | null;
  notify(level: Notice['level'], message: string): void;
  /** The latest notices, oldest first. */
  recentNotices(): readonly Notice[];
  /** The Live page's display filter and rolling spectrum. */
  readonly live: LiveService;
  /** Channels of the connected source: gains, on/off, labels; board readings. */
  readonly controls: SourceControls;
  /** Built-in and saved montages. */
  readonly montages: MontageStore;
  /** Brain-engine analyses run as jobs (src/main/services/analysis). */
  readonly analysis: AnalysisJobs;
}

/** The handlers of one domain of the contract (src/shared/api/<domain>.ts). */
export type DomainHandlers<Methods> = {
  readonly [M in keyof Methods]: Methods[M] extends Method<infer P, infer R>
    ? (params: P) => Promise<R> | R
    : never;
};
