// What `clisonix symphony` and `clisonix brainsync` share: parsing numbers, writing the WAV whole or not at all,
// turning the services' errors into one line for the user, and Ctrl-C as a cancel.
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ApiError } from '../../shared/api';
import { type CliIo, UsageError, UserError } from '../command';

export function numberOption(
  name: string,
  value: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, not '${value}'`);
  }
  return n;
}

export function rateOption(value: string | undefined): 44100 | 48000 | undefined {
  if (value === undefined) return undefined;
  if (value === '44100' || value === '48000') return Number(value) as 44100 | 48000;
  throw new UsageError(`--rate must be 44100 or 48000, not '${value}'`);
}

/** Writes next to the target and renames, so an interrupted write never leaves a half WAV under its name. */
export async function writeWavFile(io: CliIo, out: string, bytes: Uint8Array): Promise<string> {
  const file = path.resolve(io.cwd, out);
  const partial = `${file}.partial`;
  try {
    await writeFile(partial, bytes);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw new UserError(`cannot write ${file}: ${(error as Error).message}`);
  }
  return file;
}

/** Aborted when the user presses Ctrl-C (or the process is asked to stop). */
export function interruptSignal(io: CliIo): AbortSignal {
  const controller = new AbortController();
  void io.interrupted.then(() => controller.abort());
  return controller.signal;
}

/** The services' errors as one line for the user; anything else is a bug and goes up. */
export function asUserError(error: unknown): unknown {
  if (error instanceof ApiError) {
    return new UserError(
      error.code === 'cancelled' ? `${error.message.replace(/\.$/, '')}; nothing was written` : error.message,
    );
  }
  return error;
}
