export type PageId = 'devices' | 'live' | 'recordings' | 'analysis' | 'sound' | 'cloud';

export interface PageEntry {
  readonly id: PageId;
  readonly title: string;
  /** Second key of the "g then key" shortcut. */
  readonly key: string;
}

export const PAGES: readonly PageEntry[] = [
  { id: 'devices', title: 'Devices', key: 'd' },
  { id: 'live', title: 'Live', key: 'l' },
  { id: 'recordings', title: 'Recordings', key: 'r' },
  { id: 'analysis', title: 'Analysis', key: 'a' },
  { id: 'sound', title: 'Sound', key: 's' },
  { id: 'cloud', title: 'Cloud', key: 'c' },
];

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.id === id)?.id ?? 'live';
}
