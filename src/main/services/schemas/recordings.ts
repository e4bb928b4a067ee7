import { z } from 'zod';
import type { RecordingsMethods } from '../../../shared/api';
import { noParams } from './common';
import { plainText, recordingLabel } from './recording';
import type { ParamSchemas } from './types';

const recordingId = z.string().trim().min(4, 'give the recording id').max(64);
const nullableText = (what: string) => plainText(what, 80).nullable().optional();

export const recordingsSchemas = {
  'recordings.list': z
    .object({
      text: z.string().max(200).optional(),
      status: z.enum(['recording', 'complete', 'interrupted']).optional(),
      trashed: z.boolean().optional(),
    })
    .strict(),
  'recordings.get': z.object({ id: recordingId }).strict(),
  'recordings.update': z
    .object({
      id: recordingId,
      label: recordingLabel.optional(),
      subjectCode: nullableText('the subject code'),
      technician: nullableText('the technician'),
      notes: z.string().max(10_000, 'notes are at most 10,000 characters').optional(),
    })
    .strict(),
  'recordings.trash': z.object({ id: recordingId }).strict(),
  'recordings.restore': z.object({ id: recordingId }).strict(),
  'recordings.emptyTrash': z.object({ ids: z.array(recordingId).max(10_000).optional() }).strict(),
  'recordings.overview': z.object({ id: recordingId, columns: z.number().int().min(16).max(4096) }).strict(),
  'recordings.import': z
    .object({
      path: z.string().min(1, 'give the file to import').max(4096),
      label: recordingLabel.optional(),
      sampleRateHz: z.number().positive().max(1_000_000).optional(),
    })
    .strict(),
  'recordings.export': z
    .object({
      id: recordingId,
      format: z.enum(['edf', 'bdf', 'csv']),
      path: z.string().min(1).max(4096).optional(),
      deidentify: z.boolean().optional(),
    })
    .strict(),
  'recordings.jobs': noParams,
  'recordings.cancelJob': z.object({ jobId: z.uuid() }).strict(),
} satisfies ParamSchemas<RecordingsMethods>;
