// Keeps the last few seconds of every channel (raw, as recorded) and, on each tick, hands a copy of that window
// to the engine worker for the Live page's spectrum, band powers and quality. At most one window is in the
// engine at a time: a tick that finds it still busy is skipped and counted, so work never queues up behind a
// slow or crashed engine, and the main thread only copies samples.
import type { BoardKind, LiveSpectrum, LiveSpectrumUpdate, SourceStatus } from '../../../shared/api';
import type { SampleBlock, SampleGap } from '../../../shared/samples';
import type { PhysicalRange } from '../../../engine/brain/input';
import { DEFAULT_BANDS } from '../../../engine/brain/params';
import { ChannelRingBuffer } from '../../../engine/dsp/ring-buffer';
import type { LiveSpectrumInput, LiveSpectrumResult, MainsHz } from '../../../engine/live';
import { CYTON_DEFAULT_GAIN, cytonMicrovoltsPerCount } from '../../../engine/protocols/cyton-format';
import type { BlockConsumer } from '../acquisition';

export type AnalyseWindow = (
  input: LiveSpectrumInput,
) => Promise<LiveSpectrumResult & { readonly computeMs: number }>;

export interface LiveSpectrumConsumerOptions {
  /** Runs one window through the engine (the engine host's 'live.spectrum' request, its buffer transferred). */
  readonly analyse: AnalyseWindow;
  readonly publish: (update: LiveSpectrumUpdate) => void;
  /** False while the engine is (re)starting: a tick then waits, uncounted, rather than queue behind it. */
  readonly engineReady?: () => boolean;
  /** Told what mains frequency each analysed window shows hum at. */
  readonly onMainsSeen?: (hz: MainsHz | null) => void;
  /** Span of the analysed window; default 4 s (three 2 s Welch segments at 50 % overlap, as the reports use). */
  readonly windowSeconds?: number;
  /** Shortest window worth analysing: one 2 s Welch segment. */
  readonly minimumSeconds?: number;
  readonly maxFrequencyHz?: number;
}

/** What a tick did, for tests and the benchmark. */
export type TickOutcome = 'sent' | 'busy' | 'collecting' | 'unchanged' | 'idle' | 'engine-starting';

/**
 * The full-scale input range of a board's ADC in microvolts, for the railed check; null when unknown.
 * Cyton and Daisy (ADS1299, 4.5 V reference) at the default gain of 24: +-187 500 uV.
 */
export function adcRangeOf(board: BoardKind | null): PhysicalRange | null {
  if (board === 'cyton' || board === 'cyton-daisy') {
    const fullScaleUv = (2 ** 23 - 1) * cytonMicrovoltsPerCount(CYTON_DEFAULT_GAIN);
    return { min: -fullScaleUv, max: fullScaleUv };
  }
  return null;
}

interface Stream {
  readonly segment: number;
  readonly sampleRateHz: number;
  readonly channelCount: number;
  readonly ring: ChannelRingBuffer;
  readonly physicalRange: PhysicalRange | null;
  nextSample: number | null;
  /** Sample index just after the newest sample held. */
  endSample: number;
  /** ring.totalPushed at the last window sent, to skip ticks that would analyse the same samples again. */
  analysedAt: number;
}

export class LiveSpectrumConsumer implements BlockConsumer {
  readonly #options: LiveSpectrumConsumerOptions;
  #stream: Stream | null = null;
  #busy = false;
  #ticksSkipped = 0;
  #windowsAnalysed = 0;
  #lastUnavailable: string | null = null;

  constructor(options: LiveSpectrumConsumerOptions) {
    this.#options = options;
  }

  /** Ticks skipped because the engine was still busy with the previous window (since this consumer started). */
  get ticksSkipped(): number {
    return this.#ticksSkipped;
  }

  get windowsAnalysed(): number {
    return this.#windowsAnalysed;
  }

  get busy(): boolean {
    return this.#busy;
  }

  segmentStarted(segment: number, status: SourceStatus): void {
    const channelCount = status.channelLabels.length;
    const sampleRateHz = status.sampleRateHz;
    if (!(channelCount > 0 && sampleRateHz > 0)) {
      this.#stream = null;
      return;
    }
    this.#stream = this.#newStream(segment, channelCount, sampleRateHz, adcRangeOf(status.board));
    this.#publishCollecting();
  }

  block(block: SampleBlock, segment: number): void {
    let stream = this.#stream;
    if (!stream || stream.segment !== segment) return;
    if (block.channelCount !== stream.channelCount || block.sampleRateHz !== stream.sampleRateHz) {
      // A source whose blocks do not match its description: follow the blocks rather than drop them.
      stream = this.#newStream(segment, block.channelCount, block.sampleRateHz, stream.physicalRange);
      this.#stream = stream;
    }
    if (stream.nextSample !== null && block.firstSample !== stream.nextSample) stream.ring.clear();
    stream.ring.push(block);
    stream.nextSample = block.firstSample + block.sampleCount;
    stream.endSample = stream.nextSample;
  }

  gap(_gap: SampleGap, segment: number): void {
    // A gap is never bridged: the window starts filling again after it.
    if (this.#stream?.segment === segment) {
      this.#stream.ring.clear();
      this.#stream.nextSample = null;
      this.#publishCollecting();
    }
  }

  /** Sends the current window to the engine unless it is busy (skipped, counted) or there is nothing new. */
  tick(): TickOutcome {
    const stream = this.#stream;
    if (!stream) return 'idle';
    const minimum = Math.round((this.#options.minimumSeconds ?? 2) * stream.sampleRateHz);
    if (stream.ring.length < minimum) return 'collecting';
    if (stream.ring.totalPushed === stream.analysedAt) return 'unchanged';
    if (this.#busy) {
      this.#ticksSkipped++;
      return 'busy';
    }
    if (this.#options.engineReady && !this.#options.engineReady()) return 'engine-starting';
    const sampleCount = stream.ring.length;
    const data = new Float32Array(stream.channelCount * sampleCount);
    for (let c = 0; c < stream.channelCount; c++)
      stream.ring.copyLatest(c, sampleCount, data, c * sampleCount);
    stream.analysedAt = stream.ring.totalPushed;
    const endSample = stream.endSample;
    this.#busy = true;
    this.#options
      .analyse({
        channelCount: stream.channelCount,
        sampleCount,
        sampleRateHz: stream.sampleRateHz,
        data,
        physicalRange: stream.physicalRange,
        maxFrequencyHz: this.#options.maxFrequencyHz ?? 60,
      })
      .then(
        (result) => {
          this.#busy = false;
          this.#windowsAnalysed++;
          // A window of a segment that has since ended describes nothing on screen any more.
          if (this.#stream?.segment !== stream.segment) return;
          this.#lastUnavailable = null;
          this.#options.onMainsSeen?.(result.mainsSeenHz);
          this.#options.publish(this.#toUpdate(stream, result, sampleCount, endSample));
        },
        (error: unknown) => {
          this.#busy = false;
          const message = `The live spectrum is unavailable: ${error instanceof Error ? error.message : String(error)}`;
          // Said once per distinct reason: a failed engine would otherwise repeat itself four times a second.
          if (message === this.#lastUnavailable) return;
          this.#lastUnavailable = message;
          this.#options.publish({ state: 'unavailable', segment: stream.segment, message });
        },
      );
    return 'sent';
  }

  #newStream(
    segment: number,
    channelCount: number,
    sampleRateHz: number,
    physicalRange: PhysicalRange | null,
  ): Stream {
    const capacity = Math.max(1, Math.round((this.#options.windowSeconds ?? 4) * sampleRateHz));
    return {
      segment,
      sampleRateHz,
      channelCount,
      ring: new ChannelRingBuffer(channelCount, capacity),
      physicalRange,
      nextSample: null,
      endSample: 0,
      analysedAt: 0,
    };
  }

  #publishCollecting(): void {
    const stream = this.#stream;
    if (!stream) return;
    this.#lastUnavailable = null;
    const seconds = this.#options.minimumSeconds ?? 2;
    this.#options.publish({
      state: 'collecting',
      segment: stream.segment,
      message: `Collecting ${seconds} s of signal for the spectrum…`,
    });
  }

  #toUpdate(
    stream: Stream,
    result: LiveSpectrumResult & { readonly computeMs: number },
    sampleCount: number,
    endSample: number,
  ): LiveSpectrum {
    const bins = result.frequenciesHz.length;
    const bandCount = DEFAULT_BANDS.length;
    return {
      state: 'ready',
      segment: stream.segment,
      endSample,
      sampleRateHz: stream.sampleRateHz,
      windowSeconds: sampleCount / stream.sampleRateHz,
      binWidthHz: result.binWidthHz,
      frequenciesHz: Array.from(result.frequenciesHz),
      bands: DEFAULT_BANDS.map((b) => ({ name: b.name, lowHz: b.lowHz, highHz: b.highHz })),
      channels: result.quality.map((quality, c) => ({
        // 0.1 dB steps: finer than any screen shows, and 64 channels stay within some 50 KB of JSON.
        psdDb: Array.from(result.psdDb.subarray(c * bins, (c + 1) * bins), (db) =>
          Number.isNaN(db) ? null : Math.round(db * 10) / 10,
        ),
        bandsUv2: Array.from(result.bandsUv2.subarray(c * bandCount, (c + 1) * bandCount), (p) =>
          Number(p.toPrecision(4)),
        ),
        relative: Array.from(result.relative.subarray(c * bandCount, (c + 1) * bandCount), (r) =>
          Number.isNaN(r) ? null : Math.round(r * 1e4) / 1e4,
        ),
        quality: { label: quality.label, reasons: [...quality.reasons] },
      })),
      adcRangeUv: stream.physicalRange,
      computeMs: Math.round(result.computeMs * 100) / 100,
      ticksSkipped: this.#ticksSkipped,
    };
  }
}
