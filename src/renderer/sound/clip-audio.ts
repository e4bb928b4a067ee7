// A saved clip's WAV bytes, fetched through the contract in pieces (so a long clip never becomes one huge
// message), as a Blob with an object URL for <audio> and for downloading. The URLs are the page's to revoke.
import { CLIP_BYTES_MAX_LENGTH, type AudioClip, type ClisonixApi } from '../../shared/api';

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export async function fetchClipBlob(
  api: ClisonixApi,
  clip: Pick<AudioClip, 'id'>,
  onProgress?: (fraction: number) => void,
): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const piece = await api.call('sound.clipBytes', { id: clip.id, offset, length: CLIP_BYTES_MAX_LENGTH });
    const bytes = fromBase64(piece.base64);
    if (bytes.length === 0) break;
    parts.push(bytes);
    offset += bytes.length;
    onProgress?.(offset / piece.totalBytes);
    if (offset >= piece.totalBytes) break;
  }
  return new Blob(parts, { type: 'audio/wav' });
}

/** Object URLs of clips, one per clip id, revoked together when the page goes away. */
export class ClipUrls {
  readonly #urls = new Map<number, string>();

  async get(api: ClisonixApi, clip: Pick<AudioClip, 'id' | 'byteLength'>): Promise<string> {
    const known = this.#urls.get(clip.id);
    if (known) return known;
    const url = URL.createObjectURL(await fetchClipBlob(api, clip));
    this.#urls.set(clip.id, url);
    return url;
  }

  forget(id: number): void {
    const url = this.#urls.get(id);
    if (url) URL.revokeObjectURL(url);
    this.#urls.delete(id);
  }

  revokeAll(): void {
    for (const url of this.#urls.values()) URL.revokeObjectURL(url);
    this.#urls.clear();
  }
}

/** A file name for a clip's download: its label without characters file systems refuse. */
export function clipFileName(clip: Pick<AudioClip, 'id' | 'label'>): string {
  const base = clip.label
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${base || `clip-${clip.id}`}.wav`;
}
