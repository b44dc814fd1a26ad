import { DomainError, requireCited } from '@ledger/domain';
import { citing } from '@ledger/test-support';

describe('requireCited', () => {
  const citation = { field: 'requestId', category: 'request', id: 'fgr-42' } as const;

  it('accepts a cited record on file', () => expect(() => requireCited(citing({ 'request-fgr-42': 'recorded' }), citation)).not.toThrow());

  it.each([
    ['none', /requestId fgr-42 names no law-enforcement request/],
    ['reversed', /requestId fgr-42 names a law-enforcement request that was reversed/],
  ] as const)('refuses a %s record with a conflict naming the field and the id', (status, message) => {
    let caught: unknown;
    try {
      requireCited(citing({ 'request-fgr-42': status }), citation);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({
      kind: 'conflict',
      code: 'citation.request_not_found',
      details: { field: 'requestId', id: 'fgr-42', stream: 'request-fgr-42', status },
    });
    expect((caught as Error).message).toMatch(message);
  });
});
