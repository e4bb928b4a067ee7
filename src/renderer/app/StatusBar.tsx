import { RecordingStatusItem } from '../recordings/RecordingStatusItem';
import type { AppSnapshot } from './store';

/** States the technician must see at a glance (the Live and Devices pages say more). */
const TROUBLE: readonly string[] = ['lost', 'reconnecting', 'error'];

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function StatusBar({ snapshot }: { snapshot: AppSnapshot }) {
  const { source, stats, recording, sync, engine } = snapshot;
  const lost = stats ? stats.droppedSamples : 0;
  return (
    <footer className="status-bar" aria-label="Status">
      <span
        className={`status-item${source && TROUBLE.includes(source.state) ? ' warn' : ''}`}
        data-testid="status-source"
        data-state={source?.state ?? 'idle'}
        data-segment={source?.segment ?? 0}
        title={source?.message ?? undefined}
      >
        <span className={`dot state-${source?.state ?? 'idle'}`} aria-hidden="true" />
        {source?.label ?? 'No source'} · {source?.state ?? 'idle'}
      </span>
      <span className="status-item" data-testid="status-rate">
        {source?.sampleRateHz ? `${source.sampleRateHz} Hz · ${source.channelLabels.length} ch` : '— Hz'}
      </span>
      <span
        className={`status-item${lost > 0 ? ' warn' : ''}`}
        data-testid="status-dropped"
        title="Samples the source reported lost (never filled in)"
      >
        {stats
          ? `${plural(lost, 'dropped sample')}${stats.gaps ? ` in ${plural(stats.gaps, 'gap')}` : ''}`
          : 'no counters'}
      </span>
      {stats && stats.resyncs > 0 && (
        <span
          className="status-item warn"
          data-testid="status-resyncs"
          title="Times the byte stream lost its frame boundary and found it again (bytes discarded meanwhile)"
        >
          {plural(stats.resyncs, 'resync')}
        </span>
      )}
      {stats && stats.displayFramesSkipped > 0 && (
        <span
          className="status-item"
          data-testid="status-display-skipped"
          title="Frames of the live view this window could not take in time (display only; recording is unaffected)"
        >
          {plural(stats.displayFramesSkipped, 'display frame')} skipped
        </span>
      )}
      <RecordingStatusItem recording={recording} />
      <span className="status-item" data-testid="status-sync" title={sync?.message ?? undefined}>
        Sync: {sync?.state ?? '…'}
        {sync?.pending ? ` (${sync.pending} queued)` : ''}
      </span>
      <span
        className={`status-item${engine?.state === 'failed' ? ' warn' : ''}`}
        title={engine?.lastError ?? undefined}
      >
        Engine: {engine?.state ?? '…'}
      </span>
      <span className="status-item push">
        {snapshot.info
          ? `${snapshot.info.mode === 'browser' ? 'Browser mode' : 'Desktop'} · v${snapshot.info.version}`
          : ''}
      </span>
    </footer>
  );
}
