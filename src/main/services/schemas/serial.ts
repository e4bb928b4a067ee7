// The serial variant of source.connect, and the settings shared with the devices domain (gains, labels).
import { z } from 'zod';
import {
  CYTON_CHANNELS,
  CYTON_GAINS,
  DAISY_CHANNELS,
  isCytonGain,
} from '../../../engine/protocols/cyton-format';
import { channelLabelProblem, montageNameProblem } from '../../../shared/montages';

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

export const boardKind = z.enum(['cyton', 'cyton-daisy', 'thinkgear', 'text']);

export const cytonGain = z
  .number()
  .refine(isCytonGain, { error: `a gain is one of the ADS1299 gains ${CYTON_GAINS.join(', ')}` });

export const channelNumber = z.number().int().min(1, 'channels count from 1').max(256);

export const channelLabel = z.string().superRefine((label, ctx) => {
  const problem = channelLabelProblem(label);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const montageName = z.string().superRefine((name, ctx) => {
  const problem = montageNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const textBoardSettings = z
  .object({
    channelCount: z.number().int().min(1, 'a text board has at least 1 channel').max(64),
    sampleRateHz: z.number().positive('the sample rate must be above 0 Hz').max(20_000),
    microvoltsPerUnit: z
      .number()
      .refine((v) => Number.isFinite(v) && v !== 0, 'the scale must be a number of microvolts other than 0'),
    zeroOffset: z.number().refine(Number.isFinite, 'the zero offset must be a finite number').optional(),
    counterModulo: z
      .number()
      .int()
      .min(2, 'a counter wraps at 2 or more')
      .max(2 ** 32)
      .optional(),
  })
  .strict();

export const serialConnectRequest = z
  .object({
    kind: z.literal('serial'),
    path: z
      .string()
      .min(1, 'give the port, e.g. /dev/ttyUSB0 or COM3')
      .max(1024)
      .refine((p) => p.trim() === p, 'the port path cannot start or end with a space')
      .refine((p) => !hasControlCharacter(p), 'the port path cannot contain control characters'),
    board: boardKind,
    baudRate: z.number().int().min(300).max(4_000_000).optional(),
    gains: z.array(cytonGain).min(1).max(DAISY_CHANNELS).optional(),
    text: textBoardSettings.optional(),
    montage: montageName.optional(),
  })
  .strict()
  .superRefine((request, ctx) => {
    if (request.board === 'text' && !request.text) {
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: 'a text board needs its channel count, sample rate and microvolts per unit',
      });
    }
    if (request.board !== 'text' && request.text) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'only text boards take text settings' });
    }
    const channels =
      request.board === 'cyton' ? CYTON_CHANNELS : request.board === 'cyton-daisy' ? DAISY_CHANNELS : 0;
    if (request.gains && channels === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['gains'],
        message: 'only the Cyton and the Cyton + Daisy have programmable gains',
      });
    } else if (request.gains && request.gains.length > channels) {
      ctx.addIssue({
        code: 'custom',
        path: ['gains'],
        message: `${request.gains.length} gains for a board with ${channels} channels`,
      });
    }
  });
