import { readFileSync } from 'node:fs';
import type { NatsIntakeConfig } from '@ledger/config';
import { credsAuthenticator, nkeyAuthenticator } from '@nats-io/nats-core';
import type { NodeConnectionOptions } from '@nats-io/transport-node';

/** The NATS client's own connection options from LEDGER_NATS_*: servers, one way to authenticate, TLS files. */
export function natsConnectionOptions(config: NatsIntakeConfig): NodeConnectionOptions {
  return {
    servers: [...config.servers],
    name: `ledger-api ${config.consumer}`,
    // Once connected, the client reconnects on its own, forever (the first connection is retried by the intake).
    maxReconnectAttempts: -1,
    ...(config.user !== undefined ? { user: config.user, pass: config.password } : {}),
    ...(config.token !== undefined ? { token: config.token } : {}),
    ...(config.credsFile !== undefined ? { authenticator: credsAuthenticator(readFileSync(config.credsFile)) } : {}),
    ...(config.nkeySeedFile !== undefined
      ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(readFileSync(config.nkeySeedFile, 'utf8').trim())) }
      : {}),
    ...(config.tls !== undefined ? { tls: { ...config.tls } } : {}),
  };
}
