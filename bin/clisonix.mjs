#!/usr/bin/env node
// In a source checkout the command runs the TypeScript directly (through tsx), so it never lags the code;
// a build without sources runs the bundle in out/main.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));

let entry;
if (existsSync(source)) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
    entry = source;
  } catch {
    entry = built;
  }
} else {
  entry = built;
}
if (!existsSync(entry)) {
  console.error(
    'clisonix: the command is not built; run `npm install && npm run build` in the Clisonix Desktop folder.',
  );
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
await main(process.argv.slice(2));
