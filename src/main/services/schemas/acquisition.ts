import { z } from 'zod';
import type { AcquisitionMethods } from '../../../shared/api';
import type { ParamSchemas } from './types';
import { noParams } from './common';

const sampleRateHz = z.number().positive().max(100_000);

const syntheticSignal = z
  .object({
    channel: z.number().int().min(0).max(255),
    frequencyHz: z.number().min(0).max(50_000),
    amplitudeUv: z.number().min(0).max(1e6),
  })
  .strict();

const connectRequest = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo') }).strict(),
  z
    .object({
      kind: z.literal('synthetic'),
      channelCount: z.number().int().min(1).max(256).optional(),
      sampleRateHz: sampleRateHz.optional(),
      seed: z
        .number()
        .int()
        .min(0)
        .max(2 ** 32 - 1)
        .optional(),
      noiseUv: z.number().min(0).max(1e5).optional(),
      signals: z.array(syntheticSignal).max(1024).optional(),
    })
    .strict(),
]);

export const acquisitionSchemas = {
  'source.status': noParams,
  'source.stats': noParams,
  'source.connect': connectRequest,
  'source.disconnect': noParams,
} satisfies ParamSchemas<AcquisitionMethods>;
