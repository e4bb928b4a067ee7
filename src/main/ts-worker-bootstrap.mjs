// Runs a TypeScript worker from source (tests, development). Node 20 does not apply `--import tsx` given in a
// Worker's execArgv to the worker's entry module, so the worker starts here, registers tsx, then imports it.
// Only used when the app runs from .ts files; built workers are plain .js siblings (see worker-entry.ts).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsWorkerEntry);
