#!/usr/bin/env node
// Runs every bench/*.bench.ts (or those named on the command line), prints their tables and writes
// bench/results/latest.md and latest.json. Run it on a quiet machine: the figures are wall-clock.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(import.meta.dirname, '..');
const { formatTable } = await import(pathToFileURL(path.join(root, 'bench/harness.ts')).href);
const wanted = process.argv.slice(2);
const files = (await readdir(path.join(root, 'bench')))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

const header = `# Benchmark results\n\n${new Date().toISOString()} on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}\n`;
const sections = [header];
const json = { at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, tables: [] };
for (const file of files) {
  console.log(`\n== ${file} ==`);
  const mod = await import(pathToFileURL(path.join(root, 'bench', file)).href);
  const tables = await mod.run();
  for (const table of tables) {
    const text = formatTable(table);
    console.log(text);
    sections.push(text);
    json.tables.push({ file, ...table });
  }
}
await mkdir(path.join(root, 'bench/results'), { recursive: true });
await writeFile(path.join(root, 'bench/results/latest.md'), sections.join('\n'));
await writeFile(path.join(root, 'bench/results/latest.json'), JSON.stringify(json, null, 2));
console.log(`\nWritten: bench/results/latest.md, bench/results/latest.json`);
