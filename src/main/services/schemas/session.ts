import type { SessionMethods } from '../../../shared/api';
import type { ParamSchemas } from './types';
import { noParams } from './common';

export const sessionSchemas = {
  'recording.state': noParams,
  'sync.state': noParams,
} satisfies ParamSchemas<SessionMethods>;
