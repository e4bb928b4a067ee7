import { RecordingStatusItem } from '../recordings/RecordingStatusItem';
import type { AppSnapshot } from './store';

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

export function StatusBar({ snapshot }: { snapshot: AppSnapshot }) {
  const { source, stats, recording, sync, engine } = snapshot;
  const lost = stats ? stats.droppedSamples : 0;
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item" data-testid="status-source" title={source?.message ?? undefined}>
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
