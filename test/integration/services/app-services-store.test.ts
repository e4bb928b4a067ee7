// The services open the recording store in the data folder, close what a crash left open, and tell the person
// at the bench about it even when no UI was connected yet.
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppServices } from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';
import { REPO_ROOT } from '../../helpers/cli';

const resourcesDir = findResourcesDir(import.meta.url);

describe('services and the recording store', () => {
  it('recovers a recording left open by a crash and says so through app.notices', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-services-'));
    const file = path.join(dataDir, 'recordings.db');
    // A recording whose writer died with its process: another process creates it and exits without closing it.
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { RecordingStore } from ${JSON.stringify(path.join(REPO_ROOT, 'src/main/storage/index.ts'))};
         const store = RecordingStore.open(${JSON.stringify(file)});
         store.createRecording({ label: 'Resting state, subject 7', sampleRateHz: 250, channels: [{ label: 'Fp1' }, { label: 'Fp2' }], board: 'cyton' });
         process.exit(0);`,
      ],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(child.status, child.stderr).toBe(0);

    const services = createAppServices({ mode: 'browser', version: 't', dataDir, resourcesDir });
    try {
      const notices = await services.dispatch('app.notices', {});
      const listed = await services.dispatch('recordings.list', {});
      expect(listed).toMatchObject({
        ok: true,
        result: [{ label: 'Resting state, subject 7', status: 'interrupted' }],
      });
      expect(notices).toMatchObject({
        ok: true,
        result: [
          { level: 'warning', message: expect.stringContaining('"Resting state, subject 7"') as unknown },
        ],
      });
      const info = await services.dispatch('app.info', {});
      expect(info).toMatchObject({ ok: true, result: { capabilities: { storage: { available: true } } } });
    } finally {
      await services.dispose();
    }
  });

  it('explains why recordings are unavailable when the store cannot be opened', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'clisonix-services-'));
    const notADatabase = path.join(dataDir, 'recordings.db');
    await writeFile(notADatabase, 'this is a text file, not SQLite');
    const services = createAppServices({ mode: 'browser', version: 't', dataDir, resourcesDir });
    try {
      const listed = await services.dispatch('recordings.list', {});
      expect(listed).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(!listed.ok && listed.error.message).toMatch(/^Recordings are unavailable: /);
      const notices = await services.dispatch('app.notices', {});
      expect(notices).toMatchObject({
        ok: true,
        result: [
          { level: 'error', message: expect.stringMatching(/^Recordings cannot be saved: /) as unknown },
        ],
      });
      const info = await services.dispatch('app.info', {});
      expect(info).toMatchObject({ ok: true, result: { capabilities: { storage: { available: false } } } });
    } finally {
      await services.dispose();
    }
  });
});
