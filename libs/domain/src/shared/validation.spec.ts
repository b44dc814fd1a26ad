import fc from 'fast-check';
import { DomainError, isNotBefore, requireAggregateId, requirePastTime, requireTimeShape } from '@ledger/domain';

const NOW = '2024-06-30T12:00:00.000Z';
const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
};
const NOW_MS = Date.parse(NOW);
const instantAround = fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).map((offset) => new Date(NOW_MS + offset).toISOString());

describe('requirePastTime', () => {
  it('never accepts an instant after now, and accepts every instant up to now (property)', () => {
    fc.assert(
      fc.property(instantAround, (at) => {
        expect(codeOf(() => requirePastTime('at', at, NOW, 'instant'))).toBe(Date.parse(at) > NOW_MS ? 'time_in_future' : undefined);
      }),
    );
  });

  it("keeps a day's slack for dates, since today east of UTC can be tomorrow's date", () => {
    expect(codeOf(() => requirePastTime('on', '2024-07-01', NOW, 'date'))).toBeUndefined();
    expect(codeOf(() => requirePastTime('on', '2024-07-02', NOW, 'date'))).toBe('time_in_future');
  });

  it('refuses the wrong shape for the kind asked, unreal dates and times before 2009', () => {
    expect(codeOf(() => requirePastTime('at', '2024-06-01', NOW, 'instant'))).toBe('invalid_time');
    expect(codeOf(() => requirePastTime('at', '2024-06-01T00:00:00', NOW, 'instant'))).toBe('invalid_time'); // no zone
    expect(codeOf(() => requirePastTime('on', '2023-02-29', NOW))).toBe('invalid_time');
    expect(codeOf(() => requirePastTime('at', '2024-02-30T10:00:00Z', NOW, 'instant'))).toBe('invalid_time'); // Date.parse would read 1 March
    expect(codeOf(() => requirePastTime('on', '2008-12-31', NOW))).toBe('time_out_of_range');
    expect(codeOf(() => requirePastTime('at', 1_700_000_000_000, NOW))).toBe('invalid_time');
  });
});

describe('requireTimeShape', () => {
  it('accepts future deadlines, dates and instants', () => {
    expect(requireTimeShape('dueBy', '2031-01-01')).toBe('2031-01-01');
    expect(requireTimeShape('dueBy', '2031-01-01T00:00:00+02:00')).toBe('2031-01-01T00:00:00+02:00');
  });

  it('refuses what is not a real date or instant', () => {
    for (const value of ['2024-13-01', '2024-02-30', 'tomorrow', '', 20240101])
      expect(codeOf(() => requireTimeShape('dueBy', value))).toBe('invalid_time');
    expect(codeOf(() => requireTimeShape('dueBy', '2001-01-01'))).toBe('time_out_of_range');
  });
});

describe('isNotBefore', () => {
  it('orders instants, including across zones', () => {
    expect(isNotBefore('2024-06-01T10:00:00Z', '2024-06-01T10:00:00Z')).toBe(true);
    expect(isNotBefore('2024-06-01T09:59:59Z', '2024-06-01T10:00:00Z')).toBe(false);
    expect(isNotBefore('2024-06-01T11:00:00+02:00', '2024-06-01T10:00:00Z')).toBe(false);
  });

  it('lets a date on the later side stand for its whole day, but not the day before', () => {
    expect(isNotBefore('2024-06-01', '2024-06-01T23:59:59Z')).toBe(true);
    expect(isNotBefore('2024-05-31', '2024-06-01T00:00:00Z')).toBe(false);
    expect(isNotBefore('2024-06-02T00:00:00Z', '2024-06-01')).toBe(true);
    expect(isNotBefore('2024-05-31T23:59:59Z', '2024-06-01')).toBe(false);
  });
});

describe('requireAggregateId', () => {
  it('accepts exactly the ids that make a stream name whose category ends at the first dash (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (value) => {
        const ok = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/.test(value);
        expect(codeOf(() => requireAggregateId('id', value))).toBe(ok ? undefined : 'invalid_id');
      }),
    );
    for (const bad of ['', '-x', 'a b', 'a/b', 'x'.repeat(101), 42]) expect(codeOf(() => requireAggregateId('id', bad))).toBe('invalid_id');
  });
});
