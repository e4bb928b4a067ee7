// Which AcquisitionSource a ConnectRequest means. Serial boards and playback of stored takes register here too.
import { ApiError, type ConnectRequest } from '../../shared/api';
import type { AcquisitionSource } from '../devices/acquisition-source';
import { createDemoSource } from '../devices/demo-source';
import { createSyntheticAcquisitionSource } from '../devices/synthetic-source';
import type { RecordingStore } from '../storage';
import type { SourceFactory } from './acquisition';
import { StorePlaybackSource } from './playback-source';
import { toApiError } from './storage-errors';
import type { SerialSourceHooks, SerialTuning } from './serial-source';

export interface SourceFactoryOptions {
  /** Notices, board events and montages of serial sources; without them serial requests are refused. */
  readonly serial?: SerialSourceHooks;
  readonly serialTuning?: SerialTuning;
  /** The recording store, for playback of stored recordings. */
  readonly store?: () => RecordingStore | null;
}

export function createSourceFactory(resourcesDir: string, options: SourceFactoryOptions = {}): SourceFactory {
  return async (request: ConnectRequest): Promise<AcquisitionSource> => {
    switch (request.kind) {
      case 'demo':
        return createDemoSource(resourcesDir);
      case 'synthetic':
        try {
          return createSyntheticAcquisitionSource(request);
        } catch (error) {
          if (error instanceof RangeError)
            throw new ApiError({ code: 'invalid_request', message: error.message });
          throw error;
        }
      case 'serial': {
        if (!options.serial) {
          throw new ApiError({ code: 'unavailable', message: 'Serial headsets are not available here.' });
        }
        let createSerialSource;
        try {
          // node-serialport is native; loading it only for serial requests keeps the rest working without it.
          ({ createSerialSource } = await import('./serial-source'));
        } catch (error) {
          throw new ApiError({
            code: 'unavailable',
            message: `Serial headsets cannot be used: the serialport module did not load (${error instanceof Error ? error.message : String(error)}). Reinstall with npm install.`,
          });
        }
        return createSerialSource(request, options.serial, options.serialTuning);
      }
      case 'playback': {
        const opened = options.store?.() ?? null;
        if (!opened) throw new ApiError({ code: 'unavailable', message: 'Recordings are unavailable.' });
        try {
          return new StorePlaybackSource(opened, opened.resolveId(request.recordingId));
        } catch (error) {
          if (error instanceof RangeError) throw new ApiError({ code: 'conflict', message: error.message });
          throw toApiError(error);
        }
      }
    }
  };
}
