// Labels of the marker keys 1-9, edited on the Live page and kept in this browser/window's storage.
import { useCallback, useState } from 'react';

const STORAGE_KEY = 'clisonix.markerLabels';
export const DEFAULT_MARKER_LABELS: readonly string[] = [
  'Eyes open',
  'Eyes closed',
  'Blink',
  'Jaw clench',
  'Stimulus',
  'Task start',
  'Task end',
  'Artifact',
  'Note',
];

function load(): string[] {
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (Array.isArray(saved) && saved.length === 9 && saved.every((l) => typeof l === 'string')) return saved;
  } catch {
    // A damaged setting falls back to the defaults.
  }
  return [...DEFAULT_MARKER_LABELS];
}

export function useMarkerLabels(): [readonly string[], (index: number, label: string) => void] {
  const [labels, setLabels] = useState<string[]>(load);
  const update = useCallback((index: number, label: string) => {
    setLabels((current) => {
      const next = current.map((l, i) => (i === index ? label : l));
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
  }, []);
  return [labels, update];
}
