// A headset on a serial port as an AcquisitionSource: open, handshake, stream, and survive the bench.
//
// Device lost: a port error, the port vanishing (unplug), or no sample for `silenceTimeoutMs` (500 ms) while
// streaming. The sink hears lost() at once, after every sample already received has been delivered; then the
// source reopens the port with exponential backoff and redoes the whole handshake (a soft reset restores the
// board's defaults, so gains are sent again). When samples flow again the sink hears resumed() just before the
// first sample of the new segment, whose clock starts at 0.
import type { SourceStats } from '../../shared/api/acquisition';
import type { SampleBlock, SampleGap } from '../../shared/samples';
import type { BoardEvent, ParserSink, StreamParser } from '../../engine/protocols/stream-parser';
import type { AcquisitionSource, SourceDescription, SourceSink } from './acquisition-source';
import {
  CytonDriver,
  DEFAULT_TIMEOUTS,
  DeviceError,
  NoFramesError,
  TextBoardDriver,
  ThinkGearDriver,
  type BoardDriver,
  type DriverContext,
  type DriverTimeouts,
  type TextDriverOptions,
} from './board-drivers';
import { ftdiLatencyNotice, readFtdiLatency } from './ftdi-latency';
import { ReplyReader } from './reply-reader';
import { openSerialPort, type SerialLink, type SerialOpener } from './serial-link';

export type SerialBoard = 'cyton' | 'cyton-daisy' | 'thinkgear' | 'text';

export interface ReconnectPolicy {
  /** First wait after a loss (default 250 ms); doubles after each failed attempt... */
  readonly initialDelayMs?: number;
  /** ...up to this (default 5000 ms). */
  readonly maxDelayMs?: number;
  /** Attempts before giving up (default: until stop()). */
  readonly maxAttempts?: number;
}

export interface SerialBoardSourceOptions {
  readonly path: string;
  readonly board: SerialBoard;
  /** Cyton / Daisy: gain per channel, channel 1 first (default 24 each). */
  readonly gains?: readonly number[];
  /** Text boards: channels, rate, scale, baud rate. */
  readonly text?: TextDriverOptions;
  /** Instead of the board's own (ThinkGear tries 57600 then 9600). */
  readonly baudRate?: number;
  /** No sample for this long while streaming means the device is lost (default 500 ms). */
  readonly silenceTimeoutMs?: number;
  readonly reconnect?: ReconnectPolicy;
  readonly timeouts?: Partial<DriverTimeouts>;
  /** ThinkGear poor-signal, eSense and band powers. */
  readonly onBoardEvent?: (event: BoardEvent) => void;
  /** Cyton accelerometer, in g. */
  readonly onAccel?: (atSample: number, xG: number, yG: number, zG: number) => void;
  /** Advice that is not an error (e.g. a high FTDI latency timer). */
  readonly onNotice?: (message: string) => void;
  /** The serial binding (default node-serialport). */
  readonly opener?: SerialOpener;
  /** Root of sysfs for the FTDI latency check (default /sys). */
  readonly sysfsRoot?: string;
}

const WATCHDOG_TICK_MS = 100;

export type SerialSourceState = 'idle' | 'connecting' | 'streaming' | 'lost' | 'reconnecting' | 'stopped';

function createDriver(options: SerialBoardSourceOptions): BoardDriver {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  switch (options.board) {
    case 'cyton':
    case 'cyton-daisy':
      return new CytonDriver(options.board === 'cyton-daisy', options.gains, timeouts);
    case 'thinkgear':
      return new ThinkGearDriver(options.baudRate ? [options.baudRate] : undefined);
    case 'text':
      if (!options.text)
        throw new DeviceError('a text board needs its channel count and sample rate (options.text)');
      return new TextBoardDriver({ ...options.text, baudRate: options.baudRate ?? options.text.baudRate });
  }
}

export class SerialBoardSource implements AcquisitionSource {
  private readonly driver: BoardDriver;
  private readonly parser: StreamParser;
  private readonly reader = new ReplyReader();
  private readonly opener: SerialOpener;
  private readonly silenceTimeoutMs: number;
  private sink: SourceSink | null = null;
  private link: SerialLink | null = null;
  private context: DriverContext | null = null;
  private currentState: SerialSourceState = 'idle';
  private toParser = false;
  private detail: string | null = null;
  private lastFrameAt = 0;
  private framesSeen = 0;
  private frameWaiter: (() => void) | null = null;
  /** False between a loss and the first data of the next segment, when resumed() is due. */
  private segmentAnnounced = true;
  private watchdog: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private wakeRetry: (() => void) | null = null;
  private stopping: Promise<void> | null = null;
  private latencyChecked = false;
  private lastStatsKey = '';
  private readonly pendingChannels = new Set<number>();

  constructor(private readonly options: SerialBoardSourceOptions) {
    this.driver = createDriver(options);
    this.opener = options.opener ?? openSerialPort;
    this.silenceTimeoutMs = options.silenceTimeoutMs ?? Math.max(500, 3000 / this.driver.sampleRateHz);
    const parserSink: ParserSink = {
      samples: (block) => this.deliverBlock(block),
      gap: (gap) => this.deliverGap(gap),
      event: options.onBoardEvent ? (event) => options.onBoardEvent?.(event) : undefined,
      accel: options.onAccel,
    };
    this.parser = this.driver.createParser(parserSink);
  }

  /** `detail` holds the firmware line once start() has resolved. */
  get description(): SourceDescription {
    return {
      kind: 'serial',
      label: `${this.options.path} - ${this.driver.name}`,
      board: this.driver.board,
      sampleRateHz: this.driver.sampleRateHz,
      channelLabels: this.driver.channelLabels,
      detail: this.detail,
      ...(this.driver instanceof CytonDriver && { gains: this.driver.gains }),
    };
  }

  get state(): SerialSourceState {
    return this.currentState;
  }

  /** Current gains (Cyton / Daisy), channel 1 first; null for other boards. */
  get gains(): readonly number[] | null {
    return this.driver instanceof CytonDriver ? this.driver.gains : null;
  }

  /** Channels powered down on the board, channel 1 first; null for boards that cannot power channels down. */
  get poweredDown(): readonly boolean[] | null {
    return this.driver instanceof CytonDriver ? this.driver.poweredDown : null;
  }

  /** Totals since the source was made, across reconnections (the UI transport adds displayFramesSkipped). */
  stats(): Omit<SourceStats, 'displayFramesSkipped'> {
    const s = this.parser.stats();
    return {
      samplesReceived: s.samples,
      droppedSamples: s.missingSamples,
      gaps: s.gaps,
      resyncs: s.resyncs,
      bytesDiscarded: s.bytesDiscarded,
      checksumFailures: s.checksumFailures,
    };
  }

  async start(sink: SourceSink): Promise<void> {
    if (this.currentState !== 'idle') throw new DeviceError(`${this.options.path} was already started`);
    this.sink = sink;
    this.currentState = 'connecting';
    try {
      await this.connect();
    } catch (error) {
      this.currentState = 'stopped';
      await this.closeLink();
      if (this.isStopping()) return; // stop() during the handshake is not a failure
      throw error;
    }
    if (this.isStopping()) return;
    this.becomeStreaming();
    await this.sendPendingChannels();
  }

  /** Changes a channel's gain (channel from 1) on the board and in the scaling; kept across reconnections. */
  async setGain(channel: number, gain: number): Promise<void> {
    if (!(this.driver instanceof CytonDriver)) {
      throw new DeviceError(`the ${this.driver.name} has no programmable gain`);
    }
    const live = this.currentState === 'streaming' ? this.context : null;
    await this.driver.setGain(live, channel, gain, live !== null);
    this.notePendingChannel(channel);
  }

  /** Powers a channel (from 1) down or up on the board (Cyton / Daisy); kept across reconnections. */
  async setChannelPower(channel: number, on: boolean): Promise<void> {
    if (!(this.driver instanceof CytonDriver)) {
      throw new DeviceError(`the ${this.driver.name} cannot power channels down`);
    }
    const live = this.currentState === 'streaming' ? this.context : null;
    await this.driver.setPower(live, channel, on, live !== null);
    this.notePendingChannel(channel);
  }

  /**
   * A change made during a handshake may come after the handshake sent the channel settings: it is sent again
   * once streaming starts.
   */
  private notePendingChannel(channel: number): void {
    if (this.currentState === 'connecting' || this.currentState === 'reconnecting') {
      this.pendingChannels.add(channel);
    }
  }

  private async sendPendingChannels(): Promise<void> {
    const channels = [...this.pendingChannels];
    this.pendingChannels.clear();
    if (!(this.driver instanceof CytonDriver) || !this.context) return;
    try {
      for (const channel of channels) await this.driver.resendChannel(this.context, channel);
    } catch {
      // The link failed under us: the loss is handled as such, and the next handshake sends every setting.
    }
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private isStopping(): boolean {
    return this.stopping !== null;
  }

  private async shutdown(): Promise<void> {
    const wasStreaming = this.currentState === 'streaming';
    this.currentState = 'stopped';
    this.stopWatchdog();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.wakeRetry?.();
    this.reader.fail('stopped');
    if (wasStreaming && this.context) {
      try {
        await withTimeout(this.driver.end(this.context), 500);
      } catch {
        // The board may already be gone; closing the port is what matters now.
      }
    }
    this.parser.finish();
    this.sendStats(true);
    await this.closeLink();
  }

  /** Opens the port at each of the board's baud rates in turn until the driver's handshake succeeds. */
  private async connect(): Promise<void> {
    const rates = this.options.baudRate ? [this.options.baudRate] : this.driver.baudRates;
    let lastError: unknown = null;
    for (const baudRate of rates) {
      if (this.isStopping()) return;
      const link = await this.opener(this.options.path, baudRate);
      if (this.isStopping()) {
        await link.close();
        return;
      }
      this.attach(link);
      await this.checkLatencyOnce();
      try {
        this.detail = await this.driver.begin(this.context!);
        return;
      } catch (error) {
        lastError = error;
        await this.closeLink();
        if (!(error instanceof NoFramesError)) throw error;
      }
    }
    throw lastError instanceof Error ? lastError : new DeviceError(`cannot start ${this.options.path}`);
  }

  private attach(link: SerialLink): void {
    this.link = link;
    this.toParser = false;
    this.reader.reset();
    link.onData = (chunk) => this.onData(chunk);
    link.onLost = (reason) => this.deviceLost(reason);
    this.context = {
      path: this.options.path,
      link,
      reader: this.reader,
      streamToParser: () => {
        this.toParser = true;
      },
      collectReplies: () => {
        this.toParser = false;
      },
      framesFlowing: (timeoutMs) => this.framesFlowing(timeoutMs),
    };
  }

  private async checkLatencyOnce(): Promise<void> {
    if (this.latencyChecked) return;
    this.latencyChecked = true;
    const notice = ftdiLatencyNotice(
      this.options.path,
      await readFtdiLatency(this.options.path, this.options.sysfsRoot),
    );
    if (notice) this.options.onNotice?.(notice);
  }

  private onData(chunk: Uint8Array): void {
    if (!this.toParser) {
      this.reader.feed(chunk);
      return;
    }
    const parser = this.parser;
    parser.push(chunk);
    parser.flush();
    const frames = parser.stats().framesAccepted;
    if (frames !== this.framesSeen) {
      this.framesSeen = frames;
      this.lastFrameAt = performance.now();
      this.frameWaiter?.();
    }
  }

  private framesFlowing(timeoutMs: number): Promise<boolean> {
    const before = this.parser.stats().framesAccepted;
    return new Promise((resolve) => {
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.frameWaiter = null;
        resolve(ok);
      };
      const timer = setTimeout(() => finish(this.parser.stats().framesAccepted > before), timeoutMs);
      this.frameWaiter = () => {
        if (this.parser.stats().framesAccepted > before) finish(true);
      };
    });
  }

  private deliverBlock(block: SampleBlock): void {
    if (!this.sink) return;
    this.announceSegment();
    this.sink.block({
      firstSample: block.firstSample,
      sampleCount: block.sampleCount,
      channelCount: block.channelCount,
      sampleRateHz: block.sampleRateHz,
      data: block.data.slice(),
    });
  }

  private deliverGap(gap: SampleGap): void {
    if (!this.sink) return;
    this.announceSegment();
    this.sink.gap(gap);
    this.sendStats(true);
  }

  private announceSegment(): void {
    if (this.segmentAnnounced) return;
    this.segmentAnnounced = true;
    this.sink?.resumed();
  }

  private becomeStreaming(): void {
    this.currentState = 'streaming';
    this.lastFrameAt = performance.now();
    this.startWatchdog();
  }

  private startWatchdog(): void {
    this.stopWatchdog();
    let lastTickAt = performance.now();
    this.watchdog = setInterval(() => {
      if (this.currentState !== 'streaming') return;
      const now = performance.now();
      const stalled = now - lastTickAt > 2.5 * WATCHDOG_TICK_MS;
      lastTickAt = now;
      if (stalled) {
        // This process did not run for a while (GC, a long task): bytes may be waiting unread in the OS, and
        // timers run before I/O, so silence is counted again from now rather than blamed on the device.
        this.lastFrameAt = Math.max(this.lastFrameAt, now - WATCHDOG_TICK_MS);
        return;
      }
      const silentMs = now - this.lastFrameAt;
      if (silentMs > this.silenceTimeoutMs) {
        this.deviceLost(`no data from the device for ${Math.round(silentMs)} ms`);
        return;
      }
      this.sendStats(false);
    }, WATCHDOG_TICK_MS);
  }

  private stopWatchdog(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
  }

  private sendStats(force: boolean): void {
    const stats = this.stats();
    const key = `${stats.samplesReceived}/${stats.gaps}/${stats.bytesDiscarded}/${stats.checksumFailures}/${stats.resyncs}`;
    if (!force && key === this.lastStatsKey) return;
    this.lastStatsKey = key;
    this.sink?.stats(stats);
  }

  private deviceLost(reason: string): void {
    if (this.currentState === 'connecting' || this.currentState === 'reconnecting') {
      // A handshake in progress fails at once instead of waiting for its timeout.
      this.reader.fail(`${this.options.path}: ${reason}`);
      return;
    }
    if (this.currentState !== 'streaming') return;
    this.currentState = 'lost';
    this.stopWatchdog();
    // Everything already received is delivered before the loss is told, and nothing of that segment after it.
    this.toParser = false;
    this.parser.finish();
    this.sendStats(true);
    // The source's label names the port already; the reason says what happened to it.
    this.sink?.lost(reason, true);
    void this.closeLink().then(() => this.reconnectLoop());
  }

  private async reconnectLoop(): Promise<void> {
    const policy = this.options.reconnect ?? {};
    let delayMs = policy.initialDelayMs ?? 250;
    const maxDelayMs = policy.maxDelayMs ?? 5000;
    const maxAttempts = policy.maxAttempts ?? Number.POSITIVE_INFINITY;
    for (let attempt = 1; !this.isStopping(); attempt++) {
      await new Promise<void>((resolve) => {
        this.wakeRetry = resolve;
        this.retryTimer = setTimeout(resolve, delayMs);
      });
      this.wakeRetry = null;
      if (this.isStopping()) return;
      this.currentState = 'reconnecting';
      this.parser.reset();
      this.segmentAnnounced = false;
      try {
        await this.connect();
        if (this.isStopping()) return;
        this.becomeStreaming();
        await this.sendPendingChannels();
        return;
      } catch (error) {
        await this.closeLink();
        if (this.isStopping()) return;
        if (attempt >= maxAttempts) {
          this.currentState = 'stopped';
          const why = error instanceof Error ? error.message : String(error);
          this.sink?.lost(`gave up after ${attempt} reconnection attempts (${why})`, false);
          return;
        }
        this.currentState = 'lost';
        delayMs = Math.min(delayMs * 2, maxDelayMs);
      }
    }
  }

  private async closeLink(): Promise<void> {
    const link = this.link;
    this.link = null;
    this.context = null;
    this.toParser = false;
    if (link) await link.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
