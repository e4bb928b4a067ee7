// Run by protocols.bench.ts in a child Node with a 1 MB young generation (--max-semi-space-size=1): every
// megabyte of garbage then costs a scavenge, so the GC runs counted over millions of packets bound what the
// parser allocates per packet. Prints one JSON line.
import { PerformanceObserver } from 'node:perf_hooks';
import { encodeCytonPacket, writeCytonPacket } from '../src/engine/protocols/cyton-encoder';
import { CytonParser } from '../src/engine/protocols/cyton-parser';
import { DaisyParser } from '../src/engine/protocols/daisy-parser';
import type { ParserSink, StreamParser } from '../src/engine/protocols/stream-parser';
import { encodeThinkGearPacket, rawRow } from '../src/engine/protocols/thinkgear-encoder';
import { ThinkGearParser } from '../src/engine/protocols/thinkgear-parser';

const PACKETS = 200_000;
const PASSES = 20;
const kind = process.argv[2] ?? 'cyton-buffer';

function cytonStream(): Uint8Array {
  const out = new Uint8Array(PACKETS * 33);
  const counts = new Int32Array(8);
  for (let p = 0; p < PACKETS; p++) {
    for (let c = 0; c < 8; c++) counts[c] = ((p * 7919 + c * 104729) % 16_000_000) - 8_000_000;
    writeCytonPacket(out, p * 33, { counter: p & 0xff, counts, accelCounts: [0, 0, 16384] });
  }
  out.set(encodeCytonPacket({ counter: 0, counts: [] }), 0);
  return out;
}

function thinkGearStream(): Uint8Array {
  const out = new Uint8Array(PACKETS * 8);
  for (let p = 0; p < PACKETS; p++) out.set(encodeThinkGearPacket(rawRow((p * 31) % 30000)), p * 8);
  return out;
}

const bytes = kind.startsWith('thinkgear') ? thinkGearStream() : cytonStream();
const pieces: Uint8Array[] = [];
if (kind.endsWith('buffer')) pieces.push(bytes);
else for (let i = 0; i < bytes.length; i += 64) pieces.push(bytes.subarray(i, i + 64));
const flushEach = kind.endsWith('flush');

function makeParser(sink: ParserSink): StreamParser {
  if (kind.startsWith('daisy')) return new DaisyParser(sink);
  if (kind.startsWith('thinkgear')) return new ThinkGearParser(sink);
  return new CytonParser(sink);
}

function parse(passes: number): number {
  let samples = 0;
  const parser = makeParser({
    samples(block) {
      samples += block.sampleCount;
    },
    gap() {},
  });
  for (let r = 0; r < passes; r++) {
    for (let i = 0; i < pieces.length; i++) {
      parser.push(pieces[i]!);
      if (flushEach) parser.flush();
    }
  }
  parser.finish();
  return samples;
}

for (let warm = 0; warm < 5; warm++) parse(1);
(globalThis as { gc?: () => void }).gc?.();
await new Promise((resolve) => setTimeout(resolve, 50));
let gcRuns = 0;
const observer = new PerformanceObserver((list) => (gcRuns += list.getEntries().length));
observer.observe({ entryTypes: ['gc'] });
const samples = parse(PASSES);
await new Promise((resolve) => setTimeout(resolve, 50));
observer.disconnect();
console.log(JSON.stringify({ kind, packets: PACKETS * PASSES, samples, gcRuns }));
