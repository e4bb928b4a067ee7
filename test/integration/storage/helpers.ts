// Real files, real filesystems, real processes for the storage tests.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSyntheticSource, defaultSyntheticOptions } from '../../../src/engine/sources/synthetic';
import type { PullSource } from '../../../src/engine/sources/pull-source';
import type { NewRecording } from '../../../src/main/storage';

export const ROOT = path.resolve(import.meta.dirname, '../../..');

export function tempDir(prefix = 'clisonix-storage-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function synthetic(channelCount: number, sampleRateHz: number, seed = 7): PullSource {
  return createSyntheticSource(defaultSyntheticOptions({ channelCount, sampleRateHz, seed }));
}

export function meta(source: PullSource, label = 'test recording'): NewRecording {
  return {
    label,
    channels: source.channelLabels.map((l) => ({ label: l })),
    sampleRateHz: source.sampleRateHz,
    board: 'cyton',
    sourceKind: 'synthetic',
  };
}

const isRoot = process.getuid?.() === 0;

function tryMount(args: string[]): boolean {
  try {
    execFileSync('mount', args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface TinyDisk {
  readonly dir: string;
  /** 'tmpfs' when a real small filesystem could be mounted (root), 'max_page_count' otherwise. */
  readonly kind: 'tmpfs' | 'max_page_count';
  /** Pages the writer may use when kind is 'max_page_count'. */
  readonly maxPageCount?: number;
  cleanup(): void;
}

/** A place that fills up after about `sizeBytes`: a real tmpfs when we may mount one, else a page-count cap. */
export function tinyDisk(sizeBytes: number): TinyDisk {
  const { dir, cleanup } = tempDir('clisonix-full-');
  if (isRoot && tryMount(['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', dir])) {
    return {
      dir,
      kind: 'tmpfs',
      cleanup: () => {
        execFileSync('umount', [dir]);
        cleanup();
      },
    };
  }
  return { dir, kind: 'max_page_count', maxPageCount: Math.floor(sizeBytes / 4096), cleanup };
}

export interface ReadOnlyPlace {
  readonly dir: string;
  readonly kind: 'read-only mount' | 'chmod';
  /** Makes the folder read-only (with what it holds). */
  lock(): void;
  unlock(): void;
  cleanup(): void;
}

/**
 * A folder that can be made read-only for real. Root ignores permission bits, so as root it is a tmpfs
 * remounted read-only; otherwise chmod does it.
 */
export function readOnlyPlace(): ReadOnlyPlace {
  const { dir, cleanup } = tempDir('clisonix-ro-');
  if (isRoot && tryMount(['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', dir])) {
    return {
      dir,
      kind: 'read-only mount',
      lock: () => execFileSync('mount', ['-o', 'remount,ro', dir]),
      unlock: () => execFileSync('mount', ['-o', 'remount,rw', dir]),
      cleanup: () => {
        execFileSync('umount', [dir]);
        cleanup();
      },
    };
  }
  mkdirSync(dir, { recursive: true });
  return {
    dir,
    kind: 'chmod',
    lock: () => chmodSync(dir, 0o555),
    unlock: () => chmodSync(dir, 0o755),
    cleanup: () => {
      chmodSync(dir, 0o755);
      cleanup();
    },
  };
}

/** Runs test/integration/storage/programs/NAME.ts in a real child process (node + tsx). */
export function spawnProgram(name: string, args: readonly string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'test/integration/storage/programs', `${name}.ts`), ...args],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] },
  );
}

/** Resolves with the first stdout line of `child` that matches, rejects if it exits first. */
export function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; stderr: ${stderr}`)),
      timeoutMs,
    );
    const onData = (d: Buffer) => {
      buffer += d.toString();
      for (const line of buffer.split('\n')) {
        if (pattern.test(line)) {
          clearTimeout(timer);
          child.stdout?.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`program exited (${code}) before printing ${pattern}; stderr: ${stderr}`));
    });
  });
}

export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Index of the first value that differs (bit for bit), or -1 when equal; length mismatch gives the shorter length. */
export function firstDifference(a: Float32Array, b: Float32Array): number {
  const n = Math.min(a.length, b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < n; i++) if (ua[i] !== ub[i]) return i;
  return a.length === b.length ? -1 : n;
}
