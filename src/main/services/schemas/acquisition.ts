import { z } from 'zod';
import type { AcquisitionMethods } from '../../../shared/api';
import type { ParamSchemas } from './types';
import { noParams } from './common';
import { serialConnectRequest } from './serial';

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

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
  serialConnectRequest,
  z.object({ kind: z.literal('playback'), recordingId: z.string().trim().min(4).max(64) }).strict(),
]);

export const acquisitionSchemas = {
  'source.status': noParams,
  'source.stats': noParams,
  'source.connect': connectRequest,
  'source.disconnect': noParams,
  'marker.add': z
    .object({
      label: z
        .string()
        .trim()
        .min(1, 'a marker needs a label')
        .max(80, 'marker labels are at most 80 characters')
        // EDF+ annotations carry the label; their separators (0x14, 0x15) and other control bytes may not appear.
        .refine((label) => !hasControlCharacter(label), 'marker labels cannot contain control characters'),
      source: z.enum(['key', 'button', 'api']),
    })
    .strict(),
} satisfies ParamSchemas<AcquisitionMethods>;
