import { z } from 'zod';

/** Methods without parameters accept only an empty object: a stray field is a client bug worth hearing about. */
export const noParams = z.object({}).strict();
