import { z } from 'zod';
import type { RecordingsMethods } from '../../../shared/api';
import type { ParamSchemas } from './types';

export const recordingsSchemas = {
  'recordings.list': z
    .object({
      text: z.string().max(200).optional(),
      status: z.enum(['recording', 'complete', 'interrupted']).optional(),
      trashed: z.boolean().optional(),
    })
    .strict(),
} satisfies ParamSchemas<RecordingsMethods>;
