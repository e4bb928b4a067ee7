// Serves the services to the window over IPC: one invoke channel for calls (sender frame checked, payload
// validated by the dispatcher), events and binary sample frames pushed to the window.
import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../shared/api';
import type { AppServices } from '../services/app-services';

export function serveOverIpc(services: AppServices, window: BrowserWindow, trustedUrl: string): () => void {
  const isTrusted = (event: IpcMainInvokeEvent) =>
    event.sender === window.webContents &&
    event.senderFrame === window.webContents.mainFrame &&
    event.senderFrame.url.split('#')[0] === trustedUrl;

  ipcMain.handle(IPC_CHANNELS.call, (event, method: unknown, params: unknown) => {
    if (!isTrusted(event)) {
      return {
        ok: false,
        error: { code: 'permission_denied', message: 'Calls are accepted only from the Clisonix window.' },
      };
    }
    return services.dispatch(method, params);
  });
  ipcMain.handle(IPC_CHANNELS.chooseExportPath, async (event, defaultName: unknown) => {
    if (!isTrusted(event) || typeof defaultName !== 'string') return null;
    const chosen = await dialog.showSaveDialog(window, {
      title: 'Export recording',
      defaultPath: defaultName.replace(/[\\/]/g, '_'),
      filters: [
        { name: 'EDF+ / BDF+', extensions: ['edf', 'bdf'] },
        { name: 'CSV', extensions: ['csv'] },
      ],
    });
    return chosen.canceled || !chosen.filePath ? null : chosen.filePath;
  });
  const offEvents = services.events.onEvent((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.event, name, payload);
  });
  const offFrames = services.events.onFrame((frame) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.frame, new Uint8Array(frame));
  });
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    ipcMain.removeHandler(IPC_CHANNELS.chooseExportPath);
    offEvents();
    offFrames();
  };
}
