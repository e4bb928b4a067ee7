// Starting worker threads from TypeScript sources (dev, tests: through tsx) or from the built bundle (out/main).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Picks the built entry (`<builtName>.js` next to the running bundle) when present, else the TypeScript source.
 * `sourceUrl` is the .ts file, given as `new URL('../x/entry.ts', import.meta.url)` by the caller.
 */
export function resolveWorkerEntry(sourceUrl: URL, builtName: string, fromUrl: string): URL {
  for (const candidate of [`./${builtName}.js`, `../${builtName}.js`]) {
    const built = new URL(candidate, fromUrl);
    if (fileURLToPath(built).includes(`${path.sep}out${path.sep}`) && existsSync(built)) return built;
  }
  return sourceUrl;
}

let tsxApiUrl: string | null = null;

/** tsx's ESM API module, found through its package exports (a data: URL cannot resolve bare specifiers). */
function tsxEsmApi(): string {
  if (tsxApiUrl) return tsxApiUrl;
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  const relative = pkg.exports['./esm/api']?.import.default;
  if (!relative) throw new Error('this tsx has no ./esm/api export');
  tsxApiUrl = pathToFileURL(path.join(path.dirname(pkgFile), relative)).href;
  return tsxApiUrl;
}

export function startWorker(entry: URL, options: WorkerOptions = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // Node 20 does not apply `--import` loaders to a worker's own entry file, so a tiny ES module bootstrap
  // registers tsx inside the thread and then imports the TypeScript entry.
  const code = `import { register } from ${JSON.stringify(tsxEsmApi())};\nregister();\nawait import(${JSON.stringify(entry.href)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
}
