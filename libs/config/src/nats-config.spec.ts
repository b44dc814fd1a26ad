import { ConfigError, loadConfig } from './ledger-config';

describe('LEDGER_NATS_* configuration', () => {
  it('given no LEDGER_NATS_URL, then no intake', () => {
    expect(loadConfig({}, '/srv').nats).toBeUndefined();
  });

  it('given a URL and categories, then the defaults of the issue: LEDGER_COMMANDS on ledger.commands.>', () => {
    expect(loadConfig({ LEDGER_NATS_URL: 'nats://127.0.0.1:4222', LEDGER_NATS_CATEGORIES: 'request, freeze' }, '/srv').nats).toEqual({
      servers: ['nats://127.0.0.1:4222'],
      categories: ['request', 'freeze'],
      principal: 'nats:ledger-commands',
      stream: 'LEDGER_COMMANDS',
      consumer: 'ledger-api',
      subjectPrefix: 'ledger',
      maxInFlight: 1024,
      batchSize: 500,
      ackWaitMs: 30_000,
    });
  });

  it('given credentials and TLS files, then they are passed on', () => {
    const nats = loadConfig(
      {
        LEDGER_NATS_URL: 'tls://a:4222,tls://b:4222',
        LEDGER_NATS_CATEGORIES: '*',
        LEDGER_NATS_CREDS: '/run/secrets/ledger.creds',
        LEDGER_NATS_TLS_CA: '/etc/nats/ca.pem',
        LEDGER_NATS_MAX_IN_FLIGHT: '32',
        LEDGER_NATS_BATCH: '500',
      },
      '/srv',
    ).nats!;
    expect(nats).toMatchObject({
      servers: ['tls://a:4222', 'tls://b:4222'],
      categories: ['*'],
      credsFile: '/run/secrets/ledger.creds',
      tls: { caFile: '/etc/nats/ca.pem' },
      maxInFlight: 32,
    });
    // A batch never holds more than may be in flight.
    expect(nats.batchSize).toBe(32);
  });

  it('given a wrong setting, then start fails naming the variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env, '/srv');
      } catch (error) {
        return (error as ConfigError).problems.join('\n');
      }
      return '';
    };
    expect(problems({ LEDGER_NATS_URL: 'http://x:4222', LEDGER_NATS_CATEGORIES: '*' })).toContain('LEDGER_NATS_URL');
    expect(problems({ LEDGER_NATS_URL: 'nats://x:4222' })).toContain('LEDGER_NATS_CATEGORIES is required');
    expect(problems({ LEDGER_NATS_URL: 'nats://x:4222', LEDGER_NATS_CATEGORIES: 'subject' })).toContain('"subject" is not one of');
    expect(problems({ LEDGER_NATS_CATEGORIES: 'request' })).toContain('needs LEDGER_NATS_URL');
    expect(problems({ LEDGER_NATS_URL: 'nats://x:4222', LEDGER_NATS_CATEGORIES: '*', LEDGER_NATS_STREAM: 'a.b' })).toContain(
      'LEDGER_NATS_STREAM',
    );
    expect(problems({ LEDGER_NATS_URL: 'nats://x:4222', LEDGER_NATS_CATEGORIES: '*', LEDGER_NATS_MAX_IN_FLIGHT: '0' })).toContain(
      'LEDGER_NATS_MAX_IN_FLIGHT',
    );
    expect(
      problems({ LEDGER_NATS_URL: 'nats://x:4222', LEDGER_NATS_CATEGORIES: '*', LEDGER_NATS_TOKEN: 't', LEDGER_NATS_CREDS: '/c' }),
    ).toContain('use one NATS authentication');
    expect(problems({ LEDGER_NATS_URL: 'nats://x:4222', LEDGER_NATS_CATEGORIES: '*', LEDGER_NATS_TLS_CERT: '/c.pem' })).toContain(
      'LEDGER_NATS_TLS_KEY',
    );
  });
});
