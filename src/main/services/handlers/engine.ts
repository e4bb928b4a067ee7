import type { EngineMethods } from '../../../shared/api';
import type { DomainHandlers, ServiceContext } from './context';

export function engineHandlers({ engine }: ServiceContext): DomainHandlers<EngineMethods> {
  return {
    'engine.status': () => engine.status,
    'engine.restart': () => engine.restart(),
  };
}
