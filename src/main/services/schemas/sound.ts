import { z } from 'zod';
import { CLIP_BYTES_MAX_LENGTH, type SoundMethods } from '../../../shared/api';
import { noParams } from './common';
import type { ParamSchemas } from './types';

/** The longest symphony and brainsync the app renders (s of audio): a WAV of them is at most ~320 MB. */
export const SYMPHONY_MAX_SECONDS = 600;
export const BRAINSYNC_MAX_SECONDS_APP = 1800;

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

const jobId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\w.:-]+$/, 'use letters, digits and . _ : - only');
const label = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !hasControlCharacter(s), 'must not contain control characters');
const audioRate = z.union([z.literal(44100), z.literal(48000)]);
const source = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('recording'), id: z.string().min(1).max(100) }).strict(),
  z.object({ kind: z.literal('sample') }).strict(),
]);
const clipId = z.number().int().positive();

export const soundSchemas = {
  'sound.symphony': z
    .object({
      jobId,
      source,
      seconds: z.number().positive().max(SYMPHONY_MAX_SECONDS).optional(),
      startSeconds: z.number().min(0).max(1e7).optional(),
      speed: z.number().positive().max(64).optional(),
      sampleRateHz: audioRate.optional(),
      label: label.optional(),
    })
    .strict(),
  'sound.brainsync': z
    .object({
      jobId,
      mode: z.enum(['sleep', 'meditate', 'relax', 'focus']),
      seconds: z.number().min(1).max(BRAINSYNC_MAX_SECONDS_APP),
      sampleRateHz: audioRate.optional(),
      carrierHz: z.number().min(40).max(1500).optional(),
      source: source.nullable().optional(),
      label: label.optional(),
    })
    .strict(),
  'sound.cancel': z.object({ jobId }).strict(),
  'sound.clips': noParams,
  'sound.clip': z.object({ id: clipId }).strict(),
  'sound.clipBytes': z
    .object({
      id: clipId,
      offset: z.number().int().min(0),
      length: z.number().int().min(1).max(CLIP_BYTES_MAX_LENGTH),
    })
    .strict(),
  'sound.deleteClip': z.object({ id: clipId }).strict(),
} satisfies ParamSchemas<SoundMethods>;
