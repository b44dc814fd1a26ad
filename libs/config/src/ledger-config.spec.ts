import { resolve } from 'node:path';
import { ConfigError, eventStoreFile, figureStoreFile, loadConfig, nestLogLevels } from './ledger-config';

describe('loadConfig', () => {
  it('given an empty environment, then the embedded defaults', () => {
    expect(loadConfig({}, '/srv/ledger', false)).toEqual({
      port: 3000,
      dataDir: resolve('/srv/ledger', 'data'),
      eventStore: 'sqlite',
      logLevel: 'log',
      bodyLimit: '1mb',
      rateLimit: { limit: 60, windowMs: 60_000 },
      projector: 'in-process',
      figuresFile: 'events',
      logFormat: 'json',
      shutdownTimeoutMs: 8000,
    });
  });

  it('given every variable, then each is read', () => {
    const config = loadConfig({
      PORT: '8080',
      LEDGER_DATA_DIR: '/var/lib/ledger',
      LEDGER_EVENT_STORE: 'esdb',
      EVENTSTORE_URL: 'esdb://localhost:2113?tls=false',
      DATABASE_URL: 'postgres://ledger@localhost/ledger',
      LEDGER_LOG_LEVEL: 'debug',
      LEDGER_BODY_LIMIT: '512kb',
      LEDGER_ADMIN_KEY: 'a'.repeat(40),
      LEDGER_PSEUDONYM_SECRET: 's'.repeat(32),
      LEDGER_KEY_HASH_SECRET: 'h'.repeat(32),
      LEDGER_JWT_ISSUER: 'https://idp.example',
      LEDGER_JWT_AUDIENCE: 'ledger',
      LEDGER_JWT_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
      LEDGER_JWT_ALGORITHMS: 'ES256,EdDSA',
      LEDGER_RATE_LIMIT: '5/s',
      LEDGER_PROJECTOR: 'external',
      LEDGER_FIGURES_FILE: 'events',
      LEDGER_LOG_FORMAT: 'pretty',
      LEDGER_METRICS_PORT: '9464',
      LEDGER_METRICS_HOST: '10.0.0.7',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_SERVICE_NAME: 'ledger-eu',
      LEDGER_SHUTDOWN_TIMEOUT_MS: '5000',
    });
    expect(config).toEqual({
      port: 8080,
      dataDir: '/var/lib/ledger',
      eventStore: 'esdb',
      eventStoreUrl: 'esdb://localhost:2113?tls=false',
      databaseUrl: 'postgres://ledger@localhost/ledger',
      logLevel: 'debug',
      bodyLimit: '512kb',
      adminKey: 'a'.repeat(40),
      pseudonymSecret: 's'.repeat(32),
      keyHashSecret: 'h'.repeat(32),
      jwt: {
        issuer: 'https://idp.example',
        audience: 'ledger',
        jwksUrl: 'https://idp.example/.well-known/jwks.json',
        algorithms: ['ES256', 'EdDSA'],
      },
      rateLimit: { limit: 5, windowMs: 1000 },
      projector: 'external',
      figuresFile: 'events',
      logFormat: 'pretty',
      metrics: { port: 9464, host: '10.0.0.7' },
      tracing: { exporter: 'otlp', serviceName: 'ledger-eu' },
      shutdownTimeoutMs: 5000,
    });
  });

  it('logs JSON when stdout is not a terminal and readable lines when it is, unless LEDGER_LOG_FORMAT says', () => {
    expect(loadConfig({}, '/srv', false).logFormat).toBe('json');
    expect(loadConfig({}, '/srv', true).logFormat).toBe('pretty');
    expect(loadConfig({ LEDGER_LOG_FORMAT: 'json' }, '/srv', true).logFormat).toBe('json');
  });

  it('traces only when the OTEL_* variables ask for it', () => {
    expect(loadConfig({}).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toEqual({
      exporter: 'otlp',
      serviceName: 'cooperation-ledger',
    });
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'console' }).tracing?.exporter).toBe('console');
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).tracing).toBeUndefined();
    expect(loadConfig({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }).tracing).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LEDGER_EVENT_STORE: 'postgres' }, 'LEDGER_EVENT_STORE'],
    [{ LEDGER_EVENT_STORE: 'esdb' }, 'EVENTSTORE_URL'],
    [{ EVENTSTORE_URL: 'http://localhost:2113' }, 'EVENTSTORE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ LEDGER_LOG_LEVEL: 'chatty' }, 'LEDGER_LOG_LEVEL'],
    [{ LEDGER_BODY_LIMIT: 'huge' }, 'LEDGER_BODY_LIMIT'],
    [{ LEDGER_ADMIN_KEY: 'short' }, 'LEDGER_ADMIN_KEY'],
    [{ LEDGER_PSEUDONYM_SECRET: 'short' }, 'LEDGER_PSEUDONYM_SECRET'],
    [{ LEDGER_KEY_HASH_SECRET: 'short' }, 'LEDGER_KEY_HASH_SECRET'],
    [{ LEDGER_JWT_JWKS_URL: 'https://idp.example/jwks' }, 'LEDGER_JWT_ISSUER'],
    [{ LEDGER_JWT_ISSUER: 'https://idp.example' }, 'LEDGER_JWT_JWKS_URL'],
    [{ LEDGER_JWT_ISSUER: 'i', LEDGER_JWT_PUBLIC_KEY: 'not a pem' }, 'LEDGER_JWT_PUBLIC_KEY'],
    [{ LEDGER_JWT_ISSUER: 'i', LEDGER_JWT_JWKS_URL: 'https://i/j', LEDGER_JWT_ALGORITHMS: 'HS256' }, 'LEDGER_JWT_ALGORITHMS'],
    [{ LEDGER_JWT_ISSUER: 'i', LEDGER_JWT_JWKS_URL: 'https://i/j', LEDGER_JWT_MAX_AGE: 'forever' }, 'LEDGER_JWT_MAX_AGE'],
    [{ LEDGER_JWT_ISSUER: 'i', LEDGER_JWT_JWKS_URL: 'https://i/j', LEDGER_JWT_CLOCK_SKEW: '3600' }, 'LEDGER_JWT_CLOCK_SKEW'],
    [{ LEDGER_RATE_LIMIT: 'lots' }, 'LEDGER_RATE_LIMIT'],
    [{ LEDGER_LOG_FORMAT: 'xml' }, 'LEDGER_LOG_FORMAT'],
    [{ LEDGER_METRICS_PORT: 'ninety' }, 'LEDGER_METRICS_PORT'],
    [{ OTEL_TRACES_EXPORTER: 'zipkin' }, 'OTEL_TRACES_EXPORTER'],
    [{ LEDGER_SHUTDOWN_TIMEOUT_MS: '20000' }, 'LEDGER_SHUTDOWN_TIMEOUT_MS'],
  ])('given %p, then it fails naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('given a PEM public key on one line with \\n, then it is read with newlines', () => {
    const config = loadConfig({
      LEDGER_JWT_ISSUER: 'i',
      LEDGER_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nMCow\\n-----END PUBLIC KEY-----',
    });
    expect(config.jwt?.publicKeyPem).toBe('-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----');
  });

  it('given several wrong variables, then every one is reported at once', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: '-1', LEDGER_LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toHaveLength(2);
  });

  it('maps a log level to itself and the more severe ones', () => {
    expect(nestLogLevels('warn')).toEqual(['error', 'warn']);
    expect(nestLogLevels('verbose')).toHaveLength(5);
  });
});

describe('eventStoreFile', () => {
  it('places the embedded store in the data directory', () => {
    expect(eventStoreFile(loadConfig({ LEDGER_DATA_DIR: '/var/lib/ledger' }))).toBe('/var/lib/ledger/events.sqlite');
  });
});

describe('LEDGER_FIGURES_FILE', () => {
  it("keeps the embedded figures in the events' file by default, or in a file of their own in the data directory", () => {
    expect(figureStoreFile(loadConfig({ LEDGER_DATA_DIR: '/var/lib/ledger' }))).toBe('/var/lib/ledger/events.sqlite');
    expect(figureStoreFile(loadConfig({ LEDGER_DATA_DIR: '/var/lib/ledger', LEDGER_FIGURES_FILE: 'own' }))).toBe(
      '/var/lib/ledger/figures.sqlite',
    );
  });

  it('names the variable when its value is unknown, or when DATABASE_URL keeps the figures in PostgreSQL', () => {
    expect(() => loadConfig({ LEDGER_FIGURES_FILE: '/tmp/figures.sqlite' })).toThrow(/LEDGER_FIGURES_FILE must be one of events, own/);
    expect(() => loadConfig({ LEDGER_FIGURES_FILE: 'own', DATABASE_URL: 'postgres://db/ledger' })).toThrow(
      /LEDGER_FIGURES_FILE=own .* DATABASE_URL/,
    );
  });
});

describe('LEDGER_PROJECTOR', () => {
  it('runs the projector in the API process by default (on its event loop, or on a thread), and leaves it to `ledger project` when external', () => {
    expect(loadConfig({}).projector).toBe('in-process');
    expect(loadConfig({ LEDGER_PROJECTOR: 'thread' }).projector).toBe('thread');
    expect(loadConfig({ LEDGER_PROJECTOR: 'external' }).projector).toBe('external');
  });

  it('names the variable when its value is unknown', () => {
    expect(() => loadConfig({ LEDGER_PROJECTOR: 'sometimes' })).toThrow(/LEDGER_PROJECTOR must be one of in-process, thread, external/);
  });

  it('reads the stall threshold and the re-verification rate, and refuses values out of range', () => {
    expect(loadConfig({ LEDGER_PROJECTOR_STALL_SECONDS: '30', LEDGER_VERIFY_SWEEP_RATE: '0' })).toMatchObject({
      projectorStallSeconds: 30,
      verifySweepRate: 0,
    });
    expect(loadConfig({})).not.toHaveProperty('projectorStallSeconds');
    expect(() => loadConfig({ LEDGER_PROJECTOR_STALL_SECONDS: '0' })).toThrow(/LEDGER_PROJECTOR_STALL_SECONDS/);
    expect(() => loadConfig({ LEDGER_VERIFY_SWEEP_RATE: 'fast' })).toThrow(/LEDGER_VERIFY_SWEEP_RATE/);
  });

  it('accepts only the connection-string schemes the EventStoreDB client parses', () => {
    expect(() => loadConfig({ LEDGER_EVENT_STORE: 'esdb', EVENTSTORE_URL: 'kurrentdb://localhost:2113' })).toThrow(/EVENTSTORE_URL/);
    expect(loadConfig({ LEDGER_EVENT_STORE: 'esdb', EVENTSTORE_URL: 'esdb+discover://a:2113,b:2113' }).eventStoreUrl).toBe(
      'esdb+discover://a:2113,b:2113',
    );
  });
});
