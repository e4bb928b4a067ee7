// What `clisonix symphony` and `clisonix brainsync` need from the app: an EEG source named on the command line
// (a file, or a stored recording's id in the data folder or --db), and an engine thread to render on.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import { EngineHost } from '../engine-host/engine-host';
import { StorageError, type RecordingStore } from '../storage';
import { defaultDataDir } from './paths';
import { openRecordingStore, storePath } from './recording-store';
import {
  fileSoundInput,
  recordingSoundInput,
  renderBrainsync,
  renderSymphony,
  type LoadedSoundInput,
  type RenderOptions,
} from './sound';
import type { SymphonyParamsInput } from '../../engine/symphony';
import type { BrainsyncTask, BrainsyncTaskResult, SymphonyTaskResult } from '../../engine/worker/sound-tasks';

export interface WorkbenchOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The recordings database (`--db PATH`); default the data folder's. */
  readonly db?: string;
}

export class SoundWorkbench {
  readonly #options: WorkbenchOptions;
  #store: RecordingStore | null = null;
  #engine: EngineHost | null = null;

  constructor(options: WorkbenchOptions) {
    this.#options = options;
  }

  /** `target` is a file when one exists at that path, else the id (or a unique prefix) of a stored recording. */
  async input(target: string, fromSeconds: number, toSeconds: number | null): Promise<LoadedSoundInput> {
    const file = path.resolve(this.#options.cwd, target);
    if (existsSync(file) && statSync(file).isFile()) return fileSoundInput(file);
    const dbFile = storePath(defaultDataDir(this.#options.env), this.#options.db);
    if (!this.#options.db && !existsSync(dbFile)) {
      throw new ApiError({
        code: 'not_found',
        message: `'${target}' is not a file, and there is no recordings database at ${dbFile} to look it up in`,
      });
    }
    if (!this.#store) {
      const opening = openRecordingStore(dbFile);
      if (!opening.ok) {
        throw new ApiError({ code: 'unavailable', message: `cannot open ${dbFile}: ${opening.problem}` });
      }
      this.#store = opening.store;
    }
    try {
      return recordingSoundInput(this.#store, target, fromSeconds, toSeconds);
    } catch (error) {
      if (error instanceof StorageError && error.code === 'not_found') {
        throw new ApiError({
          code: 'not_found',
          message: `'${target}' is neither a file nor a recording in ${dbFile} (${error.message})`,
        });
      }
      if (error instanceof StorageError)
        throw new ApiError({ code: 'storage_error', message: error.message });
      throw error;
    }
  }

  symphony(
    loaded: LoadedSoundInput,
    params: SymphonyParamsInput,
    title: string,
    options: RenderOptions,
  ): Promise<SymphonyTaskResult> {
    return renderSymphony(this.#startEngine(), loaded, params, title, options);
  }

  brainsync(
    request: BrainsyncTask['request'],
    loaded: LoadedSoundInput | null,
    title: string,
    options: RenderOptions,
  ): Promise<BrainsyncTaskResult> {
    return renderBrainsync(this.#startEngine(), request, loaded, title, options);
  }

  async close(): Promise<void> {
    await this.#engine?.dispose();
    this.#store?.close();
  }

  #startEngine(): EngineHost {
    this.#engine ??= new EngineHost();
    return this.#engine;
  }
}
