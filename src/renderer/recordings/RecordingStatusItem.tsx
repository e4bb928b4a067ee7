// The status bar's recording item: the elapsed time ticking while recording, what is saved, why it stopped.
import type { RecordingState } from '../../shared/api';
import { formatClock, useElapsed } from './RecordControl';

export function RecordingStatusItem({ recording }: { recording: RecordingState | null }) {
  const state = recording?.state ?? 'idle';
  const active = state === 'recording' || state === 'starting' || state === 'stopping';
  const elapsed = useElapsed(recording?.startedAt ?? null, active, recording?.elapsedMs ?? 0);
  const savedS =
    recording && recording.sampleRateHz > 0 ? recording.committedSamples / recording.sampleRateHz : 0;
  const failed = state === 'idle' && recording?.error;
  return (
    <span
      className={`status-item${active ? ' recording' : ''}${failed ? ' warn' : ''}`}
      data-testid="status-recording"
      data-state={state}
      title={recording?.message ?? undefined}
    >
      {active
        ? `● ${state === 'stopping' ? 'Saving' : 'Recording'} ${formatClock(elapsed)} · ${savedS.toFixed(1)} s saved`
        : state === 'unavailable'
          ? 'Recording unavailable'
          : failed
            ? 'Recording stopped: see the message'
            : 'Not recording'}
    </span>
  );
}
