import { resolve } from 'node:path';
import { ConfigError, eventStoreFile, loadConfig, nestLogLevels } from './ledger-config';

describe('loadConfig', () => {
  it('given an empty environment, then the embedded defaults', () => {
    expect(loadConfig({}, '/srv/ledger')).toEqual({
      port: 3000,
      dataDir: resolve('/srv/ledger', 'data'),
      eventStore: 'sqlite',
      logLevel: 'log',
      bodyLimit: '1mb',
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
    });
    expect(config).toEqual({
      port: 8080,
      dataDir: '/var/lib/ledger',
      eventStore: 'esdb',
      eventStoreUrl: 'esdb://localhost:2113?tls=false',
      databaseUrl: 'postgres://ledger@localhost/ledger',
      logLevel: 'debug',
      bodyLimit: '512kb',
    });
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
  ])('given %p, then it fails naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
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
