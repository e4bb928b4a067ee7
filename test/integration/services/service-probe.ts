// The app's services in a temporary data folder, with what they tell the UI recorded and what they hand the
// recording writer (the BlockConsumer calls) kept per segment.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  ApiEvents,
  EventName,
  MethodName,
  ParamsOf,
  ResultOf,
  SourceStatus,
} from '../../../src/shared/api';
import type { SampleBlock, SampleGap } from '../../../src/shared/samples';
import {
  createAppServices,
  type AppServices,
  type AppServicesOptions,
} from '../../../src/main/services/app-services';
import { findResourcesDir } from '../../../src/main/services/paths';

export interface ConsumerLog {
  readonly segmentsStarted: { segment: number; status: SourceStatus }[];
  readonly blocks: { segment: number; block: SampleBlock }[];
  readonly gaps: { segment: number; gap: SampleGap }[];
}

export interface ServiceProbe {
  readonly services: AppServices;
  readonly dataDir: string;
  readonly events: { name: EventName; payload: unknown; atMs: number }[];
  readonly consumer: ConsumerLog;
  /** Calls a method; rejects with the ApiErrorBody's message when the call fails. */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** Payloads of one event, in order. */
  seen<E extends EventName>(name: E): ApiEvents[E][];
  /** Channel `c` of a segment's samples, in order, with the sample index of each. */
  channel(c: number, segment: number): { index: number; value: number }[];
  dispose(): Promise<void>;
}

export async function startServices(options: Partial<AppServicesOptions> = {}): Promise<ServiceProbe> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'clisonix-serial-services-')));
  const services = createAppServices({
    mode: 'browser',
    version: 'test',
    dataDir,
    resourcesDir: findResourcesDir(import.meta.url),
    ...options,
  });
  const events: ServiceProbe['events'] = [];
  services.events.onEvent((name, payload) => events.push({ name, payload, atMs: performance.now() }));
  const consumer: ConsumerLog = { segmentsStarted: [], blocks: [], gaps: [] };
  services.acquisition.addConsumer({
    segmentStarted: (segment, status) => consumer.segmentsStarted.push({ segment, status }),
    block: (block, segment) =>
      consumer.blocks.push({ segment, block: { ...block, data: block.data.slice() } }),
    gap: (gap, segment) => consumer.gaps.push({ segment, gap }),
  });
  return {
    services,
    dataDir,
    events,
    consumer,
    async call(method, params) {
      const outcome = await services.dispatch(method, params);
      if (!outcome.ok) {
        const error = new Error(outcome.error.message) as Error & { code: string };
        error.code = outcome.error.code;
        throw error;
      }
      return outcome.result as ResultOf<typeof method>;
    },
    seen(name) {
      return events.filter((e) => e.name === name).map((e) => e.payload as ApiEvents[typeof name]);
    },
    channel(c, segment) {
      return consumer.blocks
        .filter((b) => b.segment === segment)
        .flatMap(({ block }) =>
          Array.from({ length: block.sampleCount }, (_, i) => ({
            index: block.firstSample + i,
            value: block.data[c * block.sampleCount + i]!,
          })),
        );
    },
    dispose: () => services.dispose(),
  };
}
