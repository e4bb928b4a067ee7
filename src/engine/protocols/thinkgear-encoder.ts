// ThinkGear packets from data rows: the inverse of the parser, for the simulator and the tests.
import {
  THINKGEAR_CODE,
  THINKGEAR_MAX_PAYLOAD,
  THINKGEAR_MICROVOLTS_PER_COUNT,
  THINKGEAR_SYNC,
  thinkGearChecksum,
} from './thinkgear-format';

export function thinkGearCountsFromMicrovolts(microvolts: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(microvolts / THINKGEAR_MICROVOLTS_PER_COUNT)));
}

export function rawRow(counts: number): number[] {
  const v = counts & 0xffff;
  return [THINKGEAR_CODE.raw, 2, v >>> 8, v & 0xff];
}

/** A one-byte row (codes below 0x80): poor signal, attention, meditation, blink. */
export function byteRow(code: number, value: number): number[] {
  return [code & 0x7f, value & 0xff];
}

/** ASIC_EEG_POWER: eight unsigned 24-bit band powers. */
export function bandPowersRow(values: ArrayLike<number>): number[] {
  const row = [THINKGEAR_CODE.bandPowers, 24];
  for (let b = 0; b < 8; b++) {
    const v = Math.max(0, Math.min(0xffffff, Math.round(values[b] ?? 0)));
    row.push(v >>> 16, (v >>> 8) & 0xff, v & 0xff);
  }
  return row;
}

/** A whole packet around a payload (the concatenated rows). */
export function encodeThinkGearPacket(payload: readonly number[]): Uint8Array {
  if (payload.length > THINKGEAR_MAX_PAYLOAD) {
    throw new RangeError(`ThinkGear payload of ${payload.length} bytes exceeds ${THINKGEAR_MAX_PAYLOAD}`);
  }
  const out = new Uint8Array(payload.length + 4);
  out[0] = THINKGEAR_SYNC;
  out[1] = THINKGEAR_SYNC;
  out[2] = payload.length;
  for (let i = 0; i < payload.length; i++) out[3 + i] = payload[i]! & 0xff;
  out[3 + payload.length] = thinkGearChecksum(out, 3, payload.length);
  return out;
}
