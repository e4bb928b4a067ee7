import type { EngineMethods } from '../../../shared/api';
import type { ParamSchemas } from './types';
import { noParams } from './common';

export const engineSchemas = {
  'engine.status': noParams,
  'engine.restart': noParams,
} satisfies ParamSchemas<EngineMethods>;
