// Handlers of the devices domain for dispatcher tests: they record the params they were called with.
import type { DevicesMethods, SourceSetup } from '../../../../src/shared/api';
import type { DomainHandlers } from '../../../../src/main/services/handlers/context';

const setup: SourceSetup = {
  label: 'test',
  board: 'cyton',
  firmware: null,
  channels: [],
  gainChoices: [],
  channelPower: 'board',
  montage: null,
};

export function devicesHandlers(calls: unknown[]): DomainHandlers<DevicesMethods> {
  const record =
    <T>(result: T) =>
    (params: unknown): T => {
      calls.push(params);
      return result;
    };
  return {
    'devices.list': record({ serialPorts: [], serialProblem: null }),
    'source.setup': record(setup),
    'source.setGain': record(setup),
    'source.setChannelEnabled': record({ setup, appliedOn: 'board' as const, message: '' }),
    'source.setChannelLabels': record(setup),
    'source.applyMontage': record(setup),
    'source.readings': record(null),
    'montages.list': record([]),
    'montages.save': record({ name: 'm', labels: ['Fp1'], builtIn: false, description: null, board: null }),
    'montages.delete': record([]),
  };
}
