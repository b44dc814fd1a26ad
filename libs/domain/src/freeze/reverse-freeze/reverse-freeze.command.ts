import type { Command } from '../../shared/domain-event';

/** Reverses a freeze recorded in error: it and everything that followed it drop out of every figure. */
export type ReverseFreeze = Command<'ReverseFreeze', { readonly freezeId: string; readonly reason: string }>;
