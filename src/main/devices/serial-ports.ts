// The serial ports of the machine with a board guess each (`clisonix devices`, the connect dialog).
// SerialPort.list() shows USB and built-in ports; pseudo-terminals (the simulator) are not listed and are opened
// by path.
import { SerialPort } from 'serialport';
import type { BoardKind } from '../../shared/api/acquisition';
import { guessBoard } from './board-guess';

export interface SerialPortEntry {
  readonly path: string;
  readonly manufacturer: string | null;
  readonly serialNumber: string | null;
  readonly vendorId: string | null;
  readonly productId: string | null;
  readonly likelyBoard: BoardKind | null;
  readonly why: string | null;
}

/** What SerialPort.list() reports per port (typed here: the binding's own type does not resolve under "exports"). */
interface ListedPort {
  readonly path: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

export async function listSerialPorts(): Promise<SerialPortEntry[]> {
  const list: () => Promise<unknown> = SerialPort.list;
  const ports = (await list()) as ListedPort[];
  return ports.map((p) => {
    const guess = guessBoard(p);
    return {
      path: p.path,
      manufacturer: p.manufacturer ?? null,
      serialNumber: p.serialNumber ?? null,
      vendorId: p.vendorId ?? null,
      productId: p.productId ?? null,
      likelyBoard: guess?.board ?? null,
      why: guess?.why ?? null,
    };
  });
}
