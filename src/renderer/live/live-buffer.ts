// The app-wide memory of the live stream: it keeps filling while other pages are shown, so coming back to Live
// shows the last seconds instead of an empty screen. Markers are kept in the ring's own coordinates.
import type { ClisonixApi, Marker } from '../../shared/api';
import { LiveAnalysis } from './live-analysis';
import { SampleRing } from './sample-ring';

export const LIVE_BUFFER_SECONDS = 20;

export interface PlacedMarker {
  readonly marker: Marker;
  /** Position in the ring's write count (`SampleRing.written`) of the sample the marker sits at. */
  readonly ringIndex: number;
}

export class LiveBuffer {
  ring: SampleRing | null = null;
  /** Increments with every change; a drawer redraws when it has changed. */
  version = 0;
  markers: PlacedMarker[] = [];
  /** The display filter in force and the rolling spectrum. */
  readonly analysis = new LiveAnalysis();
  /** Whether frames arrive filtered by the services (then the ring adds no DC blocker of its own). */
  #framesFiltered = false;
  #filterDescription: string | null = null;

  /** Starts filling from the API's frames and markers; returns the function that stops it. */
  attach(api: ClisonixApi): () => void {
    const offAnalysis = this.analysis.attach(api);
    const offSettings = this.analysis.onSettings(({ applied }) => {
      const changed = this.#filterDescription !== null && applied.description !== this.#filterDescription;
      this.#framesFiltered = applied.filtered;
      this.#filterDescription = applied.description;
      // Samples shown with another filter share neither shape nor scale with the new ones: start afresh.
      if (this.ring && (changed || this.ring.dcBlocker === applied.filtered)) {
        this.ring.blank(!applied.filtered);
        this.version++;
      }
    });
    const offFrames = api.onFrame((frame) => {
      if (!this.ring?.fits(frame)) {
        this.ring = new SampleRing(frame.channelCount, frame.sampleRateHz, LIVE_BUFFER_SECONDS);
        this.ring.blank(!this.#framesFiltered);
        this.markers = [];
      }
      this.ring.push(frame);
      this.version++;
    });
    const offMarkers = api.on('marker.added', (marker) => {
      const ring = this.ring;
      if (!ring || ring.segment !== marker.segment) return;
      // The marker may name a sample the UI has not been sent yet (frames are coalesced); it appears when it arrives.
      this.markers = [
        ...this.markers.filter((m) => m.ringIndex > ring.written - ring.capacity),
        { marker, ringIndex: ring.written + (marker.sample - ring.nextSample) },
      ];
      this.version++;
    });
    return () => {
      offAnalysis();
      offSettings();
      offFrames();
      offMarkers();
    };
  }
}
