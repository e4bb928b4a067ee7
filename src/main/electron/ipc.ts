// Serves the services to the window over IPC: one invoke channel for calls (sender frame checked, payload
// validated by the dispatcher), events and binary sample frames pushed to the window.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
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
  const offEvents = services.events.onEvent((name, payload) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.event, name, payload);
  });
  const offFrames = services.events.onFrame((frame) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_CHANNELS.frame, new Uint8Array(frame));
  });
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    offEvents();
    offFrames();
  };
}
