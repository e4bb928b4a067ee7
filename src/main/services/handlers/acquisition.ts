import type { AcquisitionMethods } from '../../../shared/api';
import type { DomainHandlers, ServiceContext } from './context';

export function acquisitionHandlers({ acquisition }: ServiceContext): DomainHandlers<AcquisitionMethods> {
  return {
    'source.status': () => acquisition.status,
    'source.stats': () => acquisition.stats,
    'source.connect': (request) => acquisition.connect(request),
    'source.disconnect': () => acquisition.disconnect(),
    'marker.add': ({ label, source }) => acquisition.addMarker(label, source),
  };
}
