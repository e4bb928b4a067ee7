import type { DevicesMethods } from '../../../shared/api';
import { listDevices } from '../device-list';
import type { DomainHandlers, ServiceContext } from './context';

export function devicesHandlers(ctx: ServiceContext): DomainHandlers<DevicesMethods> {
  const { controls, montages, events } = ctx;
  return {
    'devices.list': () => listDevices(),
    'source.setup': () => controls.setup(),
    'source.setGain': ({ channel, gain }) => controls.setGain(channel, gain),
    'source.setChannelEnabled': ({ channel, enabled }) => controls.setChannelEnabled(channel, enabled),
    'source.setChannelLabels': ({ labels, montage }) => controls.setChannelLabels(labels, montage ?? null),
    'source.applyMontage': ({ name }) => controls.applyMontage(name),
    'source.readings': () => controls.readings(),
    'montages.list': () => montages.list(),
    'montages.save': (request) => {
      const saved = montages.save(request);
      events.emit('montages.changed', montages.list());
      return saved;
    },
    'montages.delete': ({ name }) => {
      const list = montages.delete(name);
      events.emit('montages.changed', list);
      return list;
    },
  };
}
