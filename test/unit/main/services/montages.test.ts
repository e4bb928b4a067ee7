import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MontageStore, PRESETS_FILE } from '../../../../src/main/services/montages';
import { findResourcesDir } from '../../../../src/main/services/paths';
import { ELECTRODES_10_10, ELECTRODES_10_20 } from '../../../../src/shared/montages';

const presets = path.join(findResourcesDir(import.meta.url), PRESETS_FILE);

async function folder(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'clisonix-montages-'));
}

describe('montages', () => {
  it('ships the OpenBCI Ultracortex positions and a frontal/occipital set, all standard 10-20/10-10 names', async () => {
    const store = MontageStore.open(presets, path.join(await folder(), 'montages.json'));
    expect(store.problems).toEqual([]);
    const builtIn = store.list();
    expect(builtIn.every((m) => m.builtIn)).toBe(true);
    expect(store.get('OpenBCI Cyton 8-ch (Ultracortex)')).toMatchObject({
      board: 'cyton',
      labels: ['Fp1', 'Fp2', 'C3', 'C4', 'P7', 'P8', 'O1', 'O2'],
    });
    const daisy = store.get('openbci cyton + daisy 16-ch (ultracortex)'); // names match whatever the case
    expect(daisy?.labels.slice(0, 8)).toEqual(store.get('OpenBCI Cyton 8-ch (Ultracortex)')?.labels);
    expect(daisy?.labels.slice(8)).toEqual(['F7', 'F8', 'F3', 'F4', 'T7', 'T8', 'P3', 'P4']);
    expect(store.get('Frontal and occipital 8-ch')?.labels).toHaveLength(8);
    const standard = new Set([...ELECTRODES_10_20, ...ELECTRODES_10_10]);
    for (const m of builtIn)
      expect(
        m.labels.filter((l) => !standard.has(l)),
        m.name,
      ).toEqual([]);
  });

  it('saves, replaces and deletes montages in the data folder, and reads them back after a restart', async () => {
    const dir = await folder();
    const file = path.join(dir, 'montages.json');
    const store = MontageStore.open(presets, file);
    store.save({ name: 'Sleep lab', labels: ['C3', 'C4', 'O1'], board: 'cyton', description: 'room 2' });
    store.save({ name: 'ERP', labels: ['Cz'] });
    store.save({ name: 'sleep LAB', labels: ['C3', 'C4', 'O2'] }); // same name: replaces
    const again = MontageStore.open(presets, file);
    const saved = again.list().filter((m) => !m.builtIn);
    expect(saved).toEqual([
      { name: 'ERP', labels: ['Cz'], builtIn: false, description: null, board: null },
      { name: 'sleep LAB', labels: ['C3', 'C4', 'O2'], builtIn: false, description: null, board: null },
    ]);
    expect(
      again
        .delete('erp')
        .filter((m) => !m.builtIn)
        .map((m) => m.name),
    ).toEqual(['sleep LAB']);
    expect(MontageStore.open(presets, file).get('ERP')).toBeUndefined();
    expect(await readdir(dir)).toEqual(['montages.json']); // no temporary file left behind
  });

  it('refuses to replace or delete a built-in montage, and to delete one that does not exist', async () => {
    const store = MontageStore.open(presets, path.join(await folder(), 'montages.json'));
    expect(() => store.save({ name: 'OpenBCI Cyton 8-ch (ULTRACORTEX)', labels: ['Cz'] })).toThrow(
      /is a built-in montage and cannot be replaced: save yours under another name/,
    );
    expect(() => store.delete('Frontal and occipital 8-ch')).toThrow(
      /built-in montage and cannot be deleted/,
    );
    expect(() => store.delete('Nothing')).toThrow('There is no saved montage called "Nothing".');
  });

  it('keeps an unreadable file aside, says so, and starts a new one', async () => {
    const dir = await folder();
    const file = path.join(dir, 'montages.json');
    await writeFile(file, '{"montages": [{"name": "Half", "labels": ["Fp1", "Fp1"]}]}');
    const store = MontageStore.open(presets, file, () => 1234);
    expect(store.problems).toHaveLength(1);
    expect(store.problems[0]).toMatch(
      /Your saved montages could not be read \(montages.0.labels: channels 1 and 2 are both labelled "Fp1"\); the file was kept as .*montages.unreadable-1234.json/,
    );
    expect(await readFile(path.join(dir, 'montages.unreadable-1234.json'), 'utf8')).toContain('"Half"');
    store.save({ name: 'Fresh', labels: ['Oz'] });
    expect(MontageStore.open(presets, file).get('Fresh')?.labels).toEqual(['Oz']);

    await writeFile(file, 'not json');
    expect(MontageStore.open(presets, file, () => 99).problems[0]).toMatch(/could not be read \(.*JSON/);
  });

  it('works without its presets, saying why', async () => {
    const dir = await folder();
    const store = MontageStore.open(path.join(dir, 'missing.json'), path.join(dir, 'montages.json'));
    expect(store.problems[0]).toMatch(/The built-in montages \(.*missing.json\) could not be read/);
    expect(store.list()).toEqual([]);
  });
});
