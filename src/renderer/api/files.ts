// Files in and out of the services, whichever way the UI runs. Browser mode has no file dialogs and no paths: a
// picked or dropped file is uploaded to the server (token-protected, streamed to its uploads folder) and imported
// from there; an export lands in the data folder's exports/ and is downloaded by a link. In Electron the preload's
// file bridge gives real paths and native dialogs.
import type { ClisonixApi } from '../../shared/api';

function token(): string {
  return new URLSearchParams(window.location.search).get('token') ?? '';
}

/** True when files go through the browser-mode server (upload and download) rather than local paths. */
export function usesUploads(api: ClisonixApi): boolean {
  return api.transport === 'websocket' || !window.clisonixFiles;
}

/**
 * Where the services can read `file`: its own path in Electron, or the server-side copy after an upload in
 * browser mode. `onProgress` hears the uploaded fraction.
 */
export function serverPathOf(
  api: ClisonixApi,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<string> {
  if (!usesUploads(api) && window.clisonixFiles) {
    onProgress(1);
    return Promise.resolve(window.clisonixFiles.pathOf(file));
  }
  return new Promise((resolve, reject) => {
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open(
      'POST',
      `/api/upload?token=${encodeURIComponent(token())}&name=${encodeURIComponent(file.name)}`,
    );
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: { path?: string; error?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        body = { error: xhr.responseText };
      }
      if (xhr.status === 200 && body.path) resolve(body.path);
      else reject(new Error(body.error ?? `The upload failed (HTTP ${xhr.status}).`));
    };
    xhr.onerror = () => reject(new Error('The upload failed: the connection to Clisonix was lost.'));
    xhr.onabort = () => reject(new Error('The upload was cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}

/** The link that downloads a finished export from the exports folder (browser mode). */
export function downloadUrl(fileName: string): string {
  return `/api/download/${encodeURIComponent(fileName)}?token=${encodeURIComponent(token())}`;
}
