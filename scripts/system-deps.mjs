#!/usr/bin/env node
// The Debian packages the tests use, checked one by one. Missing ones are installed with apt-get when this
// runs as root on Debian; otherwise it stops at once with the one command that installs them.
//   node scripts/system-deps.mjs            check, install what is missing where possible
//   node scripts/system-deps.mjs --check    check only (exit 1 if anything is missing)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const onPath = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
const python = (code) => spawnSync('/usr/bin/python3', ['-c', code], { stdio: 'ignore' }).status === 0;
const postgresBin = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`));

export const SYSTEM_PACKAGES = [
  { pkg: 'chromium', why: 'browser-mode end-to-end tests', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'socat', why: 'serial tests over real pseudo-terminals', present: () => onPath('socat') },
  {
    pkg: 'python3-scipy',
    why: 'reference numerics (scipy.signal)',
    present: () => python('import scipy.signal'),
  },
  { pkg: 'python3-mne', why: 'reference EDF/BDF reading (MNE)', present: () => python('import mne') },
  { pkg: 'pulseaudio', why: 'audio capture tests (a null sink)', present: () => onPath('pulseaudio') },
  { pkg: 'pulseaudio-utils', why: 'audio capture tests (pactl, pacat)', present: () => onPath('pactl') },
  { pkg: 'sox', why: 'test tones for audio capture', present: () => onPath('sox') },
  { pkg: 'dbus', why: 'a session bus for the keychain tests', present: () => onPath('dbus-run-session') },
  { pkg: 'gnome-keyring', why: 'the keychain tests', present: () => onPath('gnome-keyring-daemon') },
  {
    pkg: 'libsecret-1-dev',
    why: 'building keytar (system keychain)',
    present: () => existsSync('/usr/include/libsecret-1'),
  },
  { pkg: 'postgresql', why: 'the cloud server suite on PostgreSQL', present: postgresBin },
];

export function missingPackages() {
  return SYSTEM_PACKAGES.filter((p) => !p.present());
}

function main() {
  const checkOnly = process.argv.includes('--check');
  const missing = missingPackages();
  if (missing.length === 0) return 0;
  const names = missing.map((m) => m.pkg);
  const command = `apt-get install -y ${names.join(' ')}`;
  const canInstall = os.platform() === 'linux' && process.getuid?.() === 0 && onPath('apt-get');
  if (checkOnly || !canInstall) {
    console.error(
      `Missing system packages the tests need: ${missing.map((m) => `${m.pkg} (${m.why})`).join(', ')}.`,
    );
    console.error(`Install them with:  sudo ${command}`);
    return 1;
  }
  const log = path.join(os.tmpdir(), `clisonix-apt-${Date.now()}.log`);
  console.log(
    `Installing ${names.length} system packages the tests need with apt-get (a few minutes): ${names.join(' ')}`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    let output = execFileSync('apt-get', ['update', '-qq'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    output += execFileSync('apt-get', ['install', '-y', '-qq', ...names], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    });
    writeFileSync(log, output);
  } catch (error) {
    writeFileSync(log, `${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    console.error(`apt-get failed (log: ${log}). Install the packages by hand:  ${command}`);
    return 1;
  }
  const still = missingPackages();
  if (still.length) {
    console.error(`Still missing after apt-get: ${still.map((m) => m.pkg).join(', ')} (log: ${log}).`);
    return 1;
  }
  console.log('System packages installed.');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(main());
