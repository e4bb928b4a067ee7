// The searchable list of recordings: label, subject, date, duration, channels and rates, status, sync state.
// Arrow keys move the selection; Enter or a click opens the details.
import type { KeyboardEvent } from 'react';
import { describeChannels, type RecordingSummary } from '../../shared/recordings';
import { formatDuration, formatShortDateTime } from './format';

const STATUS_TEXT: Record<RecordingSummary['status'], string> = {
  recording: 'recording',
  complete: 'complete',
  interrupted: 'interrupted',
};

export function RecordingList({
  recordings,
  selectedId,
  onSelect,
  trashed,
}: {
  recordings: readonly RecordingSummary[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  trashed: boolean;
}) {
  const onKey = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const at = recordings.findIndex((r) => r.id === selectedId);
    const next =
      recordings[Math.max(0, Math.min(recordings.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      onSelect(next.id);
      document.querySelector<HTMLElement>(`[data-testid=recording-row][data-id="${next.id}"]`)?.focus();
    }
  };
  return (
    <table className="recording-list" aria-label={trashed ? 'Recordings in the trash' : 'Recordings'}>
      <thead>
        <tr>
          <th scope="col">Label</th>
          <th scope="col">Subject</th>
          <th scope="col">Started</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col">Channels</th>
          <th scope="col">Status</th>
          <th scope="col">Sync</th>
        </tr>
      </thead>
      <tbody onKeyDown={onKey}>
        {recordings.map((r) => (
          <tr
            key={r.id}
            data-testid="recording-row"
            data-id={r.id}
            data-duration-s={r.durationS}
            tabIndex={0}
            aria-selected={r.id === selectedId}
            className={r.id === selectedId ? 'selected' : undefined}
            onClick={() => onSelect(r.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onSelect(r.id);
            }}
          >
            <td className="label-cell" title={r.label}>
              {r.label}
            </td>
            <td>{r.subjectCode ?? <span className="muted">—</span>}</td>
            <td>{formatShortDateTime(r.startedAt)}</td>
            <td className="num">{formatDuration(r.durationS)}</td>
            <td>{describeChannels(r)}</td>
            <td>
              <span className={`badge status-${r.status}`} title={r.stopReason ?? undefined}>
                {STATUS_TEXT[r.status]}
              </span>
            </td>
            <td>
              <span className={`badge sync-${r.syncState}`}>{r.syncState.replace('_', ' ')}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
