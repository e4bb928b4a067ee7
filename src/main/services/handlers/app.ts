import type { AppMethods } from '../../../shared/api';
import { PRODUCT_NAME } from '../paths';
import type { DomainHandlers, ServiceContext } from './context';

export function appHandlers(ctx: ServiceContext): DomainHandlers<AppMethods> {
  return {
    'app.notices': () => ctx.recentNotices(),
    'app.info': async () => ({
      name: PRODUCT_NAME,
      version: ctx.options.version,
      mode: ctx.options.mode,
      platform: `${process.platform}-${process.arch}`,
      dataDir: ctx.options.dataDir,
      capabilities: {
        ...(await ctx.capabilities),
        storage: ctx.store
          ? { available: true, detail: `Recordings are stored in ${ctx.store.file}.` }
          : {
              available: false,
              detail: `Recordings cannot be saved: ${ctx.storeProblem ?? 'the store is not open'}`,
            },
        engine: {
          available: ctx.engine.status.state !== 'failed',
          detail: ctx.engine.status.lastError ?? 'The analysis engine runs in a worker thread.',
        },
      },
    }),
  };
}
