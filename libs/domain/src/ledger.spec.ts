import { context } from '@ledger/test-support';
import {
  CATEGORIES,
  categoryOf,
  citationsOf,
  citationStatus,
  DECIDERS,
  DomainError,
  freezeDecider,
  incidentDecider,
  LEDGER_COMMAND_TYPES,
  LEDGER_EVENT_TYPES,
  leRequestDecider,
  routeCommand,
  trainingDecider,
  type LedgerCommand,
} from '@ledger/domain';

const ctx = context();
const examples: Record<LedgerCommand['type'], [LedgerCommand, string, unknown]> = {
  RecordTrainingSession: [
    { type: 'RecordTrainingSession', data: { trainingId: 't1' } as never, context: ctx },
    'training-t1',
    trainingDecider,
  ],
  CorrectTrainingSession: [
    { type: 'CorrectTrainingSession', data: { trainingId: 't1' } as never, context: ctx },
    'training-t1',
    trainingDecider,
  ],
  WithdrawTrainingSession: [
    { type: 'WithdrawTrainingSession', data: { trainingId: 't1', reason: 'x' }, context: ctx },
    'training-t1',
    trainingDecider,
  ],
  ReceiveRequest: [{ type: 'ReceiveRequest', data: { requestId: 'r1' } as never, context: ctx }, 'request-r1', leRequestDecider],
  AnswerRequest: [{ type: 'AnswerRequest', data: { requestId: 'r1' } as never, context: ctx }, 'request-r1', leRequestDecider],
  WithdrawRequest: [{ type: 'WithdrawRequest', data: { requestId: 'r1', reason: 'x' }, context: ctx }, 'request-r1', leRequestDecider],
  CorrectRequest: [{ type: 'CorrectRequest', data: { requestId: 'r1' } as never, context: ctx }, 'request-r1', leRequestDecider],
  ReverseRequest: [{ type: 'ReverseRequest', data: { requestId: 'r1', reason: 'x' }, context: ctx }, 'request-r1', leRequestDecider],
  SupplementAnswer: [{ type: 'SupplementAnswer', data: { requestId: 'r1' } as never, context: ctx }, 'request-r1', leRequestDecider],
  FreezeFunds: [{ type: 'FreezeFunds', data: { freezeId: 'f1' } as never, context: ctx }, 'freeze-f1', freezeDecider],
  ReleaseFunds: [{ type: 'ReleaseFunds', data: { freezeId: 'f1' } as never, context: ctx }, 'freeze-f1', freezeDecider],
  SeizeFunds: [{ type: 'SeizeFunds', data: { freezeId: 'f1' } as never, context: ctx }, 'freeze-f1', freezeDecider],
  ReturnFunds: [{ type: 'ReturnFunds', data: { freezeId: 'f1' } as never, context: ctx }, 'freeze-f1', freezeDecider],
  CorrectFreeze: [{ type: 'CorrectFreeze', data: { freezeId: 'f1' } as never, context: ctx }, 'freeze-f1', freezeDecider],
  ReverseFreeze: [{ type: 'ReverseFreeze', data: { freezeId: 'f1', reason: 'x' }, context: ctx }, 'freeze-f1', freezeDecider],
  ReportStolenFunds: [{ type: 'ReportStolenFunds', data: { incidentId: 'i1' } as never, context: ctx }, 'incident-i1', incidentDecider],
  RecordRecovery: [{ type: 'RecordRecovery', data: { incidentId: 'i1' } as never, context: ctx }, 'incident-i1', incidentDecider],
  CorrectIncident: [{ type: 'CorrectIncident', data: { incidentId: 'i1' } as never, context: ctx }, 'incident-i1', incidentDecider],
  ReverseIncident: [{ type: 'ReverseIncident', data: { incidentId: 'i1', reason: 'x' }, context: ctx }, 'incident-i1', incidentDecider],
};

describe('routeCommand', () => {
  it.each(Object.entries(examples))('routes %s to its stream and decider', (_type, [command, stream, decider]) => {
    const route = routeCommand(command);
    expect(route.stream).toBe(stream);
    expect(route.decider).toBe(decider);
    expect(route.category).toBe(categoryOf(stream));
    expect(DECIDERS[route.category]).toBe(decider);
  });

  it('refuses an id that would break the stream name', () => {
    expect(() => routeCommand({ type: 'FreezeFunds', data: { freezeId: '../x' } as never, context: ctx })).toThrow(
      expect.objectContaining({ code: 'invalid_id', kind: 'invalid' }),
    );
  });

  it('refuses an unknown command type, naming the known ones', () => {
    let caught: unknown;
    try {
      routeCommand({ type: 'DeleteEverything', data: {}, context: ctx } as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'unknown_command', kind: 'invalid' });
    expect((caught as Error).message).toContain('ReceiveRequest');
  });
});

describe('citationsOf', () => {
  const cites = (command: Pick<LedgerCommand, 'type' | 'data'>) => citationsOf(command).map((c) => `${c.field}=${c.category}-${c.id}`);

  it('names each request, incident or freeze a command cites, with the field that cites it', () => {
    expect(cites({ type: 'FreezeFunds', data: { freezeId: 'f1', requestId: 'r1', incidentId: 'i1' } as never })).toEqual([
      'requestId=request-r1',
      'incidentId=incident-i1',
    ]);
    expect(cites({ type: 'ReturnFunds', data: { freezeId: 'f1', incidentId: 'i1' } as never })).toEqual(['incidentId=incident-i1']);
    expect(cites({ type: 'RecordRecovery', data: { incidentId: 'i1', freezeId: 'f1' } as never })).toEqual(['freezeId=freeze-f1']);
    expect(cites({ type: 'CorrectFreeze', data: { freezeId: 'f1', changes: { requestId: 'r2', incidentId: null }, reason: 'x' } })).toEqual(
      ['changes.requestId=request-r2'],
    );
  });

  it('cites nothing for commands without links, and leaves malformed ids for decide to refuse', () => {
    expect(cites({ type: 'FreezeFunds', data: { freezeId: 'f1' } as never })).toEqual([]);
    expect(cites({ type: 'ReceiveRequest', data: { requestId: 'r1' } as never })).toEqual([]);
    expect(cites({ type: 'FreezeFunds', data: { freezeId: 'f1', requestId: '../x' } as never })).toEqual([]);
  });

  it('reads a reversed record as reversed, an empty stream as none, anything else as recorded', () => {
    expect(citationStatus(leRequestDecider.initialState)).toBe('none');
    expect(citationStatus({ status: 'reversed' })).toBe('reversed');
    expect(citationStatus({ status: 'withdrawn' })).toBe('recorded');
  });
});

describe('ledger vocabulary', () => {
  it('lists every command type once, each routable', () => {
    expect([...LEDGER_COMMAND_TYPES].sort()).toEqual(Object.keys(examples).sort());
    expect(new Set(LEDGER_COMMAND_TYPES).size).toBe(LEDGER_COMMAND_TYPES.length);
  });

  it('lists every event type once, past tense', () => {
    expect(LEDGER_EVENT_TYPES).toHaveLength(19);
    expect(new Set(LEDGER_EVENT_TYPES).size).toBe(LEDGER_EVENT_TYPES.length);
    for (const type of LEDGER_EVENT_TYPES) expect(type).toMatch(/(ed|en|wn)$/);
  });

  it('has one decider per category, named by its category, which carries no dash', () => {
    for (const category of CATEGORIES) {
      expect(DECIDERS[category].category).toBe(category);
      expect(category).not.toContain('-');
    }
  });
});
