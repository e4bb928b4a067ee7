import type { ClisonixApi } from '../shared/api';

declare global {
  interface Window {
    /** Present in the Electron window (exposed by src/preload); absent in browser mode. */
    readonly clisonix?: ClisonixApi;
  }
}
