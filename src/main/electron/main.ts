// Electron entry: one window, the services behind it, the demo headset when no hardware is attached.
import path from 'node:path';
import { app, BrowserWindow } from 'electron';
import { createAppServices, type AppServices } from '../services/app-services';
import { serveOverIpc } from './ipc';
import { createMainWindow, hardenSession, rendererEntryUrl } from './window';

let services: AppServices | null = null;

if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  const [window] = BrowserWindow.getAllWindows();
  if (window) {
    if (window.isMinimized()) window.restore();
    window.focus();
  }
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  const resourcesDir = app.isPackaged
    ? path.join(process.resourcesPath, 'resources')
    : path.join(app.getAppPath(), 'resources');
  services = createAppServices({
    mode: 'electron',
    version: app.getVersion(),
    dataDir: process.env.CLISONIX_HOME ?? app.getPath('userData'),
    resourcesDir,
    startDemo: true,
  });
  const window = createMainWindow();
  const stop = serveOverIpc(services, window, rendererEntryUrl());
  window.on('closed', stop);
}

app.on('window-all-closed', () => {
  void services?.dispose().finally(() => app.quit());
});

start().catch((error: unknown) => {
  console.error('Clisonix Desktop failed to start:', error);
  app.exit(1);
});
