import { z } from 'zod';
import type { LiveMethods } from '../../../shared/api';
import { displayFilterMode, mainsSetting } from '../live/live-settings-file';
import type { ParamSchemas } from './types';
import { noParams } from './common';

export const liveSchemas = {
  'live.settings': noParams,
  'live.configure': z
    .object({ filter: displayFilterMode.optional(), mains: mainsSetting.optional() })
    .strict()
    .refine((r) => r.filter !== undefined || r.mains !== undefined, 'give filter and/or mains'),
  'live.spectrum': noParams,
} satisfies ParamSchemas<LiveMethods>;
