// Where the app keeps its data and finds its resources, the same in Electron, browser mode and the CLI.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PRODUCT_NAME = 'Clisonix Desktop';

/** `CLISONIX_HOME`, else the platform's user-data folder (the same folder Electron's app.getPath('userData') uses). */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.CLISONIX_HOME) return path.resolve(env.CLISONIX_HOME);
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** The `resources` folder: walks up from a module's location (src/..., out/main/...) to the folder that holds it. */
export function findResourcesDir(fromUrl: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'resources');
    if (existsSync(path.join(candidate, 'demo'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`cannot find the resources folder above ${fileURLToPath(fromUrl)}`);
}

/** The built renderer (out/renderer), for browser mode. */
export function findRendererDir(fromUrl: string = import.meta.url): string | null {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'out', 'renderer');
    if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.basename(dir) === 'out' && existsSync(path.join(dir, 'renderer', 'index.html'))) {
      return path.join(dir, 'renderer');
    }
    dir = path.dirname(dir);
  }
  return null;
}

/** The app's version from the package.json above a module (src/... or out/main/...). */
export function readAppVersion(fromUrl: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(fromUrl));
  for (let i = 0; i < 6; i++) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'clisonix-desktop' && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return '0.0.0-unknown';
}
