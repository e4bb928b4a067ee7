// The sandboxed preload: exposes ClisonixApi as window.clisonix, one function per member, over three IPC
// channels. It decodes sample frames here so the page receives typed arrays, never raw IPC objects.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import {
  ApiError,
  type ApiEvents,
  type CallOutcome,
  type ClisonixApi,
  type EventName,
  IPC_CHANNELS,
  type MethodName,
  type ParamsOf,
  type ResultOf,
} from '../shared/api';
import { decodeFrame, type SampleFrame } from '../shared/frames';

const api: ClisonixApi = {
  transport: 'ipc',
  async call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const outcome = (await ipcRenderer.invoke(IPC_CHANNELS.call, method, params)) as CallOutcome<ResultOf<M>>;
    if (outcome.ok) return outcome.result;
    throw new ApiError(outcome.error);
  },
  on<E extends EventName>(event: E, listener: (payload: ApiEvents[E]) => void) {
    const handler = (_: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as ApiEvents[E]);
    };
    ipcRenderer.on(IPC_CHANNELS.event, handler);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.event, handler);
    };
  },
  onFrame(listener: (frame: SampleFrame) => void) {
    const handler = (_: IpcRendererEvent, bytes: Uint8Array) => listener(decodeFrame(bytes));
    ipcRenderer.on(IPC_CHANNELS.frame, handler);
    return () => {
      ipcRenderer.removeListener(IPC_CHANNELS.frame, handler);
    };
  },
};

contextBridge.exposeInMainWorld('clisonix', api);

// Native files: the path of a picked or dropped file, and the "Save as" dialog for exports. Paths go to the
// services as ordinary 'recordings.import' / 'recordings.export' parameters.
contextBridge.exposeInMainWorld('clisonixFiles', {
  pathOf: (file: File): string => webUtils.getPathForFile(file),
  chooseExportPath: (defaultName: string): Promise<string | null> =>
    ipcRenderer.invoke(IPC_CHANNELS.chooseExportPath, defaultName) as Promise<string | null>,
});
