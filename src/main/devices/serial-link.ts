// The small boundary between the acquisition logic and node-serialport: open a path at a baud rate, get bytes in
// order, write bytes, learn when the port goes away. Everything above it is plain logic; tests run it on real
// pseudo-terminals through the real binding.
import { SerialPort } from 'serialport';

export interface SerialLink {
  readonly path: string;
  readonly baudRate: number;
  /** Every chunk received, in order. */
  onData: (chunk: Uint8Array) => void;
  /** The port went away by itself (unplugged, I/O error); not called after close(). */
  onLost: (reason: string) => void;
  /** Resolves once the bytes are handed to the OS. */
  write(bytes: Uint8Array | string): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}

export type SerialOpener = (path: string, baudRate: number) => Promise<SerialLink>;

export type SerialOpenProblem = 'permission' | 'missing' | 'busy' | 'other';

export class SerialOpenError extends Error {
  override readonly name = 'SerialOpenError';
  constructor(
    message: string,
    readonly problem: SerialOpenProblem,
  ) {
    super(message);
  }
}

/** A readable error for a failed open, naming the fix where there is one. */
export function explainOpenError(
  path: string,
  message: string,
  platform = process.platform,
): SerialOpenError {
  if (/permission denied|EACCES|access denied/i.test(message)) {
    const fix =
      platform === 'linux'
        ? 'add your user to the dialout group (sudo usermod -aG dialout $USER, then log out and back in) ' +
          'or install a udev rule that gives you the device, e.g. /etc/udev/rules.d/60-openbci.rules with ' +
          'SUBSYSTEM=="tty", ATTRS{idVendor}=="0403", ATTRS{idProduct}=="6015", MODE="0660", GROUP="dialout"'
        : 'check that no other user or program owns it and that you may use serial devices';
    return new SerialOpenError(`permission denied opening ${path}: ${fix}`, 'permission');
  }
  if (/no such file|ENOENT|cannot find|not found/i.test(message)) {
    return new SerialOpenError(
      `no serial port at ${path}: is the dongle or headset plugged in? (clisonix devices lists the ports)`,
      'missing',
    );
  }
  if (/busy|lock|EBUSY|temporarily unavailable/i.test(message)) {
    return new SerialOpenError(
      `${path} is in use by another program (OpenBCI GUI, a terminal, another Clisonix): close it and retry`,
      'busy',
    );
  }
  return new SerialOpenError(`cannot open ${path}: ${message}`, 'other');
}

class NodeSerialLink implements SerialLink {
  onData: (chunk: Uint8Array) => void = () => {};
  onLost: (reason: string) => void = () => {};
  private closing: Promise<void> | null = null;

  constructor(
    private readonly port: SerialPort,
    readonly path: string,
    readonly baudRate: number,
  ) {
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('error', (error: Error) => {
      if (!this.closing) this.onLost(`serial port error: ${error.message}`);
    });
    port.on('close', (error: (Error & { disconnected?: boolean }) | null) => {
      if (this.closing) return;
      this.onLost(
        error?.disconnected
          ? 'the device was disconnected'
          : `the port closed (${error?.message ?? 'no reason given'})`,
      );
    });
  }

  write(bytes: Uint8Array | string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closing || !this.port.isOpen) {
        reject(new Error(`cannot write to ${this.path}: the port is closed`));
        return;
      }
      this.port.write(bytes, (error) => {
        if (error) reject(new Error(`cannot write to ${this.path}: ${error.message}`));
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise((resolve) => {
      if (!this.port.isOpen) {
        resolve();
        return;
      }
      this.port.close(() => resolve());
    });
    return this.closing;
  }
}

/** Opens a port through node-serialport (8-N-1, no flow control). Rejects with a SerialOpenError. */
export const openSerialPort: SerialOpener = (path, baudRate) =>
  new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((error) => {
      if (error) reject(explainOpenError(path, error.message));
      else resolve(new NodeSerialLink(port, path, baudRate));
    });
  });
