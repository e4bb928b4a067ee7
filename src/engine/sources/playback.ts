// Playback of a stored recording as an ordinary source (BrainFlow's playback board): sample i of the stream is
// sample i of the recording, or i modulo its length when looping (the demo headset loops).
import type { SampleBlock } from '../../shared/samples';
import type { PullSource } from './pull-source';

export interface PlaybackRecording {
  readonly sampleRateHz: number;
  readonly channelLabels: readonly string[];
  readonly sampleCount: number;
  /** Planar microvolts. */
  readonly data: Float32Array;
}

export function createPlaybackSource(recording: PlaybackRecording, options: { loop: boolean }): PullSource {
  const { sampleCount: length, channelLabels, sampleRateHz } = recording;
  const channelCount = channelLabels.length;
  if (length === 0) throw new RangeError('cannot play back an empty recording');
  if (recording.data.length !== length * channelCount) {
    throw new RangeError(
      `recording holds ${recording.data.length} values, expected ${channelCount} x ${length}`,
    );
  }
  return {
    sampleRateHz,
    channelLabels,
    sampleCount: options.loop ? Number.POSITIVE_INFINITY : length,
    read(firstSample, count): SampleBlock {
      const available = options.loop ? count : Math.max(0, Math.min(count, length - firstSample));
      const data = new Float32Array(channelCount * available);
      for (let c = 0; c < channelCount; c++) {
        const src = recording.data.subarray(c * length, (c + 1) * length);
        let written = 0;
        let at = firstSample % length;
        while (written < available) {
          const run = Math.min(available - written, length - at);
          data.set(src.subarray(at, at + run), c * available + written);
          written += run;
          at = 0;
        }
      }
      return { firstSample, sampleCount: available, channelCount, sampleRateHz, data };
    },
  };
}
