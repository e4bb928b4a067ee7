// Which headset a serial port probably leads to, from its USB identity. A guess for the port list only: the
// handshake decides (a Cyton's banner tells whether a Daisy is attached).
import type { BoardKind } from '../../shared/api/acquisition';

export interface UsbIdentity {
  readonly vendorId?: string | undefined;
  readonly productId?: string | undefined;
  readonly manufacturer?: string | undefined;
}

export interface BoardGuess {
  readonly board: BoardKind;
  readonly why: string;
}

const ARDUINO_VENDORS: Record<string, string> = {
  '2341': 'Arduino',
  '2a03': 'Arduino',
  '1b4f': 'SparkFun',
  '239a': 'Adafruit',
  '1a86': 'a CH340 USB-serial chip (Arduino clones)',
  '10c4': 'a Silicon Labs CP210x USB-serial chip',
};

export function guessBoard(port: UsbIdentity): BoardGuess | null {
  const vendor = port.vendorId?.toLowerCase();
  const product = port.productId?.toLowerCase();
  const maker = port.manufacturer ?? '';
  // The OpenBCI dongle is an FTDI FT231X with its own product id (OpenBCI docs; BrainFlow's board list).
  if (vendor === '0403' && product === '6015') {
    return { board: 'cyton', why: 'FTDI 0403:6015, the OpenBCI USB dongle (Cyton or Cyton+Daisy)' };
  }
  if (/neurosky|mindwave|thinkgear/i.test(maker)) {
    return { board: 'thinkgear', why: `made by "${maker}"` };
  }
  if (/openbci/i.test(maker)) return { board: 'cyton', why: `made by "${maker}"` };
  const arduino = vendor ? ARDUINO_VENDORS[vendor] : undefined;
  if (arduino) return { board: 'text', why: `USB vendor ${vendor ?? ''}: ${arduino}` };
  return null;
}
