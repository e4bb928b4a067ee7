// Which AcquisitionSource a ConnectRequest means. Serial boards and playback of stored takes register here too.
import { ApiError, type ConnectRequest } from '../../shared/api';
import type { AcquisitionSource } from '../devices/acquisition-source';
import { createDemoSource } from '../devices/demo-source';
import { createSyntheticAcquisitionSource } from '../devices/synthetic-source';
import type { RecordingStore } from '../storage';
import type { SourceFactory } from './acquisition';
import { StorePlaybackSource } from './playback-source';
import { toApiError } from './storage-errors';

export function createSourceFactory(
  resourcesDir: string,
  store: () => RecordingStore | null = () => null,
): SourceFactory {
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
      case 'playback': {
        const opened = store();
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
