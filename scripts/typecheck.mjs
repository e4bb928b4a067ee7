#!/usr/bin/env node
// Typechecks every room with its own tsconfig (engine without DOM or Node, web without Node, main and preload
// against electron's own type definitions), two at a time, and fails if any of them fails.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = [
  'tsconfig.engine.json',
  'tsconfig.web.json',
  'tsconfig.preload.json',
  'tsconfig.node.json',
  'tsconfig.test.json',
];

function check(project) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [tsc, '-p', project, '--pretty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ project, code, output, ms: Date.now() - started }));
  });
}

const queue = [...projects];
const results = [];
await Promise.all(
  [0, 1].map(async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const r = await check(p);
      console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.project} (${(r.ms / 1000).toFixed(1)} s)`);
      if (r.code !== 0) process.stdout.write(r.output);
      results.push(r);
    }
  }),
);
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
