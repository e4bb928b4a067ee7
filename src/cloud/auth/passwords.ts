// Password hashing: argon2id with OWASP's first recommended parameters (m = 19456 KiB, t = 2, p = 1).
// Unknown emails are verified against a dummy hash with the same parameters, so that an unknown email and a
// wrong password cost the same time and get the same answer.
import { hash, verify } from '@node-rs/argon2';

// The algorithm is @node-rs/argon2's default, argon2id (its `Algorithm` is an ambient const enum, which
// isolatedModules cannot name); needsRehash() and the tests check the `$argon2id$` prefix of every hash.
export const PASSWORD_HASH_PARAMS = {
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

const PARAMS_TAG = `$argon2id$v=19$m=${PASSWORD_HASH_PARAMS.memoryCost},t=${PASSWORD_HASH_PARAMS.timeCost},p=${PASSWORD_HASH_PARAMS.parallelism}$`;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_PARAMS);
}

/** False for a wrong password and for a hash that cannot be read; never throws. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A stored hash made with other (older) parameters, to be replaced at the next successful login. */
export function needsRehash(passwordHash: string): boolean {
  return !passwordHash.startsWith(PARAMS_TAG);
}

let dummy: Promise<string> | null = null;

/** A hash of a random password, made once, for the unknown-email path. */
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hash(crypto.randomUUID(), PASSWORD_HASH_PARAMS);
  return dummy;
}
