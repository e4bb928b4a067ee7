import type { LiveMethods } from '../../../shared/api';
import type { DomainHandlers, ServiceContext } from './context';

export function liveHandlers({ live }: ServiceContext): DomainHandlers<LiveMethods> {
  return {
    'live.settings': () => live.state,
    'live.configure': (request) => live.configure(request),
    'live.spectrum': () => live.latestSpectrum,
  };
}
