// Request validation with zod: a schema per body, query and path, and a 400 invalid_request whose message names
// every field that is wrong and why.
import { z } from 'zod';
import { invalidRequest } from './errors';

/** Parses `value` or throws a 400 naming where (`body`, `query`, `path`) and what is wrong. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => {
    const field = [where, ...issue.path.map(String)].join('.');
    return `${field}: ${issue.message}`;
  });
  throw invalidRequest(problems.join('; '));
}

/** True when `s` holds NUL or another control character other than tab, line feed and carriage return. */
export function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0x7f) return true;
  }
  return false;
}

/** `s` without any control character (tab and line breaks included). */
export function withoutControlCharacters(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? '' : ch;
  }
  return out;
}

/** A string without NUL and other control characters (PostgreSQL refuses NUL; logs and UIs choke on the rest). */
export function cleanText(options: { min?: number; max: number }) {
  return z
    .string()
    .min(options.min ?? 0)
    .max(options.max)
    .refine((s) => !hasControlCharacter(s), { error: 'must not contain control characters' });
}

/** A single-line label: trimmed, 1..max characters, no control characters or line breaks. */
export function label(max = 200) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !hasControlCharacter(s) && !/[\r\n\t]/.test(s), {
      error: 'must be a single line of text',
    });
}

export const uuidParam = z.uuid({ error: 'must be a UUID' });

/** Query values arrive as strings; an integer within bounds. */
export function intQuery(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,15}$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** The email as stored: trimmed, lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
