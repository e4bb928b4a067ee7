// The one way the app starts a worker thread. Bundled, a worker is a .js file that electron-vite emits next to
// the main bundle; from source (tests, development) it is a .ts file run through tsx. Node 20 does not apply
// loader hooks given as `execArgv: ['--import', 'tsx']` to a worker's own entry module, so a .ts worker starts
// from a tiny evaluated bootstrap that registers tsx inside the new thread and then imports the entry.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Which file to run: when the caller itself runs from source (its URL ends in .ts), the TypeScript `source`;
 * when bundled, `<builtName>.js` in the caller's folder or its parent (shared code lands in chunks/).
 */
export function workerModuleUrl(callerUrl: string, source: URL, builtName: string): URL {
  if (callerUrl.endsWith('.ts')) return source;
  const dir = dirname(fileURLToPath(callerUrl));
  for (const candidate of [join(dir, `${builtName}.js`), join(dir, '..', `${builtName}.js`)]) {
    if (existsSync(candidate)) return pathToFileURL(candidate);
  }
  throw new Error(
    `the ${builtName} worker is missing: expected ${builtName}.js next to ${fileURLToPath(callerUrl)}`,
  );
}

export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const href = JSON.stringify(entry.href);
  const bootstrap = `
    const { createRequire } = require('node:module');
    const { pathToFileURL } = require('node:url');
    const { dirname, join } = require('node:path');
    // tsx's ESM API (the "import" export of tsx/esm/api), found from tsx's package.json beside the app.
    const tsxRoot = dirname(createRequire(${href}).resolve('tsx/package.json'));
    import(pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href)
      .then((api) => { api.register(); return import(${href}); })
      .catch((error) => setImmediate(() => { throw error; }));`;
  return new Worker(bootstrap, { ...options, eval: true });
}
