import type { AppMethods } from '../../../shared/api';
import { PRODUCT_NAME } from '../paths';
import type { DomainHandlers, ServiceContext } from './context';

export function appHandlers(ctx: ServiceContext): DomainHandlers<AppMethods> {
  return {
    'app.info': async () => ({
      name: PRODUCT_NAME,
      version: ctx.options.version,
      mode: ctx.options.mode,
      platform: `${process.platform}-${process.arch}`,
      dataDir: ctx.options.dataDir,
      capabilities: {
        ...(await ctx.capabilities),
        engine: {
          available: ctx.engine.status.state !== 'failed',
          detail: ctx.engine.status.lastError ?? 'The analysis engine runs in a worker thread.',
        },
      },
    }),
  };
}
