// The import arrows of ARCHITECTURE.md are enforced by the project's real ESLint configuration.
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
// The project's own eslint.config.js, minus type-aware linting (the probe files exist only in memory).
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [
    tseslint.configs.disableTypeChecked,
    { languageOptions: { parserOptions: { projectService: false } } },
  ],
});

async function roomProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'clisonix/room-boundaries')
    .map((m) => m.message);
}

describe('room boundaries lint rule', () => {
  it.each([
    [
      'src/engine/dsp/probe.ts',
      "import { EventHub } from '../../main/services/event-hub';\nexport const x = EventHub;",
      /engine -> main-services/,
    ],
    [
      'src/engine/dsp/probe.ts',
      "import { readFile } from 'node:fs';\nexport const x = readFile;",
      /may not import 'node:fs'/,
    ],
    ['src/engine/dsp/probe.ts', "import fs from 'fs';\nexport const x = fs;", /may not import 'fs'/],
    ['src/engine/dsp/probe.ts', "export const x = import('../../renderer/app/App');", /engine -> renderer/],
    ['src/shared/probe.ts', "export { PacedSource } from '../main/devices/paced-source';", /shared -> main/],
    [
      'src/renderer/probe.ts',
      "import { EventHub } from '../main/services/event-hub';\nexport const x = EventHub;",
      /renderer -> main-services/,
    ],
    [
      'src/renderer/probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;",
      /may not import 'electron'/,
    ],
    [
      'src/main/services/probe.ts',
      "import { app } from 'electron';\nexport const x = app;",
      /may not import 'electron'/,
    ],
    [
      'src/main/services/probe.ts',
      "import { App } from '../../renderer/app/App';\nexport const x = App;",
      /main-services -> renderer/,
    ],
    [
      'src/sdk/probe.ts',
      "import { createHash } from 'node:crypto';\nexport const x = createHash;",
      /may not import 'node:crypto'/,
    ],
    [
      'src/cli/probe.ts',
      "import { PacedSource } from '../main/devices/paced-source';\nexport const x = PacedSource;",
      /cli -> main/,
    ],
    [
      'src/preload/probe.ts',
      "import { EventHub } from '../main/services/event-hub';\nexport const x = EventHub;",
      /preload -> main-services/,
    ],
    [
      'src/engine/symphony/probe.ts',
      "import { OfflineAudioContext } from 'node-web-audio-api';\nexport const x = OfflineAudioContext;",
      /may not import 'node-web-audio-api'/,
    ],
  ])('fails %s importing across a forbidden arrow', async (file, code, message) => {
    const problems = await roomProblems(file, code);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each([
    [
      'src/engine/dsp/probe.ts',
      "import type { SampleBlock } from '../../shared/samples';\nexport type X = SampleBlock;",
    ],
    [
      'src/main/services/probe.ts',
      "import { createPlaybackSource } from '../../engine/sources/playback';\nexport const x = createPlaybackSource;",
    ],
    ['src/main/electron/probe.ts', "import { app } from 'electron';\nexport const x = app;"],
    [
      'src/cli/probe.ts',
      "import { EventHub } from '../main/services/event-hub';\nexport const x = EventHub;",
    ],
    [
      'src/engine/worker/probe.ts',
      "import { parentPort } from 'node:worker_threads';\nexport const x = parentPort;",
    ],
    ['src/engine/worker/probe.ts', "export const load = () => import('node-web-audio-api');"],
  ])('allows %s along a permitted arrow', async (file, code) => {
    expect(await roomProblems(file, code)).toEqual([]);
  });
});
