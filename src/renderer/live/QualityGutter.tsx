// Per-channel signal quality next to the channel labels of the traces: a coloured word under each label
// (a coloured mark alone when rows are too short for words), the reasons in its tooltip.
import { useEffect, useRef, useState } from 'react';
import type { LiveSpectrum } from '../../shared/api';
import { QUALITY_WORDS, qualityTooltip } from './quality';
import { AXIS_PX, GUTTER_PX } from './trace-renderer';

/** Rows shorter than this show a mark instead of a word (16 channels in a small window, 64-channel caps). */
const WORD_MIN_ROW_PX = 34;

export function QualityGutter({
  spectrum,
  channelLabels,
}: {
  spectrum: LiveSpectrum | null;
  channelLabels: readonly string[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [heightPx, setHeightPx] = useState(0);
  useEffect(() => {
    const element = ref.current?.parentElement;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeightPx(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const channels = spectrum?.channels ?? [];
  const rowPx = channels.length ? Math.max(10, heightPx - AXIS_PX) / channels.length : 0;
  const words = rowPx >= WORD_MIN_ROW_PX;
  return (
    <div ref={ref} className="quality-gutter" style={{ width: GUTTER_PX }} data-testid="quality-gutter">
      {channels.map((channel, c) => {
        const label = channelLabels[c] ?? `Ch${c + 1}`;
        const word = QUALITY_WORDS[channel.quality.label];
        return (
          <span
            key={c}
            className={`quality-badge quality-${channel.quality.label}${words ? '' : ' compact'}`}
            style={{
              top: words ? rowPx * (c + 0.5) + 8 : rowPx * c + 2,
              height: words ? undefined : rowPx - 4,
            }}
            data-testid="quality-badge"
            data-channel={c}
            data-quality={channel.quality.label}
            role="img"
            aria-label={`${label} signal quality: ${word}`}
            title={`${label}: ${word}\n${qualityTooltip(channel.quality.label, channel.quality.reasons)}`}
          >
            {words ? word : ''}
          </span>
        );
      })}
    </div>
  );
}
