import { LEDGER_EVENT_TYPES as DOMAIN_EVENT_TYPES } from '@ledger/domain';

/**
 * Every event type the ledger records: the domain's exhaustive list, so an event type added there is known here.
 * An event outside it stops the projector: it may be a fact some figure should count, and a figure that silently
 * leaves it out would publish a wrong number.
 */
export const LEDGER_EVENT_TYPES: ReadonlySet<string> = new Set<string>(DOMAIN_EVENT_TYPES);
