// The connected source's channels as the technician sets them up: labels (montages), gains and on/off, plus
// what the board reports besides samples (ThinkGear contact and eSense, the Cyton accelerometer), sent to the UI
// as one compact event at most a few times a second.
import { ApiError, type BoardReadings, type ChannelToggleResult, type SourceSetup } from '../../shared/api';
import { fitLabels } from '../../shared/montages';
import type { BoardEvent } from '../../engine/protocols/stream-parser';
import type { AcquisitionSource } from '../devices/acquisition-source';
import type { AcquisitionService } from './acquisition';
import type { EventHub } from './event-hub';
import type { MontageStore } from './montages';

/** Per connected source: what only the services know about it. */
interface SourceState {
  /** Hidden from the display (sources that cannot power channels down). */
  readonly hidden: boolean[];
  montage: string | null;
  readings: BoardReadings | null;
  readingsDirty: boolean;
}

export interface SourceControlsOptions {
  readonly acquisition: AcquisitionService;
  readonly events: EventHub;
  readonly montages: MontageStore | null;
  /** Minimum spacing of 'source.readings' events (default 250 ms). */
  readonly readingsIntervalMs?: number;
}

export class SourceControls {
  readonly #acquisition: AcquisitionService;
  readonly #events: EventHub;
  readonly #montages: MontageStore | null;
  readonly #readingsIntervalMs: number;
  readonly #states = new WeakMap<AcquisitionSource, SourceState>();
  #readingsTimer: NodeJS.Timeout | null = null;
  #lastReadingsAt = -Infinity;
  #lastSetupJson = '';
  readonly #unsubscribe: () => void;

  constructor(options: SourceControlsOptions) {
    this.#acquisition = options.acquisition;
    this.#events = options.events;
    this.#montages = options.montages;
    this.#readingsIntervalMs = options.readingsIntervalMs ?? 250;
    // Connecting, reconnecting and relabelling all show in the status; the setup follows it.
    this.#unsubscribe = options.events.onEvent((name) => {
      if (name === 'source.status') this.#emitSetup();
    });
  }

  dispose(): void {
    this.#unsubscribe();
    if (this.#readingsTimer) clearTimeout(this.#readingsTimer);
  }

  setup(): SourceSetup | null {
    const source = this.#acquisition.currentSource;
    const status = this.#acquisition.status;
    // A source still shaking hands may yet fail: its channels are shown once it streams.
    if (!source || status.state === 'connecting') return null;
    const state = this.#stateOf(source);
    const controls = source.controls;
    const gains = controls?.gains() ?? [];
    const poweredDown = controls?.poweredDown() ?? [];
    return {
      label: status.label,
      board: status.board,
      firmware: source.description.detail,
      channels: status.channelLabels.map((label, i) => ({
        channel: i + 1,
        label,
        gain: gains[i] ?? null,
        enabled: controls ? !poweredDown[i] : !state.hidden[i],
      })),
      gainChoices: controls?.gainChoices ?? [],
      channelPower: controls ? 'board' : 'display',
      montage: state.montage,
    };
  }

  readings(): BoardReadings | null {
    const source = this.#acquisition.currentSource;
    return source ? this.#stateOf(source).readings : null;
  }

  async setGain(channel: number, gain: number): Promise<SourceSetup> {
    const source = this.#requireSource();
    this.#checkChannel(channel);
    if (!source.controls) {
      throw new ApiError({
        code: 'conflict',
        message: `${this.#acquisition.status.label} has no programmable gain.`,
      });
    }
    await source.controls.setGain(channel, gain);
    this.#markChange(`Gain ${this.#labelOf(channel)} x${gain} (ch ${channel})`);
    return this.#publishSetup();
  }

  async setChannelEnabled(channel: number, enabled: boolean): Promise<ChannelToggleResult> {
    const source = this.#requireSource();
    this.#checkChannel(channel);
    const label = this.#acquisition.status.channelLabels[channel - 1] ?? `Ch${channel}`;
    const name = `Channel ${channel} (${label})`;
    if (source.controls) {
      await source.controls.setChannelPower(channel, enabled);
      this.#markChange(`${this.#labelOf(channel)} powered ${enabled ? 'up' : 'down'} (ch ${channel})`);
      return {
        setup: this.#publishSetup(),
        appliedOn: 'board',
        message: enabled
          ? `${name} is powered up on the board again.`
          : `${name} is powered down on the board: it sends 0 µV (recorded as a flat line) and is hidden from the display.`,
      };
    }
    this.#stateOf(source).hidden[channel - 1] = !enabled;
    return {
      setup: this.#publishSetup(),
      appliedOn: 'display',
      message: enabled
        ? `${name} is shown again.`
        : `${this.#acquisition.status.label} cannot switch channels off: ${name} is hidden from the display only and is still recorded.`,
    };
  }

  setChannelLabels(labels: readonly string[], montage: string | null): SourceSetup {
    const source = this.#requireSource();
    const fit = fitLabels(labels, this.#acquisition.status.channelLabels);
    if (!fit.ok)
      throw new ApiError({ code: 'invalid_request', message: `Cannot use these labels: ${fit.problem}.` });
    this.#stateOf(source).montage = montage;
    this.#acquisition.setChannelLabels(fit.labels);
    return this.#publishSetup();
  }

  applyMontage(name: string): SourceSetup {
    const montage = this.#montages?.get(name);
    if (!montage) throw new ApiError({ code: 'not_found', message: `There is no montage called "${name}".` });
    this.#requireSource();
    const fit = fitLabels(montage.labels, this.#acquisition.status.channelLabels);
    if (!fit.ok) {
      throw new ApiError({
        code: 'invalid_request',
        message: `The montage "${montage.name}" does not fit ${this.#acquisition.status.label}: ${fit.problem}.`,
      });
    }
    return this.setChannelLabels(fit.labels, montage.name);
  }

  /** From the serial source: a ThinkGear value. */
  boardEvent(source: AcquisitionSource, event: BoardEvent): void {
    const state = this.#stateOf(source);
    const base = state.readings ?? emptyReadings(this.#acquisition.status.segment);
    const readings: BoardReadings = {
      ...base,
      segment: this.#acquisition.status.segment,
      atSample: event.atSample,
      ...(event.kind === 'poor-signal' && { poorSignal: event.value }),
      ...(event.kind === 'attention' && { attention: event.value }),
      ...(event.kind === 'meditation' && { meditation: event.value }),
      ...(event.kind === 'blink' && { blinkStrength: event.value }),
      ...(event.kind === 'band-powers' && { bandPowers: [...event.values] }),
    };
    this.#noteReadings(source, state, readings);
  }

  /** From the serial source: the Cyton accelerometer. */
  accel(source: AcquisitionSource, atSample: number, xG: number, yG: number, zG: number): void {
    const state = this.#stateOf(source);
    const base = state.readings ?? emptyReadings(this.#acquisition.status.segment);
    this.#noteReadings(source, state, {
      ...base,
      segment: this.#acquisition.status.segment,
      atSample,
      accelG: [xG, yG, zG],
    });
  }

  #noteReadings(source: AcquisitionSource, state: SourceState, readings: BoardReadings): void {
    const before = state.readings;
    state.readings = readings;
    // A still board repeats itself 25 times a second (the Cyton's accelerometer): only changes are told.
    if (before && sameValues(before, readings)) return;
    state.readingsDirty = true;
    if (source !== this.#acquisition.currentSource || this.#readingsTimer) return;
    const waitMs = Math.max(0, this.#lastReadingsAt + this.#readingsIntervalMs - performance.now());
    this.#readingsTimer = setTimeout(() => this.#publishReadings(), waitMs);
  }

  #publishReadings(): void {
    this.#readingsTimer = null;
    const source = this.#acquisition.currentSource;
    if (!source) return;
    const state = this.#stateOf(source);
    if (!state.readings || !state.readingsDirty) return;
    state.readingsDirty = false;
    this.#lastReadingsAt = performance.now();
    this.#events.emit('source.readings', state.readings);
  }

  #stateOf(source: AcquisitionSource): SourceState {
    let state = this.#states.get(source);
    if (!state) {
      state = {
        hidden: [],
        montage: 'montage' in source && typeof source.montage === 'string' ? source.montage : null,
        readings: null,
        readingsDirty: false,
      };
      this.#states.set(source, state);
    }
    return state;
  }

  #labelOf(channel: number): string {
    return this.#acquisition.status.channelLabels[channel - 1] ?? `Ch${channel}`;
  }

  /**
   * A change on the board while streaming is marked in the stream, so that a recording shows where the scale or
   * a channel's power changed (the firmware does not say at which packet it took effect: a few packets in flight
   * around the marker may carry the old setting).
   */
  #markChange(label: string): void {
    if (this.#acquisition.status.state !== 'streaming') return;
    try {
      this.#acquisition.addMarker(label, 'api');
    } catch {
      // No sample has arrived yet in this segment: there is nothing to mark.
    }
  }

  #requireSource(): AcquisitionSource {
    const source = this.#acquisition.currentSource;
    if (!source) {
      throw new ApiError({
        code: 'conflict',
        message: 'No source is connected: connect one on the Devices page first.',
      });
    }
    return source;
  }

  #checkChannel(channel: number): void {
    const count = this.#acquisition.status.channelLabels.length;
    if (channel > count) {
      throw new ApiError({
        code: 'invalid_request',
        message: `Channel ${channel} does not exist: ${this.#acquisition.status.label} has channels 1-${count}.`,
      });
    }
  }

  /** Emits the setup when it changed since it was last told. */
  #emitSetup(): SourceSetup | null {
    const setup = this.setup();
    const json = JSON.stringify(setup);
    if (json !== this.#lastSetupJson) {
      this.#lastSetupJson = json;
      this.#events.emit('source.setup', setup);
    }
    return setup;
  }

  /** After a change the caller made: the new setup, told to every UI (the change alters it, so it is told). */
  #publishSetup(): SourceSetup {
    const setup = this.#emitSetup();
    if (!setup) throw new ApiError({ code: 'conflict', message: 'The source was disconnected meanwhile.' });
    return setup;
  }
}

function sameValues(a: BoardReadings, b: BoardReadings): boolean {
  return JSON.stringify({ ...a, atSample: 0 }) === JSON.stringify({ ...b, atSample: 0 });
}

function emptyReadings(segment: number): BoardReadings {
  return {
    segment,
    atSample: 0,
    poorSignal: null,
    attention: null,
    meditation: null,
    blinkStrength: null,
    bandPowers: null,
    accelG: null,
  };
}
