// How the Live page words a channel's signal quality (the engine's labels and reasons).
import type { ChannelQualityLabel } from '../../shared/api';

export const QUALITY_WORDS: Record<ChannelQualityLabel, string> = {
  good: 'good',
  noisy: 'noisy',
  flat: 'flat',
  railed: 'railed',
  'line-noise': 'line noise',
};

export function qualityTooltip(label: ChannelQualityLabel, reasons: readonly string[]): string {
  if (label === 'good') return ['No check crossed its threshold.', ...reasons].join('\n');
  return reasons.join('\n');
}
