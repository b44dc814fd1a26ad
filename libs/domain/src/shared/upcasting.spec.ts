import { DomainError, LEDGER_EVENT_SCHEMAS, LEDGER_EVENT_TYPES, upcast, upcastLedgerEvent, type EventSchema } from '@ledger/domain';

/** A made-up history of one event type: v1 had `usd`, v2 renamed it `usdValue`, v3 added `country` (default XX). */
const SCHEMAS: Record<string, EventSchema> = {
  ThingHappened: {
    current: 3,
    upcasters: {
      1: (data) => {
        const { usd, ...rest } = data as { usd: string };
        return { ...rest, usdValue: usd };
      },
      2: (data) => ({ country: 'XX', ...(data as object) }),
    },
  },
};

describe('upcast', () => {
  it('reads every older version as the current one, step by step, leaving the stored data untouched', () => {
    const v1 = { type: 'ThingHappened', schemaVersion: 1, data: { id: 't', usd: '5' } };
    expect(upcast(v1, SCHEMAS)).toEqual({ type: 'ThingHappened', schemaVersion: 3, data: { id: 't', usdValue: '5', country: 'XX' } });
    expect(v1.data).toEqual({ id: 't', usd: '5' });
    expect(upcast({ type: 'ThingHappened', schemaVersion: 2, data: { id: 't', usdValue: '5', country: 'MX' } }, SCHEMAS).data).toEqual({
      id: 't',
      usdValue: '5',
      country: 'MX',
    });
  });

  it('gives a mixed history the same reading whatever version each event was written at', () => {
    const written = [
      { type: 'ThingHappened', schemaVersion: 1, data: { id: 'a', usd: '1' } },
      { type: 'ThingHappened', schemaVersion: 2, data: { id: 'a', usdValue: '1' } },
      { type: 'ThingHappened', schemaVersion: 3, data: { id: 'a', usdValue: '1', country: 'XX' } },
    ];
    const read = written.map((e) => upcast(e, SCHEMAS));
    for (const event of read) expect(event).toEqual(read[2]);
  });

  it('refuses a version it cannot read (newer than this build, or with no upcaster) rather than misread it', () => {
    for (const schemaVersion of [4, 0]) {
      let caught: unknown;
      try {
        upcast({ type: 'ThingHappened', schemaVersion, data: {} }, SCHEMAS);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DomainError);
      expect(caught).toMatchObject({ code: 'event.unknown_schema_version', details: { schemaVersion, current: 3 } });
    }
  });

  it('knows a schema for every ledger event type; each is at version 1, and version 2 of any is refused', () => {
    expect(Object.keys(LEDGER_EVENT_SCHEMAS).sort()).toEqual([...LEDGER_EVENT_TYPES].sort());
    for (const type of LEDGER_EVENT_TYPES) {
      expect(upcastLedgerEvent({ type, schemaVersion: 1, data: { x: 1 } })).toEqual({ type, schemaVersion: 1, data: { x: 1 } });
      expect(() => upcastLedgerEvent({ type, schemaVersion: 2, data: {} })).toThrow(
        expect.objectContaining({ code: 'event.unknown_schema_version' }),
      );
    }
  });
});
