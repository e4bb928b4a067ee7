// The Live page's service: the display filter on the UI's frames (settings saved in the data folder), mains
// detection for its "Auto" notch, and the rolling spectrum / band powers / quality computed by the engine worker
// from the raw blocks, several times a second, while someone is watching.
import {
  ApiError,
  type LiveConfigureRequest,
  type LiveDisplaySettings,
  type LiveSettingsState,
  type LiveSpectrumUpdate,
  type MainsDetection,
  type Notice,
} from '../../../shared/api';
import type { SampleBlock } from '../../../shared/samples';
import {
  DisplayFilterChain,
  MainsDetector,
  planDisplayFilter,
  type DisplayFilterPlan,
} from '../../../engine/live';
import type { AcquisitionService, BlockConsumer, DisplayFilter } from '../acquisition';
import type { EventHub } from '../event-hub';
import { loadLiveSettings, saveLiveSettings } from './live-settings-file';
import { type AnalyseWindow, LiveSpectrumConsumer } from './live-spectrum-consumer';

export interface LiveServiceOptions {
  readonly events: EventHub;
  readonly acquisition: AcquisitionService;
  readonly analyse: AnalyseWindow;
  /** False while the engine is (re)starting (see LiveSpectrumConsumerOptions.engineReady). */
  readonly engineReady?: () => boolean;
  /** The JSON file the display settings are kept in. */
  readonly settingsFile: string;
  readonly notify: (level: Notice['level'], message: string) => void;
  /** Time between spectrum updates (default 250 ms: four a second). */
  readonly tickIntervalMs?: number;
}

export class LiveService implements DisplayFilter {
  readonly #options: LiveServiceOptions;
  readonly #consumer: LiveSpectrumConsumer;
  readonly #mains = new MainsDetector();
  readonly #removeConsumer: () => void;
  readonly #timer: NodeJS.Timeout;
  #settings: LiveDisplaySettings;
  #sampleRateHz = 0;
  #mainsChecked = false;
  #plan: DisplayFilterPlan = { bandPass: null, notchHz: null };
  #state: LiveSettingsState;
  #chain: DisplayFilterChain | null = null;
  #latest: LiveSpectrumUpdate | null = null;
  #filterFailure: string | null = null;

  constructor(options: LiveServiceOptions) {
    this.#options = options;
    const loaded = loadLiveSettings(options.settingsFile);
    this.#settings = loaded.settings;
    if (loaded.problem) {
      options.notify('warning', `The Live page's display settings were reset: ${loaded.problem}`);
    }
    this.#state = this.#resolve();
    this.#consumer = new LiveSpectrumConsumer({
      analyse: options.analyse,
      ...(options.engineReady && { engineReady: options.engineReady }),
      publish: (update) => {
        this.#latest = update;
        options.events.emit('live.spectrum', update);
      },
      onMainsSeen: (hz) => {
        const first = !this.#mainsChecked;
        this.#mainsChecked = true;
        if (this.#mains.update(hz) || first) this.#replan();
      },
    });
    const consumer: BlockConsumer = {
      block: (block, segment) => this.#consumer.block(block, segment),
      gap: (gap, segment) => {
        this.#consumer.gap(gap, segment);
        this.#chain?.reset();
      },
      segmentStarted: (segment, status) => {
        this.#consumer.segmentStarted(segment, status);
        if (status.sampleRateHz > 0 && status.sampleRateHz !== this.#sampleRateHz) {
          this.#sampleRateHz = status.sampleRateHz;
          this.#replan();
        }
      },
    };
    this.#removeConsumer = options.acquisition.addConsumer(consumer);
    options.acquisition.setDisplayFilter(this);
    // Nobody watching (no UI attached): no spectrum is worth the engine's time.
    this.#timer = setInterval(() => {
      if (options.events.frameListenerCount > 0) this.#consumer.tick();
    }, options.tickIntervalMs ?? 250);
    this.#timer.unref();
  }

  get state(): LiveSettingsState {
    return this.#state;
  }

  get latestSpectrum(): LiveSpectrumUpdate | null {
    return this.#latest;
  }

  /** The spectrum consumer, for tests and the benchmark (tick counts, busy state). */
  get spectrum(): LiveSpectrumConsumer {
    return this.#consumer;
  }

  async configure(request: LiveConfigureRequest): Promise<LiveSettingsState> {
    this.#settings = { ...this.#settings, ...request };
    this.#replan();
    try {
      await saveLiveSettings(this.#options.settingsFile, this.#settings);
    } catch (error) {
      throw new ApiError({
        code: 'storage_error',
        message: `The display filter is changed for now but could not be saved for next time: ${
          error instanceof Error ? error.message : String(error)
        }`,
      });
    }
    return this.#state;
  }

  /** The display filter: a filtered copy of each block bound for the UI (the block itself is never changed). */
  apply(block: SampleBlock, segment: number): SampleBlock {
    if (block.sampleRateHz !== this.#sampleRateHz) {
      this.#sampleRateHz = block.sampleRateHz;
      this.#replan();
    }
    if (!this.#state.applied.filtered) return block;
    try {
      if (!this.#chain?.fits(block)) {
        this.#chain = new DisplayFilterChain(this.#plan, block.channelCount, block.sampleRateHz);
      }
      return this.#chain.process(block, segment);
    } catch (error) {
      // The traces must keep moving whatever the filter does: show them raw and say why, once.
      const reason = error instanceof Error ? error.message : String(error);
      if (reason !== this.#filterFailure) {
        this.#filterFailure = reason;
        this.#options.notify(
          'error',
          `The display filter failed, so the traces are shown unfiltered: ${reason}`,
        );
      }
      return block;
    }
  }

  dispose(): void {
    clearInterval(this.#timer);
    this.#removeConsumer();
    this.#options.acquisition.setDisplayFilter(null);
  }

  #mainsState(): MainsDetection {
    const detectedHz = this.#mains.detectedHz;
    const label =
      detectedHz !== null
        ? `Auto (${detectedHz} Hz detected)`
        : this.#mainsChecked
          ? 'Auto (no mains hum found)'
          : 'Auto (detecting…)';
    return { detectedHz, label };
  }

  #resolve(): LiveSettingsState {
    const { plan, applied } = planDisplayFilter(this.#settings, this.#sampleRateHz, this.#mains.detectedHz);
    this.#plan = plan;
    return { settings: this.#settings, applied, mains: this.#mainsState() };
  }

  #replan(): void {
    const before = this.#state;
    this.#state = this.#resolve();
    const plan = this.#state.applied;
    if (
      plan.notchHz !== before.applied.notchHz ||
      plan.bandPass?.lowHz !== before.applied.bandPass?.lowHz ||
      plan.bandPass?.highHz !== before.applied.bandPass?.highHz
    ) {
      this.#chain = null;
    }
    if (JSON.stringify(before) !== JSON.stringify(this.#state)) {
      this.#options.events.emit('live.settings', this.#state);
    }
  }
}
