// The app-wide memory of the live stream: it keeps filling while other pages are shown, so coming back to Live
// shows the last seconds instead of an empty screen.
import type { ClisonixApi } from '../../shared/api';
import { SampleRing } from './sample-ring';

export const LIVE_BUFFER_SECONDS = 20;

export class LiveBuffer {
  ring: SampleRing | null = null;
  /** Increments with every frame; a drawer redraws when it has changed. */
  version = 0;

  /** Starts filling from the API's frames; returns the function that stops it. */
  attach(api: ClisonixApi): () => void {
    return api.onFrame((frame) => {
      if (!this.ring?.fits(frame))
        this.ring = new SampleRing(frame.channelCount, frame.sampleRateHz, LIVE_BUFFER_SECONDS);
      this.ring.push(frame);
      this.version++;
    });
  }
}
