import { Pseudonymizer, type Principal } from '@ledger/auth';
import { Pseudonyms } from '../auth/pseudonyms.service';
import { readCommandMessage, type IncomingCommand } from './command-message';

const principal: Principal = {
  id: 'nats:ledger-commands',
  roles: ['service'],
  categories: ['freeze', 'incident'],
  countries: [],
  via: 'nats',
};
const pseudonyms = new Pseudonyms(new Pseudonymizer(Buffer.alloc(32, 7)));
const incident = { incidentId: 'inc-1', usdValue: '10', reportedAt: '2024-05-02T08:00:00Z', kind: 'scam', country: 'BR' };

function message(subject: string, body: unknown, headers: Record<string, string> = {}): IncomingCommand {
  const data = body instanceof Uint8Array ? body : new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
  return { subject, data, header: (name) => headers[name] };
}
const read = (m: IncomingCommand) => readCommandMessage(m, 'ledger.commands', principal, pseudonyms);
const code = (m: IncomingCommand) => {
  const r = read(m);
  return r.ok ? 'ok' : r.problem.code;
};

describe('readCommandMessage', () => {
  it('given an import line with its key on its category subject, then a batch item acting as the bus principal', () => {
    const r = read(
      message(
        'ledger.commands.incident',
        { type: 'ReportStolenFunds', data: incident, idempotencyKey: 'k-1' },
        { 'Ledger-Correlation-Id': 'case-9' },
      ),
    );
    expect(r).toEqual({
      ok: true,
      category: 'incident',
      item: {
        command: { type: 'ReportStolenFunds', data: incident },
        options: { actor: 'nats:ledger-commands', idempotencyKey: 'k-1', correlationId: 'case-9' },
      },
    });
  });

  it('given what an HTTP import line refuses, then the same code', () => {
    expect(code(message('ledger.commands.incident', '{"type":'))).toBe('import.invalid_json');
    expect(code(message('ledger.commands.incident', { type: 'LaunderFunds', data: {}, idempotencyKey: 'k' }))).toBe('import.unknown_type');
    expect(code(message('ledger.commands.incident', { type: 'ReportStolenFunds', data: incident, idempotencyKey: 'k', extra: 1 }))).toBe(
      'import.unknown_field',
    );
    expect(code(message('ledger.commands.incident', new Uint8Array([0xff, 0xfe])))).toBe('import.invalid_utf8');
  });

  it('given an imported recording time, then refused: history with its original times comes over HTTP or the CLI only', () => {
    const imported = { source: 'spreadsheets', recordedAt: '2024-05-02T09:00:00.000Z' };
    expect(code(message('ledger.commands.incident', { type: 'ReportStolenFunds', data: incident, idempotencyKey: 'k', imported }))).toBe(
      'import.imported_not_allowed',
    );
  });

  it('given no key, a subject of another category, or a category not granted, then refused', () => {
    expect(code(message('ledger.commands.incident', { type: 'ReportStolenFunds', data: incident }))).toBe('nats.missing_idempotency_key');
    expect(code(message('ledger.commands.freeze', { type: 'ReportStolenFunds', data: incident, idempotencyKey: 'k' }))).toBe(
      'nats.subject_mismatch',
    );
    const refused = read(
      message('ledger.commands.request', {
        type: 'WithdrawRequest',
        data: { requestId: 'r', withdrawnAt: '2024-01-01T00:00:00Z' },
        idempotencyKey: 'k',
      }),
    );
    expect(refused).toMatchObject({ ok: false, problem: { code: 'auth.forbidden', status: 403, instance: 'ledger.commands.request' } });
  });

  it('given raw account ids on a freeze, then keyed pseudonyms, as over HTTP', () => {
    const r = read(
      message('ledger.commands.freeze', { type: 'FreezeFunds', data: { freezeId: 'f', accountIds: ['acct-1'] }, idempotencyKey: 'k' }),
    );
    expect(r.ok && r.item.command.data).toEqual({ freezeId: 'f', accounts: [pseudonyms.of('acct-1')] });
  });
});
