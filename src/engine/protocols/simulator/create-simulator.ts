// One way to make any simulated board from what `clisonix simulate` takes: board, signal SPECs and a seed.
import { CYTON_CHANNELS, CYTON_SAMPLE_RATE_HZ, DAISY_CHANNELS, DAISY_SAMPLE_RATE_HZ } from '../cyton-format';
import { THINKGEAR_SAMPLE_RATE_HZ } from '../thinkgear-format';
import type { BoardSimulator, SimulatorFaults } from './board-simulator';
import { CytonBoardSimulator } from './cyton-simulator';
import { createSignalSource, parseSignalSpec } from './signal-plan';
import { ThinkGearSimulator } from './thinkgear-simulator';

export type SimulatedBoard = 'cyton' | 'daisy' | 'thinkgear';
export const SIMULATED_BOARDS: readonly SimulatedBoard[] = ['cyton', 'daisy', 'thinkgear'];

export interface SimulatorSetup {
  readonly board: SimulatedBoard;
  /** "channel:kind:Hz:uV" SPECs; none = the default synthetic headset. */
  readonly signals?: readonly string[];
  readonly seed?: number;
  readonly faults?: SimulatorFaults;
  readonly firmware?: string;
  readonly boardPowered?: boolean;
}

export function boardShape(board: SimulatedBoard): { channelCount: number; sampleRateHz: number } {
  if (board === 'cyton') return { channelCount: CYTON_CHANNELS, sampleRateHz: CYTON_SAMPLE_RATE_HZ };
  if (board === 'daisy') return { channelCount: DAISY_CHANNELS, sampleRateHz: DAISY_SAMPLE_RATE_HZ };
  return { channelCount: 1, sampleRateHz: THINKGEAR_SAMPLE_RATE_HZ };
}

/** Throws SignalSpecError with the offending SPEC named when a signal does not fit the board. */
export function createBoardSimulator(setup: SimulatorSetup): BoardSimulator {
  const { channelCount, sampleRateHz } = boardShape(setup.board);
  const specs = (setup.signals ?? []).map((s) => parseSignalSpec(s, channelCount, sampleRateHz));
  const signal = createSignalSource({ channelCount, sampleRateHz, seed: setup.seed ?? 1, specs });
  if (setup.board === 'thinkgear') return new ThinkGearSimulator({ signal, faults: setup.faults });
  return new CytonBoardSimulator({
    daisy: setup.board === 'daisy',
    signal,
    faults: setup.faults,
    firmware: setup.firmware,
    boardPowered: setup.boardPowered,
  });
}
