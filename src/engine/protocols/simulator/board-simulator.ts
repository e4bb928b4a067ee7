// A headset as a pure state machine: bytes the host writes in, the board's replies out, and the wire bytes of the
// next samples on demand. The pty simulator (main/devices) paces it in real time; tests drive it directly.
import type { BoardKind } from '../../../shared/api/acquisition';

export interface SimulatorFaults {
  /** Packets (counted from the start of streaming, every packet of every board) that never reach the host. */
  readonly dropPacket?: (packetIndex: number) => boolean;
  /** Noise on the line before packet `packetIndex` (null: none). */
  readonly garbageBefore?: (packetIndex: number) => Uint8Array | null;
}

export interface SimulatorStats {
  packetsSent: number;
  packetsDropped: number;
  garbageBytes: number;
  /** Samples of the host's sample clock generated so far (merged samples for a Daisy). */
  samplesGenerated: number;
}

export interface BoardSimulator {
  readonly board: Exclude<BoardKind, 'text'>;
  readonly baudRate: number;
  /** Rate of the host's sample clock (125 Hz for a Daisy, whose packets come at 250 Hz). */
  readonly sampleRateHz: number;
  readonly channelCount: number;
  readonly streaming: boolean;
  readonly stats: Readonly<SimulatorStats>;
  /** Processes bytes from the host; returns the board's reply (often empty). */
  receive(bytes: Uint8Array): Uint8Array;
  /** Wire bytes of the next `sampleCount` samples; empty while not streaming. */
  stream(sampleCount: number): Uint8Array;
}

/** Grows as needed while a simulator assembles a burst of packets. */
export class ByteSink {
  private bytes = new Uint8Array(1024);
  length = 0;

  reserve(extra: number): Uint8Array {
    if (this.length + extra > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    return this.bytes;
  }

  append(chunk: Uint8Array): void {
    this.reserve(chunk.length).set(chunk, this.length);
    this.length += chunk.length;
  }

  take(): Uint8Array {
    const out = this.bytes.slice(0, this.length);
    this.length = 0;
    return out;
  }
}
