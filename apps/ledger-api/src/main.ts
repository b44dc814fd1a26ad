import { ConfigError, loadConfig } from '@ledger/config';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  // The one place the API reads the environment.
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.port);
  new Logger('LedgerApi').log(`serving on ${await app.getUrl()} (event store: ${config.eventStore}, data: ${config.dataDir}); OpenAPI at /docs`);
}

main().catch((error: unknown) => {
  // Configuration problems name their variables; anything else is a start-up failure worth its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
