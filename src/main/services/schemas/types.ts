import type { z } from 'zod';
import type { Method } from '../../../shared/api';

/** One zod schema per method, whose output must be the method's declared params type. */
export type ParamSchemas<Methods> = {
  readonly [M in keyof Methods]: Methods[M] extends Method<infer P, unknown> ? z.ZodType<P> : never;
};
