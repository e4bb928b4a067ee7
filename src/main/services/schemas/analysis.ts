import { z } from 'zod';
import type { AnalysisMethods } from '../../../shared/api';
import { noParams } from './common';
import type { ParamSchemas } from './types';

const seconds = z.number().min(0);

const timeRange = {
  fromS: seconds.optional(),
  toS: seconds.optional(),
};

const source = z.union([
  z.object({ recordingId: z.string().min(1).max(100), ...timeRange }).strict(),
  z.object({ file: z.string().min(1).max(4096), ...timeRange }).strict(),
]);

const band = z
  .object({
    name: z.string().min(1).max(40),
    lowHz: z.number().min(0),
    highHz: z.number().positive(),
  })
  .strict();

const params = z
  .object({
    segmentSeconds: z.number().positive().max(600).optional(),
    bands: z.array(band).min(1).max(16).optional(),
    peakProminenceDb: z.number().min(0).max(60).optional(),
  })
  .strict();

const jobId = z.object({ jobId: z.string().min(1).max(100) }).strict();

export const analysisSchemas = {
  'analysis.run': z.object({ source, params: params.optional() }).strict(),
  'analysis.cancel': jobId,
  'analysis.jobs': noParams,
  'analysis.result': jobId,
  'analysis.get': z.object({ id: z.number().int().positive() }).strict(),
  'analysis.list': z.object({ recordingId: z.string().min(1).max(100) }).strict(),
  'analysis.samples': noParams,
} satisfies ParamSchemas<AnalysisMethods>;
