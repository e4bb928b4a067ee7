// A ConnectRequest of kind 'serial' as an AcquisitionSource: the SerialBoardSource, its failures turned into
// ApiErrors a technician can act on (permission denied names the dialout group and the udev rule), its advice
// (FTDI latency) and fixes told as notices, its board events handed on, and the montage chosen at connection.
import { ApiError, type Notice, type SerialConnectRequest } from '../../shared/api';
import { fitLabels } from '../../shared/montages';
import { CYTON_GAINS } from '../../engine/protocols/cyton-format';
import type { BoardEvent } from '../../engine/protocols/stream-parser';
import type {
  AcquisitionSource,
  ChannelControls,
  SourceDescription,
  SourceSink,
} from '../devices/acquisition-source';
import { DeviceError } from '../devices/board-drivers';
import { SerialBoardSource, type SerialBoardSourceOptions } from '../devices/serial-board-source';
import { SerialOpenError } from '../devices/serial-link';
import type { MontageStore } from './montages';

export interface SerialSourceHooks {
  readonly montages: MontageStore | null;
  notify(level: Notice['level'], message: string): void;
  /** ThinkGear poor signal, eSense and band powers; the source says whose they are. */
  boardEvent(source: AcquisitionSource, event: BoardEvent): void;
  accel(source: AcquisitionSource, atSample: number, xG: number, yG: number, zG: number): void;
}

/** Options the tests tune (shorter timeouts, a faster reconnection). */
export type SerialTuning = Pick<
  SerialBoardSourceOptions,
  'silenceTimeoutMs' | 'reconnect' | 'timeouts' | 'sysfsRoot'
>;

/** The error a failed open or handshake becomes. */
export function serialApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof SerialOpenError) {
    const code =
      error.problem === 'permission'
        ? 'permission_denied'
        : error.problem === 'missing'
          ? 'not_found'
          : error.problem === 'busy'
            ? 'conflict'
            : 'device_error';
    return new ApiError({ code, message: capitalise(error.message) });
  }
  if (error instanceof DeviceError)
    return new ApiError({ code: 'device_error', message: capitalise(error.message) });
  return new ApiError({
    code: 'device_error',
    message: capitalise(error instanceof Error ? error.message : String(error)),
  });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export class SerialSource implements AcquisitionSource {
  readonly controls?: ChannelControls;
  readonly #board: SerialBoardSource;
  readonly #labels: readonly string[] | null;
  readonly #notify: SerialSourceHooks['notify'];

  constructor(
    board: SerialBoardSource,
    labels: readonly string[] | null,
    /** The montage whose labels the channels carry from the start. */
    readonly montage: string | null,
    notify: SerialSourceHooks['notify'],
  ) {
    this.#board = board;
    this.#labels = labels;
    this.#notify = notify;
    if (board.gains !== null) {
      this.controls = {
        gainChoices: CYTON_GAINS,
        gains: () => board.gains ?? [],
        poweredDown: () => board.poweredDown ?? [],
        setGain: (channel, gain) => board.setGain(channel, gain).catch(rethrowAsApiError),
        setChannelPower: (channel, on) => board.setChannelPower(channel, on).catch(rethrowAsApiError),
      };
    }
  }

  get description(): SourceDescription {
    const d = this.#board.description;
    return this.#labels ? { ...d, channelLabels: this.#labels } : d;
  }

  /** The source underneath (its stats and state, for tests and diagnostics). */
  get board(): SerialBoardSource {
    return this.#board;
  }

  async start(sink: SourceSink): Promise<void> {
    try {
      await this.#board.start(sink);
    } catch (error) {
      const apiError = serialApiError(error);
      // The fix for a permission problem is a few commands long: it stays on screen as a notice while they are typed.
      if (apiError.code === 'permission_denied') this.#notify('error', apiError.message);
      throw apiError;
    }
  }

  stop(): Promise<void> {
    return this.#board.stop();
  }
}

function rethrowAsApiError(error: unknown): never {
  throw serialApiError(error);
}

export function createSerialSource(
  request: SerialConnectRequest,
  hooks: SerialSourceHooks,
  tuning: SerialTuning = {},
): SerialSource {
  const montage = request.montage === undefined ? null : (hooks.montages?.get(request.montage) ?? null);
  if (request.montage !== undefined && !montage) {
    throw new ApiError({ code: 'not_found', message: `There is no montage called "${request.montage}".` });
  }
  let source: SerialSource | null = null;
  let board: SerialBoardSource;
  try {
    board = new SerialBoardSource({
      ...tuning,
      path: request.path,
      board: request.board,
      ...(request.gains && { gains: request.gains }),
      ...(request.baudRate !== undefined && { baudRate: request.baudRate }),
      ...(request.text && { text: request.text }),
      onNotice: (message) => hooks.notify('warning', capitalise(message)),
      onBoardEvent: (event) => {
        if (source) hooks.boardEvent(source, event);
      },
      onAccel: (atSample, x, y, z) => {
        if (source) hooks.accel(source, atSample, x, y, z);
      },
    });
  } catch (error) {
    // Bad settings (a gain the ADS1299 lacks, a text board without its channel count) are the request's fault.
    if (error instanceof DeviceError || error instanceof RangeError) {
      throw new ApiError({ code: 'invalid_request', message: capitalise(error.message) });
    }
    throw error;
  }
  let labels: readonly string[] | null = null;
  if (montage) {
    const fit = fitLabels(montage.labels, board.description.channelLabels);
    if (!fit.ok) {
      throw new ApiError({
        code: 'invalid_request',
        message: `The montage "${montage.name}" does not fit this board: ${fit.problem}.`,
      });
    }
    labels = fit.labels;
  }
  source = new SerialSource(board, labels, montage?.name ?? null, (level, message) =>
    hooks.notify(level, message),
  );
  return source;
}
