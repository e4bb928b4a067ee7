// POST /api/ask: deterministic answers about the caller's own data (src/cloud/ask.ts).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { answer } from '../ask';
import { invalidToken } from '../http/errors';
import { cleanText, parseInput } from '../http/validate';
import type { AppContext } from '../server';

const AskBody = z.strictObject({
  question: cleanText({ min: 1, max: 2000 }),
  context: cleanText({ max: 2000 }).optional(),
  include_details: z.boolean().optional(),
});

export function askRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/ask', async (request) => {
    const who = await ctx.authenticate(request);
    const body = parseInput(AskBody, request.body, 'body');
    return answer(
      {
        recordings: ctx.recordings,
        alba: ctx.alba,
        analyses: ctx.analyses,
        userCreatedAt: async (userId) => {
          const user = await ctx.database.db
            .selectFrom('users')
            .select('created_at')
            .where('id', '=', userId)
            .executeTakeFirst();
          if (!user) throw invalidToken('This account no longer exists');
          return user.created_at;
        },
      },
      who,
      {
        question: body.question,
        ...(body.context === undefined ? {} : { context: body.context }),
        ...(body.include_details === undefined ? {} : { include_details: body.include_details }),
      },
    );
  });
}
