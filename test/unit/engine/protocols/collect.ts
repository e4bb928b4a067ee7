// Test helpers: a sink that keeps copies of everything a parser emits, and a way to print how many inputs a
// property test tried.
import type { SampleBlock, SampleGap } from '../../../../src/shared/samples';
import type { BoardEvent, ParserSink } from '../../../../src/engine/protocols/stream-parser';

export interface Collected extends ParserSink {
  readonly blocks: { firstSample: number; sampleCount: number; data: Float32Array }[];
  readonly gaps: SampleGap[];
  readonly events: BoardEvent[];
  readonly accels: [number, number, number, number][];
  /** Samples as rows: rows[i][c] is channel c of the i-th sample received. */
  rows(): number[][];
  /** Sample index of each received sample (from the blocks' clocks). */
  indices(): number[];
  sampleCount(): number;
}

export function collect(): Collected {
  const blocks: Collected['blocks'] = [];
  const gaps: SampleGap[] = [];
  const events: BoardEvent[] = [];
  const accels: [number, number, number, number][] = [];
  return {
    blocks,
    gaps,
    events,
    accels,
    samples(block: SampleBlock) {
      blocks.push({
        firstSample: block.firstSample,
        sampleCount: block.sampleCount,
        data: block.data.slice(),
      });
    },
    gap(gap) {
      gaps.push(gap);
    },
    event(event) {
      events.push(event);
    },
    accel(atSample, x, y, z) {
      accels.push([atSample, x, y, z]);
    },
    rows() {
      const out: number[][] = [];
      for (const b of blocks) {
        const channels = b.data.length / b.sampleCount;
        for (let i = 0; i < b.sampleCount; i++) {
          const row: number[] = [];
          for (let c = 0; c < channels; c++) row.push(b.data[c * b.sampleCount + i]!);
          out.push(row);
        }
      }
      return out;
    },
    indices() {
      return blocks.flatMap((b) => Array.from({ length: b.sampleCount }, (_, i) => b.firstSample + i));
    },
    sampleCount() {
      return blocks.reduce((n, b) => n + b.sampleCount, 0);
    },
  };
}

/** Counts the inputs a property ran on, for the report line the issue asks for. */
export class InputCounter {
  count = 0;
  constructor(private readonly label: string) {}
  tick(): void {
    this.count++;
  }
  report(): void {
    console.log(`[property] ${this.label}: ${this.count} inputs tried`);
  }
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Feeds bytes cut at the given offsets (sorted or not). */
export function pushInPieces(
  parser: { push(b: Uint8Array): void },
  bytes: Uint8Array,
  cuts: readonly number[],
): void {
  const points = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, c))))].sort((a, b) => a - b);
  let at = 0;
  for (const p of [...points, bytes.length]) {
    parser.push(bytes.subarray(at, p));
    at = p;
  }
}
