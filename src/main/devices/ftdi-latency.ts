// The Linux ftdi_sio driver holds received bytes for its latency timer (16 ms by default) before passing them
// on, which turns the Cyton's steady 250 Hz into bursts. BrainFlow and the OpenBCI GUI docs advise 1 ms.
import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface FtdiLatency {
  readonly timerMs: number;
  /** The sysfs file that holds it. */
  readonly file: string;
}

/** The latency timer of an FTDI port on Linux, or null when there is none (not Linux, not FTDI, a pty...). */
export async function readFtdiLatency(devicePath: string, sysfsRoot = '/sys'): Promise<FtdiLatency | null> {
  let resolved = devicePath;
  try {
    resolved = await realpath(devicePath);
  } catch {
    // A path that does not resolve is looked up by its own name.
  }
  const file = path.join(sysfsRoot, 'bus/usb-serial/devices', path.basename(resolved), 'latency_timer');
  try {
    const timerMs = Number((await readFile(file, 'utf8')).trim());
    return Number.isFinite(timerMs) ? { timerMs, file } : null;
  } catch {
    return null;
  }
}

/** A notice for the technician when the timer makes data bursty, or null when it is fine. */
export function ftdiLatencyNotice(devicePath: string, latency: FtdiLatency | null): string | null {
  if (!latency || latency.timerMs <= 1) return null;
  return (
    `the FTDI latency timer of ${devicePath} is ${latency.timerMs} ms, so samples arrive in bursts; ` +
    `lower it to 1 ms: echo 1 | sudo tee ${latency.file} (to keep it, add a udev rule: ` +
    'ACTION=="add", SUBSYSTEM=="usb-serial", DRIVER=="ftdi_sio", ATTR{latency_timer}="1")'
  );
}
