// A simulated NeuroSky headset: raw packets at 512 Hz, and once a second the status packet a MindWave sends
// (poor signal, the eight band powers, attention, meditation). It streams from power-on and ignores the
// configuration command bytes, as the headsets do once paired.
import type { PullSource } from '../../sources/pull-source';
import {
  bandPowersRow,
  byteRow,
  encodeThinkGearPacket,
  rawRow,
  thinkGearCountsFromMicrovolts,
} from '../thinkgear-encoder';
import { THINKGEAR_BAUD_RATES, THINKGEAR_CODE, THINKGEAR_SAMPLE_RATE_HZ } from '../thinkgear-format';
import { ByteSink, type BoardSimulator, type SimulatorFaults, type SimulatorStats } from './board-simulator';

export interface ThinkGearSimulatorOptions {
  /** One channel at 512 Hz. */
  readonly signal: PullSource;
  readonly baudRate?: number;
  /** Reported every second (0 = good contact, 200 = off the head). */
  readonly poorSignal?: number;
  readonly faults?: SimulatorFaults;
}

export class ThinkGearSimulator implements BoardSimulator {
  readonly board = 'thinkgear' as const;
  readonly baudRate: number;
  readonly sampleRateHz = THINKGEAR_SAMPLE_RATE_HZ;
  readonly channelCount = 1;
  readonly streaming = true;
  readonly stats: SimulatorStats = {
    packetsSent: 0,
    packetsDropped: 0,
    garbageBytes: 0,
    samplesGenerated: 0,
  };
  private packetIndex = 0;
  private readonly out = new ByteSink();

  constructor(private readonly options: ThinkGearSimulatorOptions) {
    this.baudRate = options.baudRate ?? THINKGEAR_BAUD_RATES[0];
    if (options.signal.channelLabels.length !== 1) {
      throw new RangeError(
        `the simulated ThinkGear needs a 1-channel signal, got ${options.signal.channelLabels.length}`,
      );
    }
  }

  receive(_bytes: Uint8Array): Uint8Array {
    return new Uint8Array(0);
  }

  stream(sampleCount: number): Uint8Array {
    if (sampleCount <= 0) return new Uint8Array(0);
    const first = this.stats.samplesGenerated;
    const block = this.options.signal.read(first, sampleCount);
    for (let i = 0; i < sampleCount; i++) {
      this.emit(encodeThinkGearPacket(rawRow(thinkGearCountsFromMicrovolts(block.data[i]!))));
      const n = first + i;
      if (n % THINKGEAR_SAMPLE_RATE_HZ === THINKGEAR_SAMPLE_RATE_HZ - 1) this.emit(this.statusPacket(n));
    }
    this.stats.samplesGenerated += sampleCount;
    return this.out.take();
  }

  private statusPacket(sample: number): Uint8Array {
    const second = Math.floor(sample / THINKGEAR_SAMPLE_RATE_HZ);
    const bands = [800_000, 300_000, 90_000, 60_000, 40_000, 30_000, 10_000, 5_000].map(
      (v, b) => v * (1 + 0.1 * Math.sin(second + b)),
    );
    return encodeThinkGearPacket([
      ...byteRow(THINKGEAR_CODE.poorSignal, this.options.poorSignal ?? 0),
      ...bandPowersRow(bands),
      ...byteRow(THINKGEAR_CODE.attention, 40 + ((second * 7) % 30)),
      ...byteRow(THINKGEAR_CODE.meditation, 50 + ((second * 11) % 30)),
    ]);
  }

  private emit(packet: Uint8Array): void {
    const faults = this.options.faults;
    const index = this.packetIndex++;
    const garbage = faults?.garbageBefore?.(index) ?? null;
    if (garbage) {
      this.out.append(garbage);
      this.stats.garbageBytes += garbage.length;
    }
    if (faults?.dropPacket?.(index)) {
      this.stats.packetsDropped++;
      return;
    }
    this.out.append(packet);
    this.stats.packetsSent++;
  }
}
