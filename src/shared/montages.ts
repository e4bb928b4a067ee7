// Channel labels and montages, checked the same way in the UI (as you type) and in the services (zod).
// Labels end up in EDF+ headers, whose label field is 16 ASCII characters; MNE refuses duplicate channel names.

/** The 21 positions of the original 10-20 system (Jasper 1958), with the old temporal names T3/T4/T5/T6. */
export const ELECTRODES_10_20: readonly string[] = [
  'Fp1',
  'Fp2',
  'F7',
  'F3',
  'Fz',
  'F4',
  'F8',
  'T3',
  'C3',
  'Cz',
  'C4',
  'T4',
  'T5',
  'P3',
  'Pz',
  'P4',
  'T6',
  'O1',
  'O2',
  'A1',
  'A2',
];

/** The 10-10 system (American Clinical Neurophysiology Society), where T7/T8/P7/P8 replace T3/T4/T5/T6. */
export const ELECTRODES_10_10: readonly string[] = [
  'Nz',
  'Fpz',
  'AF7',
  'AF3',
  'AFz',
  'AF4',
  'AF8',
  'F9',
  'F5',
  'F1',
  'F2',
  'F6',
  'F10',
  'FT9',
  'FT7',
  'FC5',
  'FC3',
  'FC1',
  'FCz',
  'FC2',
  'FC4',
  'FC6',
  'FT8',
  'FT10',
  'T9',
  'T7',
  'C5',
  'C1',
  'C2',
  'C6',
  'T8',
  'T10',
  'TP9',
  'TP7',
  'CP5',
  'CP3',
  'CP1',
  'CPz',
  'CP2',
  'CP4',
  'CP6',
  'TP8',
  'TP10',
  'P9',
  'P7',
  'P5',
  'P1',
  'P2',
  'P6',
  'P8',
  'P10',
  'PO7',
  'PO3',
  'POz',
  'PO4',
  'PO8',
  'Oz',
  'Iz',
  'M1',
  'M2',
];

export const MAX_LABEL_CHARS = 16;
export const MAX_MONTAGE_NAME_CHARS = 60;

/** What is wrong with a channel label, or null when it is fine. */
export function channelLabelProblem(label: string): string | null {
  if (label.trim() !== label) return 'a label cannot start or end with a space';
  if (label.length === 0) return 'a channel needs a label';
  if (label.length > MAX_LABEL_CHARS) return `labels are at most ${MAX_LABEL_CHARS} characters (EDF+)`;
  for (let i = 0; i < label.length; i++) {
    const code = label.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return `"${label}" has a character EDF+ cannot store (ASCII only)`;
  }
  return null;
}

/** What is wrong with a set of labels (each label, then duplicates), or null. Names the channel (from 1). */
export function labelsProblem(labels: readonly string[]): string | null {
  const seen = new Map<string, number>();
  for (const [i, label] of labels.entries()) {
    const problem = channelLabelProblem(label);
    if (problem) return `channel ${i + 1}: ${problem}`;
    const key = label.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) return `channels ${first + 1} and ${i + 1} are both labelled "${label}"`;
    seen.set(key, i);
  }
  return null;
}

export function montageNameProblem(name: string): string | null {
  if (name.trim() !== name) return 'a montage name cannot start or end with a space';
  if (name.length === 0) return 'a montage needs a name';
  if (name.length > MAX_MONTAGE_NAME_CHARS)
    return `montage names are at most ${MAX_MONTAGE_NAME_CHARS} characters`;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) < 0x20 || name.charCodeAt(i) === 0x7f)
      return 'a montage name cannot hold control characters';
  }
  return null;
}

export type LabelFit =
  | { readonly ok: true; readonly labels: readonly string[] }
  | { readonly ok: false; readonly problem: string };

/**
 * The labels a source with `current` labels gets from `labels`: channel i takes labels[i], channels beyond the
 * list keep their own. More labels than channels, or a result with duplicates, is refused with the reason.
 */
export function fitLabels(labels: readonly string[], current: readonly string[]): LabelFit {
  if (labels.length > current.length) {
    return {
      ok: false,
      problem: `${labels.length} labels for a source with ${current.length} channel${current.length === 1 ? '' : 's'}`,
    };
  }
  const result = current.map((label, i) => labels[i] ?? label);
  const problem = labelsProblem(result);
  return problem ? { ok: false, problem } : { ok: true, labels: result };
}
