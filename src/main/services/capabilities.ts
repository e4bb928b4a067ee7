// What this machine lets the app do, found by loading the native modules once. Each answer says what to do
// when it is missing, because "it doesn't work" is not something a technician can fix.
import type { Capability } from '../../shared/api';

async function probe(
  load: () => Promise<unknown>,
  ok: string,
  missing: (reason: string) => string,
): Promise<Capability> {
  try {
    await load();
    return { available: true, detail: ok };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    return { available: false, detail: missing(reason) };
  }
}

export interface MachineCapabilities {
  readonly serial: Capability;
  readonly storage: Capability;
  readonly keychain: Capability;
  readonly audio: Capability;
}

export async function probeCapabilities(): Promise<MachineCapabilities> {
  const [serial, storage, keychain, audio] = await Promise.all([
    probe(
      () => import('serialport'),
      'Serial headsets can be used.',
      (r) =>
        `Serial headsets cannot be used: the serialport module did not load (${r}). Reinstall with npm install.`,
    ),
    probe(
      () => import('better-sqlite3'),
      'Recordings are stored in SQLite.',
      (r) => `Recordings cannot be stored: better-sqlite3 did not load (${r}). Reinstall with npm install.`,
    ),
    probe(
      () => import('keytar'),
      'Cloud credentials are kept in the system keychain.',
      () =>
        'The system keychain is not available (the optional keytar module is not installed; it needs libsecret-1-dev to build, then npm install). Cloud credentials are kept only for this session.',
    ),
    probe(
      () => import('node-web-audio-api'),
      'Audio can be rendered and captured.',
      (r) => `Audio features are off: node-web-audio-api did not load (${r}).`,
    ),
  ]);
  return { serial, storage, keychain, audio };
}
