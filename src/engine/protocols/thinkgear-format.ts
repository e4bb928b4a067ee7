// NeuroSky ThinkGear serial stream (MindWave, MindWave Mobile, MindSet, TGAM), as specified in NeuroSky's
// "ThinkGear Serial Stream Guide" (developer.neurosky.com, thinkgear_communications_protocol):
//   [0xAA][0xAA][PLENGTH][PAYLOAD: PLENGTH bytes][CHKSUM]
//   PLENGTH 0..169 (170 is a SYNC byte: the packet starts one byte later; above 170 is an error)
//   CHKSUM = one's complement of the low 8 bits of the sum of the payload bytes
// The payload is a list of data rows [0x55 EXCODE...][CODE][VLENGTH if CODE >= 0x80][VALUE]:
//   0x02 POOR_SIGNAL (1 byte, 0..200)   0x04 ATTENTION (0..100)   0x05 MEDITATION (0..100)   0x16 BLINK strength
//   0x80 RAW wave value, 2 bytes, signed 16-bit big-endian (NeuroSky KB: "(hiByte<<8)|loByte" as a short), 512 Hz
//   0x83 ASIC_EEG_POWER, 24 bytes: eight 3-byte unsigned big-endian band powers
// Baud: 57600 with raw output (MindWave, TGAM "57.6k normal + raw"); older units and TGAM defaults 9600.
export const THINKGEAR_SYNC = 0xaa;
export const THINKGEAR_EXCODE = 0x55;
export const THINKGEAR_MAX_PAYLOAD = 169;
export const THINKGEAR_SAMPLE_RATE_HZ = 512;
export const THINKGEAR_BAUD_RATES = [57600, 9600] as const;

export const THINKGEAR_CODE = {
  poorSignal: 0x02,
  attention: 0x04,
  meditation: 0x05,
  blink: 0x16,
  raw: 0x80,
  bandPowers: 0x83,
} as const;

/**
 * Microvolts per raw count: 1.8 V ADC reference over 4096 steps, amplifier gain 2000 ("[rawValue * (1.8/4096)] /
 * 2000" volts, the conversion NeuroSky gives for MindWave raw values), so about 0.22 uV per count.
 */
export const THINKGEAR_MICROVOLTS_PER_COUNT = (1.8 / 4096 / 2000) * 1e6;

export function thinkGearChecksum(payload: Uint8Array, start: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += payload[start + i]!;
  return ~sum & 0xff;
}
