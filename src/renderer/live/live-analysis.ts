// What the services say about the live view besides the samples: the display filter in force and the latest
// rolling spectrum. Kept for the whole page (like LiveBuffer), so coming back to Live shows them at once.
import type { ClisonixApi, LiveSettingsState, LiveSpectrumUpdate } from '../../shared/api';
import { connectionOf } from '../api/get-api';

export class LiveAnalysis {
  settings: LiveSettingsState | null = null;
  spectrum: LiveSpectrumUpdate | null = null;
  /** Spectrum updates received (for tests and the panel's liveliness). */
  updates = 0;
  readonly #listeners = new Set<() => void>();
  readonly #settingsListeners = new Set<(state: LiveSettingsState) => void>();

  attach(api: ClisonixApi): () => void {
    const offSettings = api.on('live.settings', (state) => this.#setSettings(state));
    const offSpectrum = api.on('live.spectrum', (update) => this.#setSpectrum(update));
    const load = () => {
      api.call('live.settings', {}).then(
        (state) => this.#setSettings(state),
        () => undefined, // the app's own banner says when the services cannot be reached
      );
      api.call('live.spectrum', {}).then(
        (update) => {
          if (update && !this.spectrum) this.#setSpectrum(update);
        },
        () => undefined,
      );
    };
    const connection = connectionOf(api);
    const offConnection = connection.subscribe((state) => {
      if (state === 'open') load();
    });
    load();
    return () => {
      offSettings();
      offSpectrum();
      offConnection();
    };
  }

  /** For useSyncExternalStore: called after any change. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Called with each new display filter state (before any frame filtered by it arrives). */
  onSettings(listener: (state: LiveSettingsState) => void): () => void {
    this.#settingsListeners.add(listener);
    return () => this.#settingsListeners.delete(listener);
  }

  #setSettings(state: LiveSettingsState): void {
    this.settings = state;
    for (const l of this.#settingsListeners) l(state);
    this.#notify();
  }

  #setSpectrum(update: LiveSpectrumUpdate): void {
    this.spectrum = update;
    this.updates++;
    this.#notify();
  }

  #notify(): void {
    for (const l of this.#listeners) l();
  }
}
