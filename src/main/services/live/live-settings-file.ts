// The Live page's display settings, kept in a small JSON file in the data folder so they survive restarts.
// A missing file means the defaults; a damaged one too, with the reason said once (nothing else is lost).
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { LiveDisplaySettings } from '../../../shared/api';

export const LIVE_SETTINGS_FILE = 'live-settings.json';

/** Band-pass + notch with the mains frequency detected: readable traces from the first second on most benches. */
export const DEFAULT_LIVE_SETTINGS: LiveDisplaySettings = { filter: 'band-pass-notch', mains: 'auto' };

export const displayFilterMode = z.enum(['off', 'band-pass', 'band-pass-notch']);
export const mainsSetting = z.union([z.literal(50), z.literal(60), z.literal('auto')]);

export function liveSettingsPath(dataDir: string): string {
  return path.join(dataDir, LIVE_SETTINGS_FILE);
}

export function loadLiveSettings(file: string): { settings: LiveDisplaySettings; problem: string | null } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { settings: DEFAULT_LIVE_SETTINGS, problem: null };
    return {
      settings: DEFAULT_LIVE_SETTINGS,
      problem: `${file} cannot be read (${(error as Error).message})`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { settings: DEFAULT_LIVE_SETTINGS, problem: `${file} is not valid JSON` };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { settings: DEFAULT_LIVE_SETTINGS, problem: `${file} does not hold a settings object` };
  }
  // Unknown fields (from a newer version) are ignored; a wrong value falls back to its own default alone.
  const record = json as Record<string, unknown>;
  const problems: string[] = [];
  const field = <T>(name: keyof LiveDisplaySettings, schema: z.ZodType<T>, fallback: T): T => {
    if (record[name] === undefined) return fallback;
    const parsed = schema.safeParse(record[name]);
    if (parsed.success) return parsed.data;
    problems.push(`${name} ${JSON.stringify(record[name])} is not one of the choices`);
    return fallback;
  };
  const settings: LiveDisplaySettings = {
    filter: field('filter', displayFilterMode, DEFAULT_LIVE_SETTINGS.filter),
    mains: field('mains', mainsSetting, DEFAULT_LIVE_SETTINGS.mains),
  };
  return { settings, problem: problems.length ? `${file}: ${problems.join('; ')}` : null };
}

/** Written to a temporary file and renamed over the old one, so a crash mid-write leaves either version whole. */
export async function saveLiveSettings(file: string, settings: LiveDisplaySettings): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
}
