// OpenBCI Cyton wire format, as documented in OpenBCI/Documentation "Cyton Data Format" (03-Cyton_Data_Format.md)
// and decoded by BrainFlow (src/board_controller/openbci/cyton.cpp):
//   byte 0      0xA0 header
//   byte 1      sample counter, 0..255, wrapping
//   bytes 2-25  8 channels, 24-bit two's complement, most significant byte first
//   bytes 26-31 aux: with footer 0xC0 the accelerometer X, Y, Z as int16 big-endian; other footers carry user data
//               or time stamps (firmware v2+: 0xC1..0xC6)
//   byte 32     footer 0xC0..0xC6 (docs: "0xCX"; BrainFlow accepts 0xC0..0xC6, and so do we)
// Serial: 115200 baud 8-N-1 through the FTDI dongle (0403:6015).
export const CYTON_PACKET_BYTES = 33;
export const CYTON_HEADER = 0xa0;
export const CYTON_FOOTER_ACCEL = 0xc0;
export const CYTON_FOOTER_MAX = 0xc6;
export const CYTON_BAUD_RATE = 115200;
export const CYTON_SAMPLE_RATE_HZ = 250;
/** With a Daisy the two boards' packets alternate at 250 Hz, so each board's samples arrive at 125 Hz. */
export const DAISY_SAMPLE_RATE_HZ = 125;
export const CYTON_CHANNELS = 8;
export const DAISY_CHANNELS = 16;

/** ADS1299 programmable gains, indexed by the ASCII digit the `x...X` command uses ('0' = x1 ... '6' = x24). */
export const CYTON_GAINS = [1, 2, 4, 6, 8, 12, 24] as const;
export type CytonGain = (typeof CYTON_GAINS)[number];
export const CYTON_DEFAULT_GAIN: CytonGain = 24;

/** Microvolts per count: 4.5 V reference / gain / (2^23 - 1), as in the Cyton data format docs and BrainFlow. */
export function cytonMicrovoltsPerCount(gain: number): number {
  return (4.5 / gain / (2 ** 23 - 1)) * 1e6;
}

/** Accelerometer g per count: the LIS3DH at +-4 g, 2 mg per 16-bit left-justified count (docs: 0.002 / 2^4). */
export const CYTON_ACCEL_G_PER_COUNT = 0.002 / 16;

export function isCytonGain(gain: number): gain is CytonGain {
  return (CYTON_GAINS as readonly number[]).includes(gain);
}

export function isCytonFooter(byte: number): boolean {
  return byte >= CYTON_FOOTER_ACCEL && byte <= CYTON_FOOTER_MAX;
}
