import type Database from 'better-sqlite3';
import { DomainError, invalid, notFound } from '@ledger/domain';
import type { RecordedEvent } from '@ledger/event-store';
import { eventLeafHash } from './leaf';
import { verifyConsistency, verifyInclusion } from './merkle';
import { MerkleLog } from './merkle-log';
import { InMemoryMerkleNodeStore } from './merkle-node-store';
import type { SigningKey } from './signing-key';
import { SqliteMerkleNodeStore } from './sqlite/sqlite-merkle-node-store';
import { SqliteTreeHeadStore } from './sqlite/sqlite-tree-head-store';
import { signTreeHead, type SignedTreeHead } from './tree-head';
import { InMemoryTreeHeadStore, type TreeHeadStore } from './tree-head-store';

/** This process's Merkle tree has fewer leaves than a head already signed (by another instance): it must catch up (409). */
export class TreeBehindHeadError extends DomainError {
  constructor(
    readonly treeSize: number,
    readonly headSize: number,
  ) {
    super(
      'conflict',
      'audit.tree_behind',
      `this instance's Merkle tree has ${treeSize} leaves but a head of ${headSize} is already signed; try again when it has caught up`,
      { treeSize, headSize },
    );
    this.name = 'TreeBehindHeadError';
  }
}

/** Proof that an event is leaf `leafIndex` of the tree of `treeSize` leaves (RFC 9162 inclusion path, hex). */
export interface InclusionProof {
  readonly position: number;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly path: readonly string[];
}

/** Proof that the tree of `secondSize` extends the tree of `firstSize` (RFC 9162 consistency path, hex). */
export interface ConsistencyProof {
  readonly firstSize: number;
  readonly secondSize: number;
  readonly path: readonly string[];
}

/**
 * The ledger's audit log: the Merkle log over the global event log, its signed tree heads and the key.
 * The projector feeds it events in log order; the API reads heads and proofs from it.
 */
export class AuditLog {
  constructor(
    readonly merkleLog: MerkleLog,
    readonly treeHeads: TreeHeadStore,
    readonly key: SigningKey,
  ) {}

  /** `audit_` tables on this handle (the event store's file is fine); appends join the caller's transaction. */
  static sqlite(db: Database.Database, key: SigningKey): AuditLog {
    return new AuditLog(new MerkleLog(new SqliteMerkleNodeStore(db)), new SqliteTreeHeadStore(db), key);
  }

  static inMemory(key: SigningKey): AuditLog {
    return new AuditLog(new MerkleLog(new InMemoryMerkleNodeStore()), new InMemoryTreeHeadStore(), key);
  }

  get treeSize(): number {
    return this.merkleLog.size;
  }

  /** Position of the last event in the tree: a projector resumes its audit work after it. */
  get lastPosition(): number | undefined {
    return this.merkleLog.lastPosition;
  }

  /**
   * Adds events (in log order) as leaves in one write. Events at or before `lastPosition` are already in the tree
   * and skipped, so redelivery after a restart is harmless. Returns how many leaves were added.
   */
  appendEvents(events: readonly RecordedEvent[]): number {
    const after = this.merkleLog.lastPosition;
    const fresh = after === undefined ? events : events.filter((event) => event.position > after);
    this.merkleLog.append(fresh.map((event) => ({ position: event.position, hash: eventLeafHash(event) })));
    return fresh.length;
  }

  /**
   * Signs the current tree and stores the head. With `onlyIfGrown` (the schedule), returns the latest head
   * unchanged when no event came since it; on demand, a fresh timestamp is signed every time.
   */
  async issueTreeHead(now: Date, options: { onlyIfGrown?: boolean } = {}): Promise<SignedTreeHead> {
    const treeSize = this.merkleLog.size;
    const latest = await this.treeHeads.latest();
    // Another instance signed a larger tree (shared heads): this tree must catch up with the log first.
    if (latest !== undefined && latest.treeSize > treeSize) throw new TreeBehindHeadError(treeSize, latest.treeSize);
    if (options.onlyIfGrown && latest !== undefined && latest.treeSize === treeSize && latest.keyId === this.key.keyId) return latest;
    // Timestamps never go backwards, even if the clock does: a later head never claims an earlier time.
    const timestamp = latest !== undefined && latest.timestamp > now.toISOString() ? latest.timestamp : now.toISOString();
    const head = signTreeHead({ treeSize, rootHash: this.merkleLog.root(treeSize).toString('hex'), timestamp }, this.key);
    await this.treeHeads.save(head);
    return head;
  }

  /** Inclusion proof of the event at `position` in the tree of `treeSize` (default: the latest signed head). */
  async inclusionProof(position: number, treeSize?: number): Promise<InclusionProof> {
    const size = treeSize ?? (await this.treeHeads.latest())?.treeSize ?? this.merkleLog.size;
    this.requireSize(size);
    const leafIndex = this.merkleLog.findLeafIndex(position);
    if (leafIndex === undefined)
      throw notFound('audit.event_not_in_tree', `no event at position ${position} is in the Merkle log`, { position });
    if (leafIndex >= size)
      throw invalid(
        'audit.event_after_tree_head',
        `the event at position ${position} is leaf ${leafIndex}, not in a tree of ${size} events: ask with a later head`,
        { position, treeSize: size },
      );
    return {
      position,
      leafIndex,
      treeSize: size,
      leafHash: this.merkleLog.leaf(leafIndex).hash.toString('hex'),
      path: this.merkleLog.inclusionPath(leafIndex, size).map((hash) => hash.toString('hex')),
    };
  }

  consistencyProof(firstSize: number, secondSize: number): ConsistencyProof {
    this.requireSize(secondSize);
    if (!Number.isInteger(firstSize) || firstSize < 0 || firstSize > secondSize) {
      throw invalid(
        'audit.bad_tree_sizes',
        `a consistency proof needs 0 <= first size <= second size, got ${firstSize} and ${secondSize}`,
        { firstSize, secondSize },
      );
    }
    return { firstSize, secondSize, path: this.merkleLog.consistencyPath(firstSize, secondSize).map((hash) => hash.toString('hex')) };
  }

  private requireSize(treeSize: number): void {
    if (!Number.isInteger(treeSize) || treeSize < 0 || treeSize > this.merkleLog.size) {
      throw invalid('audit.bad_tree_size', `tree size ${treeSize} is not in the log (it has ${this.merkleLog.size} events)`, { treeSize });
    }
  }
}

/** Checks an inclusion proof against a signed head (verify the head's signature separately). */
export function verifyInclusionProof(
  proof: InclusionProof,
  head: Pick<SignedTreeHead, 'treeSize' | 'rootHash'>,
  event?: RecordedEvent,
): boolean {
  if (proof.treeSize !== head.treeSize) return false;
  const leafHash = Buffer.from(proof.leafHash, 'hex');
  if (event !== undefined && !eventLeafHash(event).equals(leafHash)) return false;
  return verifyInclusion(leafHash, proof.leafIndex, proof.treeSize, proof.path.map(fromHex), fromHex(head.rootHash));
}

/** Checks a consistency proof between two signed heads (verify their signatures separately). */
export function verifyConsistencyProof(
  proof: ConsistencyProof,
  first: Pick<SignedTreeHead, 'treeSize' | 'rootHash'>,
  second: Pick<SignedTreeHead, 'treeSize' | 'rootHash'>,
): boolean {
  if (proof.firstSize !== first.treeSize || proof.secondSize !== second.treeSize) return false;
  return verifyConsistency(first.treeSize, second.treeSize, fromHex(first.rootHash), fromHex(second.rootHash), proof.path.map(fromHex));
}

const fromHex = (hex: string): Buffer => Buffer.from(hex, 'hex');
