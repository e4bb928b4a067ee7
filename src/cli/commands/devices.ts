// `clisonix devices [--json]`: the serial ports (path, maker, USB ids, the board they probably lead to and why,
// the FTDI latency timer where readable) and the audio inputs (docs/design/CLI.md).
import { listAudioInputs } from '../../main/services/audio-inputs';
import { listDevices } from '../../main/services/device-list';
import { EXIT, parseCommandArgs, type CliCommand, type CliIo } from '../command';

const USAGE = `Usage: clisonix devices [--json]

Lists the serial ports of this machine with their maker, USB vendor:product id and the board they probably lead
to (the OpenBCI dongle is FTDI 0403:6015), and the audio inputs the sound system offers. The board is a guess from
the USB identity: the handshake at connection decides.

Pseudo-terminals (clisonix simulate --pty, socat) are not listed: open them by their path.

  --json   one JSON document on stdout:
           {"serial_ports": [{"path", "manufacturer", "serial_number", "vendor_id", "product_id", "likely_board",
             "why", "ftdi_latency_ms"}], "serial_problem", "audio_inputs": [{"id", "label"}], "audio_note"}
`;

const BOARD_NAMES: Record<string, string> = {
  cyton: 'OpenBCI Cyton (or Cyton + Daisy)',
  'cyton-daisy': 'OpenBCI Cyton + Daisy',
  thinkgear: 'NeuroSky ThinkGear',
  text: 'a text board (Arduino and kin)',
};

export const devicesCommand: CliCommand = {
  name: 'devices',
  summary: 'serial ports (with the headset they probably lead to) and audio inputs',
  usage: USAGE,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help) {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    const [devices, audio] = await Promise.all([listDevices(), listAudioInputs({ env: io.env })]);
    if (values.json) {
      const document = {
        serial_ports: devices.serialPorts.map((p) => ({
          path: p.path,
          manufacturer: p.manufacturer,
          serial_number: p.serialNumber,
          vendor_id: p.vendorId,
          product_id: p.productId,
          likely_board: p.likelyBoard,
          why: p.why,
          ftdi_latency_ms: p.ftdiLatencyMs,
        })),
        serial_problem: devices.serialProblem,
        audio_inputs: audio.inputs.map((a) => ({ id: a.id, label: a.label })),
        audio_note: audio.note,
      };
      io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout.write(formatText(devices, audio));
    return EXIT.ok;
  },
};

function formatText(
  devices: Awaited<ReturnType<typeof listDevices>>,
  audio: Awaited<ReturnType<typeof listAudioInputs>>,
): string {
  const lines: string[] = ['Serial ports'];
  if (devices.serialProblem) lines.push(`  ${devices.serialProblem}`);
  else if (devices.serialPorts.length === 0) lines.push('  none found');
  for (const p of devices.serialPorts) {
    const ids = p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : 'no USB id';
    lines.push(`  ${p.path}  ${p.manufacturer ?? 'unknown maker'}, ${ids}`);
    if (p.likelyBoard)
      lines.push(`      probably ${BOARD_NAMES[p.likelyBoard] ?? p.likelyBoard}: ${p.why ?? ''}`);
    if (p.ftdiLatencyMs !== null) {
      lines.push(
        `      FTDI latency timer ${p.ftdiLatencyMs} ms${p.latencyAdvice ? ` (${p.latencyAdvice})` : ''}`,
      );
    }
  }
  lines.push(
    '  (pseudo-terminals such as clisonix simulate --pty are not listed: open them by their path)',
    '',
  );
  lines.push('Audio inputs');
  for (const a of audio.inputs) lines.push(`  ${a.label}  (id ${a.id})`);
  lines.push(`  ${audio.note}`, '');
  return lines.join('\n');
}
