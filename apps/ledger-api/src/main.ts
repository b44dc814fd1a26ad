import { ConfigError, loadConfig } from '@ledger/config';
import { serveApi } from './serve';

async function main(): Promise<void> {
  // The one place the API reads the environment.
  const config = loadConfig(process.env);
  await serveApi(config);
}

main().catch((error: unknown) => {
  // Configuration problems name their variables; anything else is a start-up failure worth its stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
