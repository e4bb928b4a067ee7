// Connecting a headset on a serial port: the detected ports with the board each probably leads to (and why), an
// "Other port" field for a path typed by hand (pseudo-terminals are never listed), the board, its settings and
// the montage to start with.
import { useEffect, useId, useState } from 'react';
import type {
  BoardKind,
  ClisonixApi,
  ConnectRequest,
  Montage,
  SerialPortInfo,
  SourceStatus,
  TextBoardSettings,
} from '../../shared/api';
import { type ActionState, useDeviceList } from './device-hooks';

export const BOARD_CHOICES: readonly { board: BoardKind; title: string; detail: string }[] = [
  { board: 'cyton', title: 'OpenBCI Cyton', detail: '8 channels, 250 Hz' },
  { board: 'cyton-daisy', title: 'OpenBCI Cyton + Daisy', detail: '16 channels, 125 Hz' },
  { board: 'thinkgear', title: 'NeuroSky ThinkGear (MindWave)', detail: '1 channel, 512 Hz' },
  { board: 'text', title: 'Text board (Arduino and kin)', detail: 'one line of numbers per sample' },
];

const BOARD_CHANNELS: Record<BoardKind, number | null> = {
  cyton: 8,
  'cyton-daisy': 16,
  thinkgear: 1,
  text: null,
};

const OTHER = '__other__';
const STORAGE_KEY = 'clisonix.serialForm';

interface FormMemory {
  readonly port: string;
  readonly otherPath: string;
  readonly board: BoardKind;
  readonly montage: string;
}

function recall(): FormMemory {
  const fallback: FormMemory = { port: OTHER, otherPath: '', board: 'cyton', montage: '' };
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? 'null');
    if (typeof saved === 'object' && saved !== null)
      return { ...fallback, ...(saved as Partial<FormMemory>) };
  } catch {
    // A damaged setting falls back to the defaults.
  }
  return fallback;
}

function usbId(port: SerialPortInfo): string {
  return port.vendorId && port.productId ? `USB ${port.vendorId}:${port.productId}` : 'no USB id';
}

export function SerialConnectForm({
  api,
  source,
  montages,
  action,
}: {
  api: ClisonixApi;
  source: SourceStatus | null;
  montages: readonly Montage[];
  action: ActionState;
}) {
  const ids = useId();
  const devices = useDeviceList(api);
  const [memory] = useState(recall);
  const [chosenPort, setChosenPort] = useState(memory.port);
  // Until the technician picks a port, a port that looks like a headset is picked for them (with its board).
  const [touched, setTouched] = useState(memory.port !== OTHER || memory.otherPath !== '');
  const [otherPath, setOtherPath] = useState(memory.otherPath);
  const [chosenBoard, setChosenBoard] = useState<BoardKind>(memory.board);
  const [chosenMontage, setMontage] = useState(memory.montage);
  const [text, setText] = useState({
    channelCount: '2',
    sampleRateHz: '250',
    microvoltsPerUnit: '1',
    zeroOffset: '0',
    counterModulo: '',
    baudRate: '115200',
  });

  const ports = devices.list?.serialPorts ?? [];
  const likely = touched ? undefined : ports.find((p) => p.likelyBoard !== null);
  const port = likely?.path ?? chosenPort;
  const board = likely?.likelyBoard ?? chosenBoard;
  const setPort = (value: string) => {
    setTouched(true);
    setChosenPort(value);
    if (likely?.likelyBoard) setChosenBoard(likely.likelyBoard);
  };
  const setBoard = (value: BoardKind) => {
    setTouched(true);
    setChosenPort(port);
    setChosenBoard(value);
  };
  const path = port === OTHER ? otherPath.trim() : port;
  const channels = board === 'text' ? Number(text.channelCount) || null : BOARD_CHANNELS[board];
  const fitting = montages.filter((m) => channels === null || m.labels.length <= channels);
  // A montage that does not fit the board chosen now is left out rather than refused at connection.
  const montage = fitting.some((m) => m.name === chosenMontage) ? chosenMontage : '';
  const connecting = source?.state === 'connecting';

  useEffect(() => {
    window.localStorage.setItem(
      STORAGE_KEY,
      JSON.stringify({ port: chosenPort, otherPath, board: chosenBoard, montage: chosenMontage }),
    );
  }, [chosenPort, otherPath, chosenBoard, chosenMontage]);

  const choosePort = (value: string) => {
    setPort(value);
    const guess = ports.find((p) => p.path === value)?.likelyBoard;
    if (guess) setChosenBoard(guess);
  };

  const textSettings = (): TextBoardSettings => ({
    channelCount: Number(text.channelCount),
    sampleRateHz: Number(text.sampleRateHz),
    microvoltsPerUnit: Number(text.microvoltsPerUnit),
    ...(text.zeroOffset.trim() !== '' && { zeroOffset: Number(text.zeroOffset) }),
    ...(text.counterModulo.trim() !== '' && { counterModulo: Number(text.counterModulo) }),
  });

  const connect = () => {
    const request: ConnectRequest = {
      kind: 'serial',
      path,
      board,
      ...(board === 'text' && { text: textSettings() }),
      ...(board === 'text' && text.baudRate.trim() !== '' && { baudRate: Number(text.baudRate) }),
      ...(montage && { montage }),
    };
    void action.run(() => api.call('source.connect', request));
  };

  return (
    <form
      className="card serial-form"
      aria-labelledby={`${ids}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        connect();
      }}
    >
      <header className="card-header">
        <h2 id={`${ids}-title`}>Serial headset</h2>
        <button
          type="button"
          onClick={() => devices.refresh()}
          disabled={devices.loading}
          aria-label="Refresh the port list"
        >
          {devices.loading ? 'Looking…' : 'Refresh'}
        </button>
      </header>
      <fieldset className="port-list">
        <legend>Port</legend>
        {devices.error && <p className="error">The ports could not be listed: {devices.error}</p>}
        {devices.list?.serialProblem && <p className="error">{devices.list.serialProblem}</p>}
        {!devices.loading && ports.length === 0 && !devices.list?.serialProblem && (
          <p className="muted">
            No serial port found. Plug in the dongle and press Refresh, or type the path below.
          </p>
        )}
        <ul>
          {ports.map((p) => (
            <li key={p.path}>
              <label className="port-choice">
                <input
                  type="radio"
                  name={`${ids}-port`}
                  value={p.path}
                  checked={port === p.path}
                  onChange={() => choosePort(p.path)}
                />
                <span>
                  <strong>{p.path}</strong>{' '}
                  <span className="muted">
                    {p.manufacturer ?? 'unknown maker'}, {usbId(p)}
                  </span>
                  {p.likelyBoard && (
                    <span className="port-guess" data-testid="port-guess">
                      probably {BOARD_CHOICES.find((b) => b.board === p.likelyBoard)?.title ?? p.likelyBoard}:{' '}
                      {p.why}
                    </span>
                  )}
                  {p.latencyAdvice && <span className="port-latency warn">{p.latencyAdvice}</span>}
                </span>
              </label>
            </li>
          ))}
          <li className="port-choice">
            <input
              type="radio"
              name={`${ids}-port`}
              value={OTHER}
              checked={port === OTHER}
              onChange={() => setPort(OTHER)}
              aria-label="Port typed by hand"
            />
            <label htmlFor={`${ids}-other`}>Other port</label>
            <input
              id={`${ids}-other`}
              value={otherPath}
              placeholder="/dev/ttyUSB0, COM3, or the path clisonix simulate printed"
              size={44}
              spellCheck={false}
              onChange={(e) => {
                setOtherPath(e.target.value);
                setPort(OTHER);
              }}
              onFocus={() => setPort(OTHER)}
            />
          </li>
        </ul>
        <p className="muted small">
          Pseudo-terminals (the simulator, socat) are never listed: type their path under Other port.
        </p>
      </fieldset>
      <div className="form-row">
        <span className="field">
          <label htmlFor={`${ids}-board`}>Board</label>
          <select id={`${ids}-board`} value={board} onChange={(e) => setBoard(e.target.value as BoardKind)}>
            {BOARD_CHOICES.map((b) => (
              <option key={b.board} value={b.board}>
                {b.title} ({b.detail})
              </option>
            ))}
          </select>
        </span>
        <span className="field">
          <label htmlFor={`${ids}-montage`}>Montage</label>
          <select id={`${ids}-montage`} value={montage} onChange={(e) => setMontage(e.target.value)}>
            <option value="">None (Ch1, Ch2, …)</option>
            {fitting.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name} ({m.labels.length} ch)
              </option>
            ))}
          </select>
        </span>
      </div>
      {board === 'text' && (
        <fieldset className="form-row text-settings">
          <legend>Text board</legend>
          {(
            [
              ['channelCount', 'Channels', '1'],
              ['sampleRateHz', 'Rate (Hz)', 'any'],
              ['microvoltsPerUnit', 'µV per unit', 'any'],
              ['zeroOffset', 'Value at 0 µV', 'any'],
              ['counterModulo', 'Counter wraps at (optional)', '1'],
              ['baudRate', 'Baud rate', '1'],
            ] as const
          ).map(([key, label, step]) => (
            <label key={key} className="field">
              {label}
              <input
                type="number"
                step={step}
                value={text[key]}
                size={8}
                onChange={(e) => setText((t) => ({ ...t, [key]: e.target.value }))}
              />
            </label>
          ))}
        </fieldset>
      )}
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy || connecting || path === ''}>
          Connect
        </button>
        {connecting && (
          <>
            <progress aria-label="Connecting" />
            <span className="muted" role="status">
              {source.label}: opening the port and shaking hands with the board…
            </span>
            <button type="button" onClick={() => void action.run(() => api.call('source.disconnect', {}))}>
              Cancel
            </button>
          </>
        )}
        {path === '' && <span className="muted">Choose a port or type one under Other port.</span>}
      </div>
      {action.error && <ConnectError code={action.error.code} message={action.error.message} />}
    </form>
  );
}

/** A failed connection in words, with the commands that fix a permission problem on Linux set out to copy. */
function ConnectError({ code, message }: { code: string | null; message: string }) {
  return (
    <div className="connect-error" role="alert" data-testid="connect-error" data-code={code ?? ''}>
      <p className="error">{message}</p>
      {code === 'permission_denied' && (
        <div className="fix">
          <p>
            On Linux, serial ports belong to the dialout group. Either add yourself to it and log in again:
          </p>
          <pre>
            <code>sudo usermod -aG dialout $USER</code>
          </pre>
          <p>or give the OpenBCI dongle to your group with a udev rule, then reload the rules:</p>
          <pre>
            <code>
              {
                'echo \'SUBSYSTEM=="tty", ATTRS{idVendor}=="0403", ATTRS{idProduct}=="6015", MODE="0660", GROUP="dialout"\' | sudo tee /etc/udev/rules.d/60-openbci.rules\nsudo udevadm control --reload && sudo udevadm trigger'
              }
            </code>
          </pre>
        </div>
      )}
    </div>
  );
}
