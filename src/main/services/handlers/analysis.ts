import type { AnalysisMethods } from '../../../shared/api';
import { bundledSamples } from '../analysis/samples';
import type { DomainHandlers, ServiceContext } from './context';

export function analysisHandlers(ctx: ServiceContext): DomainHandlers<AnalysisMethods> {
  const { analysis } = ctx;
  const samples = bundledSamples(ctx.options.resourcesDir);
  return {
    'analysis.run': (request) => analysis.run(request),
    'analysis.cancel': ({ jobId }) => analysis.cancel(jobId),
    'analysis.jobs': () => analysis.list(),
    'analysis.result': ({ jobId }) => analysis.result(jobId),
    'analysis.get': ({ id }) => analysis.get(id),
    'analysis.list': ({ recordingId }) => analysis.listStored(recordingId),
    'analysis.samples': () => samples(),
  };
}
