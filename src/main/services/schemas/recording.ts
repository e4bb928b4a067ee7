import { z } from 'zod';
import type { RecordingMethods } from '../../../shared/api';
import type { ParamSchemas } from './types';
import { noParams } from './common';

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Printable text without control characters (labels end up in EDF+ headers and annotations). */
export function plainText(what: string, max: number) {
  return z
    .string()
    .max(max, `${what} is at most ${max} characters`)
    .refine((text) => !hasControlCharacter(text), `${what} cannot contain control characters`);
}

export const recordingLabel = plainText('the label', 200).refine(
  (label) => label.trim().length > 0,
  'a recording needs a label',
);

export const recordingSchemas = {
  'recording.start': z
    .object({
      label: recordingLabel,
      subjectCode: plainText('the subject code', 80).optional(),
      technician: plainText('the technician', 80).optional(),
      notes: z.string().max(10_000, 'notes are at most 10,000 characters').optional(),
    })
    .strict(),
  'recording.stop': noParams,
} satisfies ParamSchemas<RecordingMethods>;
