import type { LedgerConfig } from '@ledger/config';
import { Logger, type LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import { createApp } from './app.factory';
import { installGracefulShutdown } from './observability/graceful-shutdown';
import { LedgerMetrics } from './observability/ledger-metrics';
import { metricsUrl, startMetricsServer } from './observability/metrics-server';
import { startTracing } from './observability/tracing';

/**
 * The API as a long-running process (`main.ts`, `ledger serve`): tracing when asked for, the app on PORT,
 * Prometheus metrics on their own port, and a graceful SIGTERM.
 */
export async function serveApi(config: LedgerConfig): Promise<NestExpressApplication> {
  const tracing = config.tracing !== undefined ? startTracing(config.tracing) : undefined;
  const app = await createApp(config, { handleSignals: false });
  await app.listen(config.port);
  const logger: LoggerService = new Logger('LedgerApi');
  let metricsServer: Server | undefined;
  if (config.metrics !== undefined)
    metricsServer = await startMetricsServer(app.get(LedgerMetrics).registry, config.metrics.port, config.metrics.host);
  installGracefulShutdown(app, {
    drainTimeoutMs: config.shutdownTimeoutMs,
    logger: new Logger('Lifecycle'),
    alsoClose: [
      async () => metricsServer && (await new Promise((resolve) => metricsServer!.close(resolve))),
      async () => tracing && (await tracing.shutdown()),
    ],
  });
  logger.log(
    `serving on ${await app.getUrl()} (event store: ${config.eventStore}, data: ${config.dataDir}); OpenAPI at /docs` +
      (metricsServer !== undefined ? `; metrics at ${metricsUrl(metricsServer)}` : '') +
      (tracing !== undefined ? `; traces to ${config.tracing!.exporter}` : ''),
  );
  return app;
}
