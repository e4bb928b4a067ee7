import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ClisonixApi, LiveConfigureRequest, Marker, SourceStatus } from '../../shared/api';
import { SourceBanner } from '../app/SourceBanner';
import { useSourceSetup } from '../devices/device-hooks';
import { currentSpectrum, LiveAnalysisPanel } from '../live/LiveAnalysisPanel';
import type { LiveBuffer } from '../live/live-buffer';
import { useMarkerLabels } from '../live/marker-keys';
import { PanelSplitter, usePanelLayout } from '../live/panel-layout';
import { QualityGutter } from '../live/QualityGutter';
import { TraceCanvas } from '../live/TraceCanvas';
import { SCALE_STEPS_UV } from '../live/trace-renderer';
import { RecordControl } from '../recordings/RecordControl';

const WINDOWS_S = [5, 10, 20] as const;

function typingIn(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
  );
}

export function LivePage({
  api,
  buffer,
  source,
}: {
  api: ClisonixApi;
  buffer: LiveBuffer;
  source: SourceStatus | null;
}) {
  const [windowS, setWindowS] = useState<number>(10);
  const [labels, setLabel] = useMarkerLabels();
  const [customLabel, setCustomLabel] = useState('Marker');
  const [lastMarker, setLastMarker] = useState<Marker | null>(null);
  const [markerError, setMarkerError] = useState<string | null>(null);

  const addMarker = useCallback(
    (label: string, origin: Marker['source']) => {
      api.call('marker.add', { label, source: origin }).then(
        (marker) => {
          setLastMarker(marker);
          setMarkerError(null);
        },
        (error: unknown) => setMarkerError(error instanceof Error ? error.message : String(error)),
      );
    },
    [api],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      const digit = Number(event.key);
      if (Number.isInteger(digit) && digit >= 1 && digit <= 9) {
        event.preventDefault();
        addMarker(labels[digit - 1] ?? `Marker ${digit}`, 'key');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [addMarker, labels]);

  const [scale, setScale] = useState<number | null>(null);
  const [autoScale, setAutoScale] = useState<number>(50);
  const [paused, setPaused] = useState(false);
  const analysis = buffer.analysis;
  const liveSettings = useSyncExternalStore(analysis.subscribe, () => analysis.settings);
  const spectrumUpdate = useSyncExternalStore(analysis.subscribe, () => analysis.spectrum);
  const [filterError, setFilterError] = useState<string | null>(null);
  const panel = usePanelLayout();
  const configure = (request: LiveConfigureRequest) => {
    api.call('live.configure', request).then(
      () => setFilterError(null),
      (error: unknown) => setFilterError(error instanceof Error ? error.message : String(error)),
    );
  };

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (
        event.key === ' ' &&
        !(
          event.target instanceof HTMLInputElement ||
          event.target instanceof HTMLButtonElement ||
          event.target instanceof HTMLSelectElement
        )
      ) {
        event.preventDefault();
        setPaused((p) => !p);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Channels switched off on the Devices page are left out of the traces.
  const setup = useSourceSetup(api, `${source?.label ?? ''}#${source?.segment ?? 0}`);
  const hiddenChannels = setup?.channels.map((c) => !c.enabled);
  const streaming = source?.state === 'streaming';
  return (
    <section className="page live-page" aria-labelledby="live-title">
      <header className="page-header">
        <h1 id="live-title">Live</h1>
        <RecordControl api={api} streaming={streaming} />
        <div className="toolbar" role="toolbar" aria-label="Trace display">
          <div className="segmented" role="group" aria-label="Time window">
            {WINDOWS_S.map((w) => (
              <button key={w} type="button" aria-pressed={windowS === w} onClick={() => setWindowS(w)}>
                {w} s
              </button>
            ))}
          </div>
          <label className="field">
            Scale
            <select
              value={scale ?? 'auto'}
              onChange={(e) => setScale(e.target.value === 'auto' ? null : Number(e.target.value))}
              aria-label="Microvolts per division"
            >
              <option value="auto">Auto ({autoScale} µV/div)</option>
              {SCALE_STEPS_UV.map((s) => (
                <option key={s} value={s}>
                  {s} µV/div
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => setPaused((p) => !p)} aria-pressed={paused}>
            {paused ? 'Resume' : 'Pause'}
          </button>
          <form
            className="field"
            onSubmit={(e) => {
              e.preventDefault();
              addMarker(customLabel, 'button');
            }}
          >
            <input
              aria-label="Marker label"
              value={customLabel}
              maxLength={80}
              onChange={(e) => setCustomLabel(e.target.value)}
              size={12}
            />
            <button type="submit">Add marker</button>
          </form>
          <details className="popover">
            <summary>Marker keys</summary>
            <div className="card">
              <p className="muted">Keys 1-9 put these markers at the current sample.</p>
              {labels.map((label, i) => (
                <label key={i} className="field">
                  <kbd>{i + 1}</kbd>
                  <input
                    aria-label={`Label of marker key ${i + 1}`}
                    value={label}
                    maxLength={80}
                    onChange={(e) => setLabel(i, e.target.value)}
                  />
                </label>
              ))}
            </div>
          </details>
          <label className="field">
            Filter
            <select
              aria-label="Display filter"
              value={liveSettings?.settings.filter ?? ''}
              disabled={!liveSettings}
              onChange={(e) => configure({ filter: e.target.value as LiveConfigureRequest['filter'] })}
              title="Applied to the display only; recordings keep the raw signal"
            >
              {!liveSettings && <option value="">…</option>}
              <option value="off">Off (raw)</option>
              <option value="band-pass">Band-pass 1-45 Hz</option>
              <option value="band-pass-notch">Band-pass + notch</option>
            </select>
          </label>
          <label className="field">
            Mains
            <select
              aria-label="Mains frequency of the notch"
              value={String(liveSettings?.settings.mains ?? 'auto')}
              disabled={liveSettings?.settings.filter !== 'band-pass-notch'}
              onChange={(e) =>
                configure({ mains: e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as 50 | 60) })
              }
            >
              <option value="auto">{liveSettings?.mains.label ?? 'Auto'}</option>
              <option value="50">50 Hz</option>
              <option value="60">60 Hz</option>
            </select>
          </label>
          <button
            type="button"
            aria-pressed={panel.open}
            aria-controls="live-panel"
            onClick={() => panel.setOpen(!panel.open)}
          >
            Spectrum panel
          </button>
        </div>
      </header>
      <SourceBanner source={source} idleHint="No source is streaming. Connect one on the Devices page." />
      {(lastMarker ?? markerError) && (
        <p className={markerError ? 'error' : 'muted'} role="status" data-testid="marker-status">
          {markerError ??
            (lastMarker &&
              `Marker "${lastMarker.label}" at sample ${lastMarker.sample.toLocaleString('en-US')} (segment ${lastMarker.segment})`)}
        </p>
      )}
      {filterError && (
        <p className="error" role="alert">
          {filterError}
        </p>
      )}
      <div className="live-body">
        <div className="trace-area">
          <TraceCanvas
            buffer={buffer}
            paused={paused}
            onAutoScale={setAutoScale}
            view={{
              windowS,
              uvPerDivision: scale,
              channelLabels: source?.channelLabels ?? [],
              ...(hiddenChannels && { hiddenChannels }),
            }}
          />
          <QualityGutter
            spectrum={streaming ? currentSpectrum(spectrumUpdate) : null}
            channelLabels={source?.channelLabels ?? []}
          />
          {liveSettings && (
            <p
              className="display-filter-label"
              data-testid="display-filter"
              data-filtered={String(liveSettings.applied.filtered)}
              title="Applied to the display only; recordings keep the raw signal"
            >
              Display filter: {liveSettings.applied.description}
              {liveSettings.applied.note && <span className="muted"> ({liveSettings.applied.note})</span>}
            </p>
          )}
        </div>
        {panel.open && (
          <>
            <PanelSplitter width={panel.width} onWidth={panel.setWidth} />
            <LiveAnalysisPanel analysis={analysis} source={source} width={panel.width} />
          </>
        )}
      </div>
    </section>
  );
}
