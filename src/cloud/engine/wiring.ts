// The cloud's connection to the desktop's engine (src/engine): the same code runs on both sides.
// Parts still null here are being written on their own branches (EDF/BDF/CSV readers in src/engine/formats,
// the brain engine in src/engine/brain and src/engine/dsp, the symphony in src/engine/symphony); the endpoints
// that need them answer 503 engine_unavailable until they are connected here.
import { FormatError } from '../../engine/formats/format-error';
import { parseOpenBciText } from '../../engine/formats/openbci-text';
import type { CloudEngine, EegReader } from './ports';

const utf8 = new TextDecoder('utf-8', { fatal: true });

const readOpenBciText: EegReader = (bytes) =>
  Promise.resolve().then(() => {
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new FormatError('OpenBCI GUI text file is not valid UTF-8 text');
    }
    const recording = parseOpenBciText(text);
    return {
      channelLabels: recording.channelLabels,
      sampleRateHz: recording.sampleRateHz,
      sampleCount: recording.sampleCount,
      data: recording.data,
    };
  });

export const desktopEngine: CloudEngine = {
  readers: { edf: null, bdf: null, 'openbci-text': readOpenBciText, csv: null },
  energyCheck: null,
  harmony: null,
  scanHarmonic: null,
  brainsync: null,
  neuralSymphony: null,
};
