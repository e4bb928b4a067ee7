import type { ApiMethods } from '../../../shared/api';
import { acquisitionSchemas } from './acquisition';
import { analysisSchemas } from './analysis';
import { appSchemas } from './app';
import { devicesSchemas } from './devices';
import { engineSchemas } from './engine';
import { liveSchemas } from './live';
import { recordingSchemas } from './recording';
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
  ...liveSchemas,
  ...devicesSchemas,
  ...recordingSchemas,
  ...analysisSchemas,
  ...soundSchemas,
};
