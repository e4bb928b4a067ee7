import { z } from 'zod';
import type { DevicesMethods } from '../../../shared/api';
import { channelLabelProblem, labelsProblem } from '../../../shared/montages';
import { noParams } from './common';
import { boardKind, channelLabel, channelNumber, cytonGain, montageName } from './serial';
import type { ParamSchemas } from './types';

const labels = z
  .array(channelLabel)
  .min(1, 'give at least one label')
  .max(256)
  .superRefine((list, ctx) => {
    // Each label was checked on its own already; here only what the set adds (duplicates).
    if (list.some((label) => channelLabelProblem(label) !== null)) return;
    const problem = labelsProblem(list);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const devicesSchemas = {
  'devices.list': noParams,
  'source.setup': noParams,
  'source.setGain': z.object({ channel: channelNumber, gain: cytonGain }).strict(),
  'source.setChannelEnabled': z.object({ channel: channelNumber, enabled: z.boolean() }).strict(),
  'source.setChannelLabels': z.object({ labels, montage: montageName.optional() }).strict(),
  'source.applyMontage': z.object({ name: montageName }).strict(),
  'source.readings': noParams,
  'montages.list': noParams,
  'montages.save': z
    .object({
      name: montageName,
      labels,
      description: z.string().max(500).optional(),
      board: boardKind.optional(),
    })
    .strict(),
  'montages.delete': z.object({ name: montageName }).strict(),
} satisfies ParamSchemas<DevicesMethods>;
