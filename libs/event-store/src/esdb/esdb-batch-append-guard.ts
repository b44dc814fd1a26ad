import type { EventStoreDBClient } from '@eventstore/db-client';

/**
 * Guard for @eventstore/db-client 6.2.1's BatchAppend: its pending appends live in one map per process, shared by
 * every client, so an error on one client's BatchAppend stream rejects the appends in flight on every other
 * client, and their late answers then throw a TypeError inside the client's 'data' handler (an uncaught
 * exception). Fixed upstream in the KurrentDB client. Here at most one client per process uses BatchAppend (the
 * first store to write); every other store's client falls back to Append, which has no shared state. Appends a
 * BatchAppend error rejects are retried with the same events at the same exact expected revision (see `send` in esdb-appends.ts),
 * which the server answers with the original result when the write had gone in.
 */
let batchAppendOwner: EventStoreDBClient | undefined;

/** Lets `client` use BatchAppend only when no other client in this process does; the returned function lets go. */
export function guardBatchAppend(client: EventStoreDBClient): () => void {
  if (batchAppendOwner === undefined) batchAppendOwner = client;
  if (batchAppendOwner !== client) {
    const internals = client as unknown as { supports: (method: { path?: string }, feature?: string) => Promise<boolean> };
    const supports = internals.supports.bind(client);
    internals.supports = async (method, feature) => (method?.path?.endsWith('/BatchAppend') ? false : supports(method, feature));
  }
  return () => {
    if (batchAppendOwner === client) batchAppendOwner = undefined;
  };
}
