// Full-scale input range of each board's ADC in microvolts: what the brain engine needs for the railed fraction
// (a sample within 1 % of either end is railed). Derived from the same constants the parsers scale with.
import type { BoardKind } from '../../shared/api/acquisition';
import { CYTON_DEFAULT_GAIN, cytonMicrovoltsPerCount } from './cyton-format';
import { THINKGEAR_MICROVOLTS_PER_COUNT } from './thinkgear-format';

export interface AdcRangeUv {
  readonly min: number;
  readonly max: number;
}

/** ADS1299 (Cyton, Daisy): 24-bit two's complement, -2^23 .. 2^23 - 1 counts; +-187 500 uV at gain 24. */
export function cytonAdcRangeUv(gain: number = CYTON_DEFAULT_GAIN): AdcRangeUv {
  const uvPerCount = cytonMicrovoltsPerCount(gain);
  return { min: -(2 ** 23) * uvPerCount, max: (2 ** 23 - 1) * uvPerCount };
}

/** ThinkGear raw values are 16-bit signed counts. */
export function thinkGearAdcRangeUv(): AdcRangeUv {
  return {
    min: -(2 ** 15) * THINKGEAR_MICROVOLTS_PER_COUNT,
    max: (2 ** 15 - 1) * THINKGEAR_MICROVOLTS_PER_COUNT,
  };
}

/** The board's ADC range for a channel taken at `gain` (Cyton/Daisy), or null when the board's range is unknown. */
export function boardAdcRangeUv(board: BoardKind | null, gain?: number | null): AdcRangeUv | null {
  if (board === 'cyton' || board === 'cyton-daisy') return cytonAdcRangeUv(gain ?? CYTON_DEFAULT_GAIN);
  if (board === 'thinkgear') return thinkGearAdcRangeUv();
  return null;
}
