// Cyton packets from values: the inverse of the parser, used by the board simulator, the tests and the benchmarks.
import {
  CYTON_ACCEL_G_PER_COUNT,
  CYTON_CHANNELS,
  CYTON_FOOTER_ACCEL,
  CYTON_HEADER,
  CYTON_PACKET_BYTES,
  cytonMicrovoltsPerCount,
} from './cyton-format';

const MAX_24 = 2 ** 23 - 1;
const MIN_24 = -(2 ** 23);

/** Nearest ADC count for a voltage at a gain, clipped to the 24-bit range as the ADS1299 saturates. */
export function cytonCountsFromMicrovolts(microvolts: number, gain: number): number {
  const counts = Math.round(microvolts / cytonMicrovoltsPerCount(gain));
  return Math.max(MIN_24, Math.min(MAX_24, counts));
}

export function accelCountsFromG(g: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(g / CYTON_ACCEL_G_PER_COUNT)));
}

export interface CytonPacketContent {
  readonly counter: number;
  /** Eight signed 24-bit counts. */
  readonly counts: ArrayLike<number>;
  /** 0xC0..0xC6 (default 0xC0). */
  readonly footer?: number;
  /** The six aux bytes as they go on the wire (default: the accelerometer below, or zeros). */
  readonly aux?: ArrayLike<number>;
  /** Accelerometer counts X, Y, Z, written when the footer is 0xC0 and no raw aux bytes are given. */
  readonly accelCounts?: ArrayLike<number>;
}

/** Writes one 33-byte packet at out[offset]. */
export function writeCytonPacket(out: Uint8Array, offset: number, packet: CytonPacketContent): void {
  out[offset] = CYTON_HEADER;
  out[offset + 1] = packet.counter & 0xff;
  let at = offset + 2;
  for (let c = 0; c < CYTON_CHANNELS; c++, at += 3) {
    const v = (packet.counts[c] ?? 0) & 0xffffff;
    out[at] = v >>> 16;
    out[at + 1] = (v >>> 8) & 0xff;
    out[at + 2] = v & 0xff;
  }
  const footer = packet.footer ?? CYTON_FOOTER_ACCEL;
  for (let i = 0; i < 6; i++) out[offset + 26 + i] = 0;
  if (packet.aux) {
    for (let i = 0; i < 6; i++) out[offset + 26 + i] = (packet.aux[i] ?? 0) & 0xff;
  } else if (packet.accelCounts && footer === CYTON_FOOTER_ACCEL) {
    for (let axis = 0; axis < 3; axis++) {
      const v = (packet.accelCounts[axis] ?? 0) & 0xffff;
      out[offset + 26 + 2 * axis] = v >>> 8;
      out[offset + 27 + 2 * axis] = v & 0xff;
    }
  }
  out[offset + 32] = footer;
}

export function encodeCytonPacket(packet: CytonPacketContent): Uint8Array {
  const out = new Uint8Array(CYTON_PACKET_BYTES);
  writeCytonPacket(out, 0, packet);
  return out;
}
