import type { AppMethods } from '../../../shared/api';
import type { ParamSchemas } from './types';
import { noParams } from './common';

export const appSchemas = {
  'app.info': noParams,
  'app.notices': noParams,
} satisfies ParamSchemas<AppMethods>;
