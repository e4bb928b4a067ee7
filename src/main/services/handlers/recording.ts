import type { RecordingMethods } from '../../../shared/api';
import type { Recorder } from '../recorder';
import { requireStore } from './recordings';
import type { DomainHandlers, ServiceContext } from './context';

function requireRecorder(ctx: ServiceContext): Recorder {
  requireStore(ctx);
  return ctx.recorder!;
}

export function recordingHandlers(ctx: ServiceContext): DomainHandlers<RecordingMethods> {
  return {
    'recording.start': (request) => requireRecorder(ctx).start(request),
    'recording.stop': () => requireRecorder(ctx).stop(),
  };
}
