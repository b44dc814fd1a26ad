import type { BatchItem } from '@ledger/commands';
import { parseImportLine } from '@ledger/commands/import';
import type { Principal } from '@ledger/auth';
import { categoryOfCommand, type Category } from '@ledger/domain';
import { problemType, type ProblemDetails } from '../http/problem-details';
import { authoriseImportLine } from '../import/import.controller';
import type { Pseudonyms } from '../auth/pseudonyms.service';

/** Header a publisher sets to be answered directly (JetStream keeps headers, not the publisher's reply subject). */
export const REPLY_TO_HEADER = 'Ledger-Reply-To';
/** Optional header: the correlation id recorded on the command's events. */
export const CORRELATION_ID_HEADER = 'Ledger-Correlation-Id';

export interface IncomingCommand {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly header: (name: string) => string | undefined;
}

export type ReadCommand =
  { readonly ok: true; readonly category: Category; readonly item: BatchItem } | { readonly ok: false; readonly problem: ProblemDetails };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * One message, read like one line of an HTTP import (same parser, same grants, same pseudonyms), plus what a bus
 * adds: the idempotency key is required, and the subject's category must be the command's own, so subject
 * permissions on the NATS side mean what they say.
 */
export function readCommandMessage(
  message: IncomingCommand,
  commandsSubject: string,
  principal: Principal,
  pseudonyms: Pseudonyms,
): ReadCommand {
  const refuse = (status: number, code: string, detail: string): ReadCommand => ({
    ok: false,
    problem: {
      type: problemType(code),
      title: status === 403 ? 'Forbidden' : 'Command is invalid',
      status,
      detail,
      instance: message.subject,
      code,
    },
  });
  const subjectCategory = message.subject.startsWith(`${commandsSubject}.`)
    ? message.subject.slice(commandsSubject.length + 1).split('.')[0]
    : '';
  let text: string;
  try {
    text = utf8.decode(message.data);
  } catch {
    return refuse(400, 'import.invalid_utf8', 'the message body is not UTF-8 text');
  }
  const parsed = parseImportLine(text);
  if (!parsed.ok) return refuse(400, parsed.code, parsed.message);
  if (parsed.value.idempotencyKey === undefined) {
    return refuse(400, 'nats.missing_idempotency_key', 'a message needs an idempotencyKey: redeliveries and retries are recognised by it');
  }
  if (parsed.value.imported !== undefined) {
    return refuse(
      400,
      'import.imported_not_allowed',
      'history with original recording times is imported over HTTP or the CLI by a key granted it, not over the bus',
    );
  }
  const category = categoryOfCommand(parsed.value.command.type);
  if (subjectCategory !== category) {
    return refuse(
      400,
      'nats.subject_mismatch',
      `${parsed.value.command.type} is a ${category} command: publish it on ${commandsSubject}.${category}, not ${message.subject}`,
    );
  }
  const authorised = authoriseImportLine(parsed, principal, pseudonyms);
  if (!authorised.ok) return refuse(authorised.code === 'auth.forbidden' ? 403 : 400, authorised.code, authorised.message);
  const correlationId = message.header(CORRELATION_ID_HEADER);
  return {
    ok: true,
    category,
    item: {
      command: authorised.value.command,
      options: {
        actor: principal.id,
        idempotencyKey: parsed.value.idempotencyKey,
        ...(correlationId !== undefined && CORRELATION_ID.test(correlationId) ? { correlationId } : {}),
      },
    },
  };
}
