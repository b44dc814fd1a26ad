import type { Command } from '../../shared/domain-event';

/** Reverses a request recorded in error (it never arrived): it drops out of every figure. */
export type ReverseRequest = Command<'ReverseRequest', { readonly requestId: string; readonly reason: string }>;
