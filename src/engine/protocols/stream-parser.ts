// The one streaming shape of every wire protocol: bytes in (any chunking), sample blocks, gaps and board events
// out through callbacks the caller provides. Parsers never throw on input, hold a bounded number of bytes, and
// count everything they could not use.
import type { SampleBlock, SampleGap } from '../../shared/samples';

/** Values a board reports beside its samples, stamped with the index of the next sample of the stream. */
export type BoardEvent =
  | { readonly kind: 'poor-signal'; readonly atSample: number; readonly value: number }
  | { readonly kind: 'attention'; readonly atSample: number; readonly value: number }
  | { readonly kind: 'meditation'; readonly atSample: number; readonly value: number }
  | { readonly kind: 'blink'; readonly atSample: number; readonly value: number }
  /** NeuroSky's eight on-chip band powers (delta, theta, low/high alpha, low/high beta, low/mid gamma), unitless. */
  | { readonly kind: 'band-powers'; readonly atSample: number; readonly values: readonly number[] };

export interface ParserSink {
  /**
   * Decoded samples in stream order. `block.data` is a view into the parser's own buffer and `block` itself is
   * reused: both are valid only during this call, so copy what you keep (this is what makes parsing allocation-free).
   */
  samples(block: SampleBlock): void;
  /** Samples known to be lost (counter jump or corrupt frame); the clock has moved past them. Never filled in. */
  gap(gap: SampleGap): void;
  event?(event: BoardEvent): void;
  /** Accelerometer (OpenBCI footer 0xC0), in g, for the sample at `atSample`. */
  accel?(atSample: number, xG: number, yG: number, zG: number): void;
}

/** Totals since the parser was made; reset() does not clear them. */
export interface ParserStats {
  /** Frames that passed every check the protocol allows. */
  framesAccepted: number;
  /** Well-framed packets that carried no usable sample (a Daisy half whose partner was lost). */
  framesUnused: number;
  /** Frames that failed an integrity check: a ThinkGear checksum, a Cyton counter its neighbours contradict, a malformed text line. */
  checksumFailures: number;
  /** Bytes that were not part of any accepted frame (garbage, partial or corrupt frames). */
  bytesDiscarded: number;
  /** Times the parser lost the frame boundary and had to search for it again. */
  resyncs: number;
  samples: number;
  gaps: number;
  missingSamples: number;
}

export interface StreamParser {
  readonly channelCount: number;
  readonly sampleRateHz: number;
  /** Feeds bytes as they arrive; emits whatever they complete. Never throws on any input. */
  push(bytes: Uint8Array): void;
  /** Emits the samples decoded so far as one block now (call once per arrival to keep latency low). */
  flush(): void;
  /** End of the stream: decides on bytes held back for look-ahead, then flushes. */
  finish(): void;
  /** Live counters (not a copy). */
  stats(): Readonly<ParserStats>;
  /** Forgets partial frames, sync and the sample clock (a new segment starts at sample 0). Counters keep running. */
  reset(): void;
}

export function emptyParserStats(): ParserStats {
  return {
    framesAccepted: 0,
    framesUnused: 0,
    checksumFailures: 0,
    bytesDiscarded: 0,
    resyncs: 0,
    samples: 0,
    gaps: 0,
    missingSamples: 0,
  };
}
