// How the recordings commands print: durations, a list as a table, one-line summaries.
import { describeChannels, type RecordingSummary } from '../../shared/recordings';

export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 60) return `${s.toFixed(1)} s`;
  const whole = Math.floor(s);
  const h = Math.floor(whole / 3600);
  const m = Math.floor(whole / 60) % 60;
  const sec = whole % 60;
  return h > 0
    ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`
    : `${m}:${String(sec).padStart(2, '0')}`;
}

function formatStart(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A plain table: one header line, one line per recording, columns padded to their widest cell. */
export function recordingsTable(recordings: readonly RecordingSummary[]): string {
  const rows = [
    ['ID', 'LABEL', 'STARTED', 'DURATION', 'CHANNELS', 'STATUS', 'SYNC'],
    ...recordings.map((r) => [
      r.id.slice(0, 8),
      r.label.length > 40 ? `${r.label.slice(0, 39)}…` : r.label,
      formatStart(r.startedAt),
      formatDuration(r.durationS),
      describeChannels(r),
      r.status,
      r.syncState,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function summaryLine(r: RecordingSummary): string {
  return `"${r.label}": ${describeChannels(r)}, ${formatDuration(r.durationS)}, ${r.status}`;
}
