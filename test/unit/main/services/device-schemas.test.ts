// The zod schemas of the serial connect request and of the devices domain: what they let through and what they
// refuse, with the field named.
import { describe, expect, it } from 'vitest';
import { methodSchemas } from '../../../../src/main/services/schemas';

function problems(method: keyof typeof methodSchemas, params: unknown): string[] {
  const parsed = methodSchemas[method].safeParse(params);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('source.connect {kind: serial}', () => {
  it.each([
    { kind: 'serial', path: '/dev/ttyUSB0', board: 'cyton' },
    {
      kind: 'serial',
      path: 'COM3',
      board: 'cyton-daisy',
      gains: [24, 24, 12, 8, 6, 4, 2, 1, 24],
      montage: 'Mine',
    },
    { kind: 'serial', path: '/tmp/sim/thinkgear', board: 'thinkgear', baudRate: 9600 },
    {
      kind: 'serial',
      path: '/dev/ttyACM0',
      board: 'text',
      baudRate: 230400,
      text: {
        channelCount: 3,
        sampleRateHz: 500,
        microvoltsPerUnit: 4.88,
        zeroOffset: 512,
        counterModulo: 256,
      },
    },
  ])('accepts %j', (request) => {
    expect(problems('source.connect', request)).toEqual([]);
  });

  it.each([
    [{ kind: 'serial', board: 'cyton' }, 'path: Invalid input: expected string, received undefined'],
    [
      { kind: 'serial', path: ' /dev/ttyUSB0', board: 'cyton' },
      'path: the port path cannot start or end with a space',
    ],
    [
      { kind: 'serial', path: '/dev/tty\nUSB0', board: 'cyton' },
      'path: the port path cannot contain control characters',
    ],
    [
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'cyton', baudRate: 115200.5 },
      'baudRate: Invalid input: expected int, received number',
    ],
    [
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'cyton', gains: [] },
      'gains: Too small: expected array to have >=1 items',
    ],
    [
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'cyton', gains: [3] },
      'gains.0: a gain is one of the ADS1299 gains 1, 2, 4, 6, 8, 12, 24',
    ],
    [
      {
        kind: 'serial',
        path: '/dev/ttyUSB0',
        board: 'text',
        gains: [24],
        text: { channelCount: 1, sampleRateHz: 10, microvoltsPerUnit: 1 },
      },
      'gains: only the Cyton and the Cyton + Daisy have programmable gains',
    ],
    [
      {
        kind: 'serial',
        path: '/dev/ttyUSB0',
        board: 'cyton',
        text: { channelCount: 1, sampleRateHz: 10, microvoltsPerUnit: 1 },
      },
      'text: only text boards take text settings',
    ],
    [
      {
        kind: 'serial',
        path: '/dev/ttyUSB0',
        board: 'text',
        text: { channelCount: 2, sampleRateHz: 0, microvoltsPerUnit: 1 },
      },
      'text.sampleRateHz: the sample rate must be above 0 Hz',
    ],
    [
      {
        kind: 'serial',
        path: '/dev/ttyUSB0',
        board: 'text',
        text: { channelCount: 2, sampleRateHz: 250, microvoltsPerUnit: 0 },
      },
      'text.microvoltsPerUnit: the scale must be a number of microvolts other than 0',
    ],
    [
      {
        kind: 'serial',
        path: '/dev/ttyUSB0',
        board: 'text',
        text: { channelCount: 2, sampleRateHz: 250, microvoltsPerUnit: 1, counterModulo: 1 },
      },
      'text.counterModulo: a counter wraps at 2 or more',
    ],
    [
      {
        kind: 'serial',
        path: '/dev/ttyUSB0',
        board: 'text',
        text: { channelCount: 2, sampleRateHz: 250, microvoltsPerUnit: 1, parity: 'odd' },
      },
      'text: Unrecognized key: "parity"',
    ],
    [
      { kind: 'serial', path: '/dev/ttyUSB0', board: 'cyton', montage: '' },
      'montage: a montage needs a name',
    ],
  ])('refuses %j', (request, problem) => {
    expect(problems('source.connect', request)).toContain(problem);
  });
});

describe('devices domain', () => {
  it('takes gains the ADS1299 has and channels from 1', () => {
    expect(problems('source.setGain', { channel: 3, gain: 12 })).toEqual([]);
    expect(problems('source.setGain', { channel: 0, gain: 12 })).toEqual(['channel: channels count from 1']);
    expect(problems('source.setGain', { channel: 1, gain: 16 })).toEqual([
      'gain: a gain is one of the ADS1299 gains 1, 2, 4, 6, 8, 12, 24',
    ]);
    expect(problems('source.setChannelEnabled', { channel: 2, enabled: 'no' })).toEqual([
      'enabled: Invalid input: expected boolean, received string',
    ]);
  });

  it('checks labels one by one and as a set', () => {
    expect(problems('source.setChannelLabels', { labels: ['Fp1', 'Fp2'], montage: 'Mine' })).toEqual([]);
    expect(problems('source.setChannelLabels', { labels: ['Fp1', 'Cz '] })).toEqual([
      'labels.1: a label cannot start or end with a space',
    ]);
    expect(problems('source.setChannelLabels', { labels: ['Fp1', 'FP1'] })).toEqual([
      'labels: channels 1 and 2 are both labelled "FP1"',
    ]);
    expect(problems('source.setChannelLabels', { labels: [] })).toEqual(['labels: give at least one label']);
  });

  it('checks saved montages', () => {
    expect(
      problems('montages.save', { name: 'Mine', labels: ['O1'], board: 'cyton', description: 'x' }),
    ).toEqual([]);
    expect(problems('montages.save', { name: 'Mine', labels: ['O1'], board: 'ganglion' })).toHaveLength(1);
    expect(problems('montages.save', { name: 'Mine\u0007', labels: ['O1'] })).toEqual([
      'name: a montage name cannot hold control characters',
    ]);
    expect(problems('montages.delete', { name: 'Mine', extra: 1 })).toEqual([': Unrecognized key: "extra"']);
  });
});
