// Recording the streaming source into the store: a BlockConsumer on the acquisition service feeds a
// RecordingWriter (blocks, gaps, markers, a new segment after a reconnect). A storage failure (disk full,
// read-only, locked, backlog) stops the recording cleanly and reaches the person as a notice and in
// `recording.state`; what was committed stays. The state goes out as `recording.state` events.
import {
  ApiError,
  type Marker,
  type Notice,
  type RecordingState,
  type SourceStatus,
  type StartRecordingRequest,
} from '../../shared/api';
import type { SampleBlock, SampleGap } from '../../shared/samples';
import type { RecordingStore, RecordingWriter, RecordingWriterOptions, WriterResult } from '../storage';
import type { AcquisitionService, BlockConsumer } from './acquisition';
import type { EventHub } from './event-hub';
import { toApiError } from './storage-errors';

export interface RecorderOptions {
  readonly store: RecordingStore;
  readonly acquisition: AcquisitionService;
  readonly events: EventHub;
  readonly notify: (level: Notice['level'], message: string) => void;
  readonly writerOptions?: RecordingWriterOptions;
  readonly now?: () => number;
  /** How often the elapsed time goes out while recording (commits also send the state). */
  readonly tickMs?: number;
  /** Why recording cannot start now (an import holds the database), or null. */
  readonly startBlocked?: () => string | null;
}

export const IDLE_RECORDING: RecordingState = {
  state: 'idle',
  recordingId: null,
  label: null,
  startedAt: null,
  elapsedMs: 0,
  sampleRateHz: 0,
  committedSamples: 0,
  lastCommitAt: null,
  pendingBytes: 0,
  error: null,
  message: null,
};

export function unavailableRecording(reason: string): RecordingState {
  return { ...IDLE_RECORDING, state: 'unavailable', message: reason };
}

interface Take {
  readonly label: string;
  readonly startedAt: number;
  readonly channelCount: number;
  readonly sampleRateHz: number;
  /** Null while the writer's worker opens the database; what arrives meanwhile waits in `queue`. */
  writer: RecordingWriter | null;
  queue: ((writer: RecordingWriter) => void)[];
  queuedSamples: number;
  /** The acquisition segment whose clock the writer's current segment follows. */
  segment: number;
  off: () => void;
}

/** Samples held while the writer starts, at most this many seconds' worth (it takes well under one). */
const MAX_QUEUED_S = 60;

const MARKER_SOURCE = 'user' as const;

export class Recorder {
  readonly #store: RecordingStore;
  readonly #acquisition: AcquisitionService;
  readonly #events: EventHub;
  readonly #notify: RecorderOptions['notify'];
  readonly #writerOptions: RecordingWriterOptions;
  readonly #now: () => number;
  readonly #tickMs: number;
  readonly #startBlocked: () => string | null;
  #take: Take | null = null;
  #state: RecordingState = IDLE_RECORDING;
  #ticker: NodeJS.Timeout | null = null;
  /** A stop asked for (or a source lost) while the writer was still starting. */
  #pendingEnd: ((writer: RecordingWriter) => void) | null = null;
  readonly #offStatus: () => void;

  constructor(options: RecorderOptions) {
    this.#store = options.store;
    this.#acquisition = options.acquisition;
    this.#events = options.events;
    this.#notify = options.notify;
    this.#writerOptions = options.writerOptions ?? {};
    this.#now = options.now ?? Date.now;
    this.#tickMs = options.tickMs ?? 1000;
    this.#startBlocked = options.startBlocked ?? (() => null);
    this.#offStatus = options.events.onEvent((name, payload) => {
      if (name === 'source.status') this.#onSourceStatus(payload as SourceStatus);
    });
  }

  get state(): RecordingState {
    const take = this.#take;
    if (!take || this.#state.state === 'idle') return this.#state;
    return { ...this.#state, elapsedMs: Math.max(0, this.#now() - take.startedAt) };
  }

  /** The result of the recording being written, or null when idle (for the CLI to await). */
  get current(): { readonly recordingId: string; readonly done: Promise<WriterResult> } | null {
    const writer = this.#take?.writer;
    return writer ? { recordingId: writer.recordingId, done: writer.done } : null;
  }

  async start(request: StartRecordingRequest): Promise<RecordingState> {
    if (this.#take) {
      throw new ApiError({
        code: 'conflict',
        message: `Already recording "${this.#take.label}"; stop it before starting another.`,
      });
    }
    const status = this.#acquisition.status;
    const description = this.#acquisition.currentSource?.description;
    if (status.state !== 'streaming' || !description) {
      throw new ApiError({
        code: 'conflict',
        message: 'Nothing is streaming: connect a headset (or the demo headset) on the Devices page first.',
      });
    }
    const blocked = this.#startBlocked();
    if (blocked) throw new ApiError({ code: 'conflict', message: blocked });
    const label = request.label.trim();
    const startedAt = this.#now();
    this.#setState({ ...IDLE_RECORDING, state: 'starting', label, startedAt });
    // Listen from the moment of the click: samples that arrive while the writer opens are kept and handed over
    // once it is ready, so the recording starts when the technician pressed Record.
    const take: Take = {
      label,
      startedAt,
      channelCount: status.channelLabels.length,
      sampleRateHz: status.sampleRateHz,
      writer: null,
      queue: [],
      queuedSamples: 0,
      segment: status.segment,
      off: () => undefined,
    };
    take.off = this.#acquisition.addConsumer(this.#consumerFor(take));
    this.#take = take;
    let writer: RecordingWriter;
    try {
      writer = await this.#store.startRecording(
        {
          label,
          subjectCode: request.subjectCode ?? null,
          technician: request.technician ?? null,
          notes: request.notes ?? '',
          sourceKind: description.kind,
          board: description.board,
          firmware: description.detail,
          channels: status.channelLabels.map((l, i) => ({
            label: l,
            gain: description.gains?.[i] ?? null,
          })),
          sampleRateHz: status.sampleRateHz,
          startedAt,
        },
        this.#writerOptions,
      );
    } catch (error) {
      take.off();
      this.#take = null;
      this.#pendingEnd = null;
      const apiError = toApiError(error);
      const message = apiError instanceof Error ? apiError.message : String(apiError);
      this.#setState({ ...IDLE_RECORDING, error: { code: 'storage_error', message }, message });
      throw apiError;
    }
    writer.on('commit', (stats) =>
      this.#setState({
        ...this.#state,
        committedSamples: stats.committedSamples,
        lastCommitAt: stats.lastCommitAt,
        pendingBytes: stats.pendingBytes,
      }),
    );
    writer.on('error', (error) => {
      this.#notify('error', `Recording "${label}" stopped: ${error.message}`);
      this.#setState({
        ...this.#state,
        state: 'stopping',
        error: { code: error.code, message: error.message },
        message: error.message,
      });
    });
    writer.on('rejected', (error) => this.#notify('warning', `Recording "${label}": ${error.message}`));
    void writer.done.then((result) => this.#ended(take, result));
    this.#setState({
      ...this.#state,
      state: 'recording',
      recordingId: writer.recordingId,
      sampleRateHz: take.sampleRateHz,
      committedSamples: writer.stats().committedSamples,
    });
    take.writer = writer;
    for (const op of take.queue.splice(0)) op(writer);
    take.queuedSamples = 0;
    this.#ticker = setInterval(() => this.#events.emit('recording.state', this.state), this.#tickMs);
    this.#ticker.unref();
    this.#events.emit('recordings.changed', { at: this.#now() });
    if (this.#pendingEnd) {
      const end = this.#pendingEnd;
      this.#pendingEnd = null;
      end(writer);
    }
    return this.state;
  }

  /** Saves everything received and closes the recording as complete. Idle: returns the state as it is. */
  async stop(): Promise<RecordingState> {
    const take = this.#take;
    if (!take) return this.state;
    this.#setState({ ...this.#state, state: 'stopping' });
    const writer = take.writer ?? (await this.#writerOf(take));
    if (writer) await writer.finish();
    return this.state;
  }

  /** Finishes the writer (app quit, Ctrl-C) so the store can be closed after it. */
  async dispose(): Promise<void> {
    this.#offStatus();
    await this.stop();
  }

  #consumerFor(take: Take): BlockConsumer {
    // A consumer runs inside the acquisition pipeline: it must never throw into it.
    const feed = (what: string, op: (writer: RecordingWriter) => void) => {
      const run = (writer: RecordingWriter) => {
        try {
          op(writer);
        } catch (error) {
          void writer.stop(`The recording stopped while taking ${what}: ${String(error)}`);
        }
      };
      if (take.writer) run(take.writer);
      else take.queue.push(run);
    };
    return {
      block: (block: SampleBlock, segment: number) => {
        if (segment !== take.segment) return;
        if (take.writer) {
          feed('samples', (w) => w.append(block));
          return;
        }
        if (take.queuedSamples > MAX_QUEUED_S * take.sampleRateHz) return;
        // Sources may reuse their buffers: keep a copy until the writer takes it.
        const copy = { ...block, data: block.data.slice() };
        take.queuedSamples += block.sampleCount;
        feed('samples', (w) => w.append(copy, { transfer: true }));
      },
      gap: (gap: SampleGap, segment: number) => {
        if (segment !== take.segment) return;
        feed('a gap', (w) => w.gap(gap));
      },
      marker: (marker: Marker) => {
        if (marker.segment !== take.segment) return;
        feed('a marker', (w) =>
          w.marker({ atSample: marker.sample, label: marker.label, source: MARKER_SOURCE }),
        );
      },
      segmentStarted: (segment: number, status: SourceStatus) => {
        take.segment = segment;
        const startedAt = this.#now();
        if (status.channelLabels.length !== take.channelCount || status.sampleRateHz !== take.sampleRateHz) {
          const reason = `The source changed to ${status.channelLabels.length} channels at ${status.sampleRateHz} Hz (the recording has ${take.channelCount} at ${take.sampleRateHz} Hz); recording stopped with everything received before.`;
          this.#notify('warning', reason);
          take.segment = -1;
          this.#end(take, (w) => void w.stop(reason));
          return;
        }
        feed('a reconnection', (w) => w.startSegment(startedAt));
      },
    };
  }

  /** The take's writer once it has started; null if it failed to. */
  #writerOf(take: Take): Promise<RecordingWriter | null> {
    return new Promise((resolve) => {
      const off = this.#events.onEvent((name, payload) => {
        if (name === 'recording.state' && (payload as RecordingState).state === 'idle' && !take.writer) {
          off();
          resolve(null);
        }
      });
      this.#pendingEnd = (writer) => {
        off();
        resolve(writer);
      };
    });
  }

  /** Ends the take now, or as soon as its writer is ready. */
  #end(take: Take, end: (writer: RecordingWriter) => void): void {
    if (take.writer) end(take.writer);
    else this.#pendingEnd = end;
  }

  #onSourceStatus(status: SourceStatus): void {
    const take = this.#take;
    if (!take || this.#state.state !== 'recording') return;
    // A source that is gone for good ends the take; one that is reconnecting continues it in a new segment.
    if (status.state === 'stopped') {
      this.#end(take, (w) => void w.finish());
    } else if (status.state === 'lost' || status.state === 'error') {
      const reason = `The source was lost: ${status.message ?? 'no reason given'}`;
      this.#end(take, (w) => void w.stop(reason));
    }
  }

  #ended(take: Take, result: WriterResult): void {
    take.off();
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    this.#take = null;
    const seconds = result.durationS.toFixed(1);
    const error = result.error;
    this.#setState({
      ...IDLE_RECORDING,
      recordingId: result.recordingId,
      label: take.label,
      startedAt: take.startedAt,
      elapsedMs: Math.max(0, this.#now() - take.startedAt),
      sampleRateHz: take.sampleRateHz,
      committedSamples: result.committedSamples,
      lastCommitAt: this.#state.lastCommitAt,
      error: error ? { code: error.code, message: error.message } : null,
      message: error
        ? `"${take.label}" stopped: ${error.message}`
        : `Saved "${take.label}" (${seconds} s, ${result.status}).`,
    });
    this.#events.emit('recordings.changed', { at: this.#now() });
  }

  #setState(state: RecordingState): void {
    this.#state = state;
    this.#events.emit('recording.state', this.state);
  }
}
