import { generateKeyPairSync } from 'node:crypto';
import { DomainError } from '@ledger/domain';
import { AuditLog, verifyConsistencyProof, verifyInclusionProof } from './audit-log';
import { signingKeyFrom } from './signing-key';
import { chainedEvents } from './testing/chained-events';
import { verifyTreeHead } from './tree-head';

const key = signingKeyFrom(generateKeyPairSync('ed25519').privateKey);

describe('AuditLog', () => {
  it('proves any event is in a signed head, and that a later head extends an earlier one', async () => {
    const events = chainedEvents(300, 7);
    const audit = AuditLog.inMemory(key);
    audit.appendEvents(events.slice(0, 123));
    const first = await audit.issueTreeHead(new Date('2026-11-21T10:00:00Z'));
    audit.appendEvents(events.slice(123));
    const second = await audit.issueTreeHead(new Date('2026-11-21T11:00:00Z'));
    expect(verifyTreeHead(first, key.publicKeyPem) && verifyTreeHead(second, key.publicKeyPem)).toBe(true);

    const proof = await audit.inclusionProof(100);
    expect(proof).toMatchObject({ position: 100, leafIndex: 99, treeSize: 300 });
    expect(verifyInclusionProof(proof, second, events[99])).toBe(true);
    expect(verifyInclusionProof(proof, second, events[98])).toBe(false);
    expect(verifyInclusionProof(proof, first)).toBe(false);
    expect(verifyInclusionProof(await audit.inclusionProof(100, 123), first, events[99])).toBe(true);

    const consistency = audit.consistencyProof(first.treeSize, second.treeSize);
    expect(verifyConsistencyProof(consistency, first, second)).toBe(true);
    expect(verifyConsistencyProof(consistency, { ...first, rootHash: second.rootHash }, second)).toBe(false);
  });

  it('skips events it already holds, so a projector may redeliver after a restart', () => {
    const events = chainedEvents(10);
    const audit = AuditLog.inMemory(key);
    expect(audit.appendEvents(events.slice(0, 6))).toBe(6);
    expect(audit.appendEvents(events)).toBe(4);
    expect(audit.appendEvents(events)).toBe(0);
    expect(audit.treeSize).toBe(10);
    expect(audit.lastPosition).toBe(10);
  });

  it('issues a head on schedule only when the log grew, and on demand every time', async () => {
    const audit = AuditLog.inMemory(key);
    audit.appendEvents(chainedEvents(3));
    const first = await audit.issueTreeHead(new Date('2026-11-21T10:00:00Z'), { onlyIfGrown: true });
    expect(await audit.issueTreeHead(new Date('2026-11-21T10:05:00Z'), { onlyIfGrown: true })).toBe(first);
    const onDemand = await audit.issueTreeHead(new Date('2026-11-21T10:06:00Z'));
    expect(onDemand).toMatchObject({ treeSize: 3, rootHash: first.rootHash, timestamp: '2026-11-21T10:06:00.000Z' });
    expect((await audit.treeHeads.list()).map((head) => head.timestamp)).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-21T10:06:00.000Z']);
  });

  it('never signs a head with a time before the previous head, even when the clock steps back', async () => {
    const audit = AuditLog.inMemory(key);
    await audit.issueTreeHead(new Date('2026-11-21T10:00:00Z'));
    audit.appendEvents(chainedEvents(1));
    expect((await audit.issueTreeHead(new Date('2026-11-21T09:59:00Z'))).timestamp).toBe('2026-11-21T10:00:00.000Z');
  });

  it('answers a position it does not hold with not_found and sizes beyond the log with invalid', async () => {
    const audit = AuditLog.inMemory(key);
    audit.appendEvents(chainedEvents(5));
    await audit.issueTreeHead(new Date('2026-11-21T10:00:00Z'));
    await expect(audit.inclusionProof(99)).rejects.toThrow(expect.objectContaining({ kind: 'not_found', code: 'audit.event_not_in_tree' }));
    await expect(audit.inclusionProof(5, 4)).rejects.toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'audit.event_after_tree_head' }),
    );
    expect(() => audit.consistencyProof(2, 6)).toThrow(DomainError);
    expect(() => audit.consistencyProof(4, 3)).toThrow(expect.objectContaining({ code: 'audit.bad_tree_sizes' }));
  });
});
