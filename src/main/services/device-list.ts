// The serial ports of this machine for the Devices page and `clisonix devices`: each with its USB identity, the
// board it probably leads to and why, and the FTDI latency timer where Linux lets us read it.
import type { DeviceList, SerialPortInfo } from '../../shared/api';
import { ftdiLatencyNotice, readFtdiLatency } from '../devices/ftdi-latency';

export interface ListDevicesOptions {
  /** Root of sysfs for the latency timers (default /sys). */
  readonly sysfsRoot?: string;
}

export async function listDevices(options: ListDevicesOptions = {}): Promise<DeviceList> {
  let ports;
  try {
    // serialport is native: a machine where it does not load still gets an answer saying so.
    const { listSerialPorts } = await import('../devices/serial-ports');
    ports = await listSerialPorts();
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    return {
      serialPorts: [],
      serialProblem: `The serial ports could not be listed: ${reason}. Reinstall with npm install, or type the port's path by hand.`,
    };
  }
  const serialPorts = await Promise.all(
    ports.map(async (port): Promise<SerialPortInfo> => {
      const latency = await readFtdiLatency(port.path, options.sysfsRoot);
      const advice = ftdiLatencyNotice(port.path, latency);
      return {
        path: port.path,
        manufacturer: port.manufacturer,
        serialNumber: port.serialNumber,
        vendorId: port.vendorId,
        productId: port.productId,
        likelyBoard: port.likelyBoard,
        why: port.why,
        ftdiLatencyMs: latency?.timerMs ?? null,
        latencyAdvice: advice ? advice.charAt(0).toUpperCase() + advice.slice(1) : null,
      };
    }),
  );
  // The likely headsets first, then by path, so the dongle is at the top of a long list of built-in ports.
  serialPorts.sort(
    (a, b) => Number(b.likelyBoard !== null) - Number(a.likelyBoard !== null) || a.path.localeCompare(b.path),
  );
  return { serialPorts, serialProblem: null };
}
