import { describe, expect, it } from 'vitest';
import { IDLE_STATUS, ZERO_STATS } from '../../../../src/main/services/acquisition';
import { type ApiHandlers, createDispatcher } from '../../../../src/main/services/dispatch';
import { devicesHandlers } from './devices-handlers';
import { IDLE_RECORDING } from '../../../../src/main/services/recorder';

const status = IDLE_STATUS;
const notHere = () => {
  throw new Error('not used by these tests');
};
const unusedAnalysisHandlers = {
  'analysis.run': notHere,
  'analysis.cancel': notHere,
  'analysis.jobs': notHere,
  'analysis.result': notHere,
  'analysis.get': notHere,
  'analysis.list': notHere,
  'analysis.samples': notHere,
} satisfies Partial<ApiHandlers>;
const stats = ZERO_STATS;

/** Handlers of domains these tests do not call. */
function unusedHandlers<const M extends readonly (keyof ApiHandlers)[]>(
  methods: M,
): Pick<ApiHandlers, M[number]> {
  const notCalled = () => {
    throw new Error('not called by these tests');
  };
  return Object.fromEntries(methods.map((m) => [m, notCalled])) as unknown as Pick<ApiHandlers, M[number]>;
}

function dispatcher(calls: unknown[] = [], internalErrors: unknown[] = []) {
  const handlers: ApiHandlers = {
    'app.info': () => {
      throw new Error('disk on fire');
    },
    'app.notices': () => [],
    'recordings.list': () => [],
    'source.status': () => status,
    'source.stats': () => stats,
    'source.connect': (request) => {
      calls.push(request);
      return { ...status, state: 'streaming', kind: request.kind };
    },
    'source.disconnect': () => status,
    'marker.add': ({ label, source }) => ({ segment: 1, sample: 0, label, source, atMs: 0 }),
    'recording.state': () => IDLE_RECORDING,
    'recording.start': () => IDLE_RECORDING,
    'recording.stop': () => IDLE_RECORDING,
    'recordings.get': () => {
      throw new Error('not used here');
    },
    'recordings.update': () => {
      throw new Error('not used here');
    },
    'recordings.trash': () => {
      throw new Error('not used here');
    },
    'recordings.restore': () => {
      throw new Error('not used here');
    },
    'recordings.emptyTrash': () => ({ deleted: 0 }),
    'recordings.overview': () => {
      throw new Error('not used here');
    },
    'recordings.import': () => {
      throw new Error('not used here');
    },
    'recordings.export': () => {
      throw new Error('not used here');
    },
    'recordings.jobs': () => [],
    'recordings.cancelJob': () => {
      throw new Error('not used here');
    },
    'sync.state': () => ({ state: 'signed-out', pending: 0, message: null }),
    'engine.status': () => ({ state: 'ready', restarts: 0, lastError: null }),
    'engine.restart': () => ({ state: 'ready', restarts: 0, lastError: null }),
    'live.settings': () => {
      throw new Error('not used here');
    },
    'live.configure': () => {
      throw new Error('not used here');
    },
    'live.spectrum': () => null,
    ...devicesHandlers(calls),
    ...unusedAnalysisHandlers,
    ...unusedHandlers([
      'sound.symphony',
      'sound.brainsync',
      'sound.cancel',
      'sound.clips',
      'sound.clip',
      'sound.clipBytes',
      'sound.deleteClip',
    ] as const),
  };
  return createDispatcher(handlers, (e) => internalErrors.push(e));
}

describe('contract validation at the services door', () => {
  it('passes a valid call through and returns its result', async () => {
    const calls: unknown[] = [];
    const outcome = await dispatcher(calls)('source.connect', {
      kind: 'synthetic',
      channelCount: 4,
      signals: [{ channel: 1, frequencyHz: 10, amplitudeUv: 20 }],
    });
    expect(outcome).toMatchObject({ ok: true, result: { state: 'streaming', kind: 'synthetic' } });
    expect(calls).toEqual([
      { kind: 'synthetic', channelCount: 4, signals: [{ channel: 1, frequencyHz: 10, amplitudeUv: 20 }] },
    ]);
  });

  it('rejects an unknown method by name', async () => {
    expect(await dispatcher()('source.format', {})).toEqual({
      ok: false,
      error: { code: 'unknown_method', message: 'Unknown method "source.format"' },
    });
    expect(await dispatcher()(42, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(await dispatcher()('__proto__', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown_method' },
    });
  });

  it.each([
    ['a missing discriminant', 'source.connect', {}, 'kind'],
    ['an unknown source kind', 'source.connect', { kind: 'toaster' }, 'kind'],
    ['a wrong type', 'source.connect', { kind: 'synthetic', channelCount: 'eight' }, 'channelCount'],
    ['an out-of-range number', 'source.connect', { kind: 'synthetic', sampleRateHz: -250 }, 'sampleRateHz'],
    [
      'a fractional channel count',
      'source.connect',
      { kind: 'synthetic', channelCount: 2.5 },
      'channelCount',
    ],
    ['a stray field', 'source.connect', { kind: 'demo', path: '/dev/ttyUSB0' }, '(params)'],
    [
      'a nested bad field',
      'source.connect',
      { kind: 'synthetic', signals: [{ channel: 0, frequencyHz: 'ten', amplitudeUv: 1 }] },
      'signals.0.frequencyHz',
    ],
    ['params on a method that takes none', 'source.status', { verbose: true }, '(params)'],
    ['an array instead of an object', 'source.stats', [], '(params)'],
    ['a blank marker label', 'marker.add', { label: '   ', source: 'key' }, 'label'],
    [
      'a marker label with an EDF+ separator byte',
      'marker.add',
      { label: 'eyes\u0014closed', source: 'key' },
      'label',
    ],
    ['a marker from an unknown source', 'marker.add', { label: 'x', source: 'telepathy' }, 'source'],
  ])('rejects %s with a clear invalid_request', async (_what, method, params, path) => {
    const outcome = await dispatcher()(method, params);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid_request');
    expect(outcome.error.message).toMatch(
      new RegExp(`^Invalid request to ${method.replace('.', '\\.')} \\(`),
    );
    expect(outcome.error.issues?.map((i) => i.path)).toContain(path);
  });

  it('treats missing params as an empty object', async () => {
    expect(await dispatcher()('source.status', undefined)).toEqual({ ok: true, result: status });
  });

  it('turns a handler crash into a readable internal error instead of throwing', async () => {
    const internalErrors: unknown[] = [];
    expect(await dispatcher([], internalErrors)('app.info', {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside Clisonix: disk on fire' },
    });
    expect(internalErrors).toHaveLength(1);
  });
});
