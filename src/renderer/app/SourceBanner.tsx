// The source's trouble, said at once on the pages where it matters (Live, Devices): device lost, reconnecting,
// back again in a new segment, or failed. Shown from the status event itself, so it appears the moment the
// services know.
import { useEffect, useState } from 'react';
import type { SourceStatus } from '../../shared/api';

const RESUMED_NOTE_MS = 8000;

export function SourceBanner({
  source,
  idleHint = null,
  showError = true,
}: {
  source: SourceStatus | null;
  /** What to say when nothing is connected (null: say nothing). */
  idleHint?: string | null;
  /** false where the page already shows the failure next to what caused it. */
  showError?: boolean;
}) {
  const [previous, setPrevious] = useState<SourceStatus | null>(source);
  const [resumedSegment, setResumedSegment] = useState<number | null>(null);
  // Adjusted while rendering (React's pattern for state that follows a prop): the note appears with the status.
  if (source !== previous) {
    setPrevious(source);
    if (
      source?.state === 'streaming' &&
      (previous?.state === 'reconnecting' || previous?.state === 'lost') &&
      source.segment !== previous.segment
    ) {
      setResumedSegment(source.segment);
    } else if (source?.state !== 'streaming') {
      setResumedSegment(null);
    }
  }
  useEffect(() => {
    if (resumedSegment === null) return;
    const timer = window.setTimeout(() => setResumedSegment(null), RESUMED_NOTE_MS);
    return () => window.clearTimeout(timer);
  }, [resumedSegment]);

  const state = source?.state ?? 'idle';
  if (state === 'reconnecting' || state === 'lost') {
    return (
      <div className="banner warn source-banner" role="alert" data-testid="source-banner" data-state={state}>
        <strong>Device lost{state === 'reconnecting' ? ' — reconnecting…' : ''}</strong>{' '}
        {source?.message ?? ''}
        <span className="muted">
          {' '}
          Everything received until then is kept.
          {state === 'reconnecting'
            ? ' When the device is back, streaming continues in a new segment.'
            : ' Reconnect it from the Devices page.'}
        </span>
      </div>
    );
  }
  if (state === 'error' && showError) {
    return (
      <div className="banner error source-banner" role="alert" data-testid="source-banner" data-state={state}>
        <strong>The source failed.</strong> {source?.message ?? ''}
      </div>
    );
  }
  if (state === 'streaming' && resumedSegment !== null) {
    return (
      <div className="banner ok source-banner" role="status" data-testid="source-banner" data-state="resumed">
        <strong>Streaming again</strong> in segment {resumedSegment}: the break is kept as the boundary
        between segments, and nothing was filled in.
      </div>
    );
  }
  if (state === 'connecting' && idleHint) {
    return (
      <p className="banner" role="status" data-testid="source-banner" data-state={state}>
        {source?.label ?? 'Connecting'}…
      </p>
    );
  }
  if ((state === 'idle' || state === 'stopped') && idleHint) {
    return (
      <p className="banner" role="status" data-testid="source-banner" data-state={state}>
        {idleHint}
      </p>
    );
  }
  return null;
}
