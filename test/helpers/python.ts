// The reference yardstick: Debian's /usr/bin/python3 with python3-scipy and python3-mne.
// Arrays cross as raw little-endian float64/float32 files (np.fromfile), everything else as JSON.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REFERENCE_PYTHON = '/usr/bin/python3';

export interface PythonRun {
  /** Python source; it reads `args` (a dict) and the arrays named in `arrays` as `arrays[name]` (numpy, float64). */
  readonly code: string;
  readonly args?: Record<string, unknown>;
  readonly arrays?: Record<string, Float64Array | Float32Array>;
  readonly timeoutMs?: number;
}

const PRELUDE = `
import json, sys
import numpy as np
_spec = json.loads(sys.stdin.read())
args = _spec["args"]
arrays = {k: np.fromfile(v["path"], dtype=v["dtype"]).astype(np.float64) for k, v in _spec["arrays"].items()}
def emit(obj):
    def conv(o):
        if isinstance(o, np.ndarray): return o.tolist()
        if isinstance(o, (np.floating, np.integer)): return o.item()
        raise TypeError(type(o))
    sys.stdout.write(json.dumps(obj, default=conv))
`;

/** Runs `code` under the reference Python and returns what it passed to `emit(...)`, parsed from JSON. */
export async function runPython<T>(run: PythonRun): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'clisonix-py-'));
  try {
    const arrays: Record<string, { path: string; dtype: string }> = {};
    for (const [name, values] of Object.entries(run.arrays ?? {})) {
      const file = path.join(dir, `${name}.bin`);
      await writeFile(file, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
      arrays[name] = { path: file, dtype: values instanceof Float64Array ? '<f8' : '<f4' };
    }
    const script = path.join(dir, 'run.py');
    await writeFile(script, `${PRELUDE}\n${run.code}\n`);
    const stdout = await new Promise<string>((resolve, reject) => {
      const child = execFile(
        REFERENCE_PYTHON,
        [script],
        { timeout: run.timeoutMs ?? 120_000, maxBuffer: 512 * 1024 * 1024 },
        (error, out, err) =>
          error ? reject(new Error(`reference python failed: ${err || error.message}`)) : resolve(out),
      );
      child.stdin?.end(JSON.stringify({ args: run.args ?? {}, arrays }));
    });
    return JSON.parse(stdout) as T;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
