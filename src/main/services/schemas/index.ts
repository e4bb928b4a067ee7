import type { ApiMethods } from '../../../shared/api';
import { acquisitionSchemas } from './acquisition';
import { appSchemas } from './app';
import { engineSchemas } from './engine';
import { recordingsSchemas } from './recordings';
import { sessionSchemas } from './session';
import { soundSchemas } from './sound';
import type { ParamSchemas } from './types';

/** Every method of the contract has exactly one schema here (the type fails to check if one is missing). */
export const methodSchemas: ParamSchemas<ApiMethods> = {
  ...appSchemas,
  ...acquisitionSchemas,
  ...sessionSchemas,
  ...engineSchemas,
  ...recordingsSchemas,
  ...soundSchemas,
};
