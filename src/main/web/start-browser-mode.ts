// Browser mode in one call: services + server, for `clisonix serve` and `npm start` without Electron.
import { createAppServices } from '../services/app-services';
import { defaultDataDir, findRendererDir, findResourcesDir, readAppVersion } from '../services/paths';
import { startBrowserModeServer, type BrowserModeServer } from './browser-mode-server';

export interface StartBrowserModeOptions {
  readonly port: number;
  /** When `port` is taken, take any free port instead of failing. */
  readonly fallbackToFreePort?: boolean;
  readonly startDemo: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly token?: string;
}

export async function startBrowserMode(options: StartBrowserModeOptions): Promise<BrowserModeServer> {
  const services = createAppServices({
    mode: 'browser',
    version: readAppVersion(import.meta.url),
    dataDir: defaultDataDir(options.env),
    resourcesDir: findResourcesDir(import.meta.url),
    startDemo: options.startDemo,
  });
  const rendererDir = findRendererDir(import.meta.url);
  const common = { services, rendererDir, ...(options.token && { token: options.token }) };
  let server: BrowserModeServer;
  try {
    server = await startBrowserModeServer({ ...common, port: options.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.fallbackToFreePort) {
      await services.dispose();
      throw error;
    }
    server = await startBrowserModeServer({ ...common, port: 0 });
  }
  return {
    ...server,
    async close() {
      await server.close();
      await services.dispose();
    },
  };
}
