// A SourceSink that keeps what it is told, for the device tests, with a way to wait for a condition.
import type { SourceStats } from '../../../src/shared/api/acquisition';
import type { SampleBlock, SampleGap } from '../../../src/shared/samples';
import type { SourceSink } from '../../../src/main/devices/acquisition-source';

export type SinkEvent =
  | { kind: 'block'; block: SampleBlock; segment: number }
  | { kind: 'gap'; gap: SampleGap; segment: number }
  | { kind: 'lost'; reason: string; reconnecting: boolean; atMs: number }
  | { kind: 'resumed'; atMs: number };

export class RecordingSink implements SourceSink {
  readonly events: SinkEvent[] = [];
  segment = 0;
  lastStats: Partial<SourceStats> = {};

  block(block: SampleBlock): void {
    this.events.push({ kind: 'block', block, segment: this.segment });
  }
  gap(gap: SampleGap): void {
    this.events.push({ kind: 'gap', gap, segment: this.segment });
  }
  lost(reason: string, reconnecting: boolean): void {
    this.events.push({ kind: 'lost', reason, reconnecting, atMs: performance.now() });
  }
  resumed(): void {
    this.segment++;
    this.events.push({ kind: 'resumed', atMs: performance.now() });
  }
  stats(stats: Partial<SourceStats>): void {
    this.lastStats = { ...this.lastStats, ...stats };
  }

  blocks(segment = 0): SampleBlock[] {
    return this.events.flatMap((e) => (e.kind === 'block' && e.segment === segment ? [e.block] : []));
  }
  gaps(segment = 0): SampleGap[] {
    return this.events.flatMap((e) => (e.kind === 'gap' && e.segment === segment ? [e.gap] : []));
  }
  sampleCount(segment = 0): number {
    return this.blocks(segment).reduce((n, b) => n + b.sampleCount, 0);
  }
  /** Channel `c` of every sample of a segment, in order. */
  channel(c: number, segment = 0): number[] {
    return this.blocks(segment).flatMap((b) => [
      ...b.data.subarray(c * b.sampleCount, (c + 1) * b.sampleCount),
    ]);
  }
  /** Everything but the blocks, for failure messages. */
  summary(): string {
    const notBlocks = this.events.filter((e) => e.kind !== 'block');
    return `${this.sampleCount()} samples in segment 0, ${this.segment} later segments; ${JSON.stringify(notBlocks)}`;
  }

  /** Sample indices of a segment, from the blocks' clocks. */
  indices(segment = 0): number[] {
    return this.blocks(segment).flatMap((b) =>
      Array.from({ length: b.sampleCount }, (_, i) => b.firstSample + i),
    );
  }
}

/** Polls `condition`; on timeout the error says what was awaited and, from `explain`, what there was instead. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs: number,
  explain: () => string = () => '',
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}. ${explain()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
