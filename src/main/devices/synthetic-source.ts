import type { ConnectRequest } from '../../shared/api';
import { createSyntheticSource, defaultSyntheticOptions } from '../../engine/sources/synthetic';
import { PacedSource } from './paced-source';

type SyntheticRequest = Extract<ConnectRequest, { kind: 'synthetic' }>;

/** The seeded synthetic headset as a live source. Throws RangeError for impossible signals (above Nyquist...). */
export function createSyntheticAcquisitionSource(request: SyntheticRequest): PacedSource {
  const defaults = defaultSyntheticOptions({
    ...(request.channelCount !== undefined && { channelCount: request.channelCount }),
    ...(request.sampleRateHz !== undefined && { sampleRateHz: request.sampleRateHz }),
    ...(request.seed !== undefined && { seed: request.seed }),
    ...(request.noiseUv !== undefined && { noiseUv: request.noiseUv }),
  });
  const options = request.signals
    ? { ...defaults, sines: request.signals.map((s) => ({ ...s })) }
    : { ...defaults, sines: defaults.sines.filter((s) => s.frequencyHz < defaults.sampleRateHz / 2) };
  const source = createSyntheticSource(options);
  return new PacedSource({
    description: {
      kind: 'synthetic',
      label: `Synthetic headset (seed ${options.seed})`,
      board: null,
      sampleRateHz: options.sampleRateHz,
      channelLabels: source.channelLabels,
      detail: null,
    },
    source,
  });
}
