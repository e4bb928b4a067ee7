import type { ClisonixApi } from '../shared/api';

/** Native files in the Electron window (src/preload): real paths and the system's dialogs. */
export interface FileBridge {
  /** The path on disk of a picked or dropped file. */
  pathOf(file: File): string;
  /** The system's "Save as" dialog; null when cancelled. */
  chooseExportPath(defaultName: string): Promise<string | null>;
}

declare global {
  interface Window {
    /** Present in the Electron window (exposed by src/preload); absent in browser mode. */
    readonly clisonix?: ClisonixApi;
    /** Present in the Electron window; browser mode uploads and downloads instead. */
    readonly clisonixFiles?: FileBridge;
  }
}
