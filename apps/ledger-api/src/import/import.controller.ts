import type { CommandInput } from '@ledger/commands';
import { categoryOfCommand } from '@ledger/domain';
import {
  importLines,
  LINE_TOO_LONG,
  MAX_IMPORT_LINE_BYTES,
  ndjsonLines,
  type ImportReport,
  type ParsedLine,
  type SourceLine,
} from '@ledger/commands/import';
import {
  BadRequestException,
  Controller,
  HttpCode,
  HttpStatus,
  PayloadTooLargeException,
  Post,
  Query,
  Req,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { allows, type Principal } from '@ledger/auth';
import { CommandBus } from '@nestjs/cqrs';
import { Requires } from '../auth/access.decorators';
import { batchesThroughBus } from '../commands/execute-ledger-command';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Pseudonyms } from '../auth/pseudonyms.service';
import { IDEMPOTENCY_KEY_HEADER, readCommandContext } from '../http/command-headers';
import { PROBLEM_JSON, ProblemDetails } from '../http/problem-details';
import { ImportQuery } from './import-query.dto';
import { ImportReportDto } from './import-report.dto';

export const NDJSON_MEDIA_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl'];

const problem = (description: string) => ({
  description,
  type: ProblemDetails,
  content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/**
 * Bulk intake over HTTP: the request body is read line by line as it arrives (never whole), fed through the same
 * CommandBus as single commands, in all-or-nothing batches.
 */
@Requires({ kind: 'import' }, { expensive: true })
@ApiTags('import')
@Controller('v1/import')
export class ImportController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly pseudonyms: Pseudonyms,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Import commands as NDJSON: one {"type", "data", "idempotencyKey"?, "imported"?} per line',
    description:
      'Lines go in batches; a batch is appended whole or not at all. With an Idempotency-Key header, a line without its own key gets ' +
      '`<header key>:<line number>`, so retrying the whole import appends nothing twice. ' +
      '`"imported": {"source", "recordedAt"}` brings a record over from an earlier system with the time that system recorded it ' +
      "(an ISO instant, not after now): it is kept as `metadata.imported` beside the ledger's own recordedAt, which is never backdated, " +
      'and figures "as known at" a time honour it. Only keys granted `history` may send it (`import.imported_not_allowed` otherwise).',
  })
  @ApiConsumes(...NDJSON_MEDIA_TYPES)
  @ApiBody({
    schema: {
      type: 'string',
      example:
        '{"type":"ReportStolenFunds","data":{"incidentId":"inc-1","usdValue":"10","reportedAt":"2024-05-02","kind":"scam","country":"BR"}}\n',
    },
  })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'Makes the whole import safe to retry (see above).' })
  @ApiCreatedResponse({ type: ImportReportDto, description: 'Every line was appended (or was a retry of one already appended).' })
  @ApiBadRequestResponse(problem('Some lines failed and nothing was appended; `failed` names each line and why.'))
  @ApiUnprocessableEntityResponse(problem('Some lines failed after earlier batches were appended; the counts say what went in.'))
  @ApiPayloadTooLargeResponse(
    problem(
      `A line is longer than ${MAX_IMPORT_LINE_BYTES} bytes: reading stopped there; \`report.linesInLog\` says which earlier lines went in.`,
    ),
  )
  async import(@Req() request: AuthenticatedRequest, @Query() query: ImportQuery): Promise<ImportReport> {
    if (!request.is(NDJSON_MEDIA_TYPES)) {
      throw new UnsupportedMediaTypeException({
        code: 'import.media_type',
        message: `send the commands as ${NDJSON_MEDIA_TYPES[0]}, one JSON object per line`,
      });
    }
    const context = readCommandContext(request);
    const lines = this.authorisedLines(withLineKeys(ndjsonLines(request), context.idempotencyKey), request);
    const report = await importLines(lines, batchesThroughBus(this.commandBus), {
      actor: context.actor,
      // Original recording times of history from an earlier system: only for keys granted `history` by name.
      allowImported: allows(request.principal!, { kind: 'import.history' }),
      ...(query.batchSize !== undefined ? { batchSize: query.batchSize } : {}),
      ...(query.onFailure !== undefined ? { onFailure: query.onFailure } : {}),
      ...(context.correlationId !== undefined ? { correlationId: context.correlationId } : {}),
    });
    if (report.ok) return report;
    const tooLong = report.failed.find((f) => f.code === LINE_TOO_LONG);
    if (tooLong !== undefined) {
      // The rest of the body is left unread: close the connection after answering rather than drain it.
      request.res?.setHeader('Connection', 'close');
      throw new PayloadTooLargeException({
        code: LINE_TOO_LONG,
        message: `line ${tooLong.line} is longer than ${MAX_IMPORT_LINE_BYTES} bytes, the most one line may hold; reading stopped there. ${report.appended} command(s) appended before it`,
        errors: [{ field: `line ${tooLong.line}`, message: tooLong.message, code: tooLong.code }],
        maxLineBytes: MAX_IMPORT_LINE_BYTES,
        report,
      });
    }
    const failure = {
      message: `${report.failedLines} line(s) failed; ${report.appended} command(s) appended, ${report.notAppended} not appended`,
      errors: report.failed.map((f) => ({ field: `line ${f.line}`, message: f.message, code: f.code })),
      report,
    };
    if (report.appended === 0 && report.replayed === 0) throw new BadRequestException({ code: 'import.rejected', ...failure });
    throw new UnprocessableEntityException({ code: 'import.partially_applied', ...failure });
  }

  /**
   * Each line is checked like the single command it stands for: its category must be granted to the caller (a line
   * that is not fails, and its batch appends nothing), and raw account ids become keyed pseudonyms before any event.
   */
  private async *authorisedLines(lines: AsyncIterable<SourceLine>, request: AuthenticatedRequest): AsyncGenerator<SourceLine> {
    const principal = request.principal!;
    for await (const source of lines) {
      yield source.parsed?.ok ? { ...source, parsed: authoriseImportLine(source.parsed, principal, this.pseudonyms) } : source;
    }
  }
}

/**
 * A well-formed import line as the principal may send it (HTTP import and the NATS intake alike): its category
 * must be granted, and raw account ids become keyed pseudonyms before any event.
 */
export function authoriseImportLine(parsed: Extract<ParsedLine, { ok: true }>, principal: Principal, pseudonyms: Pseudonyms): ParsedLine {
  const category = categoryOfCommand(parsed.value.command.type);
  if (!allows(principal, { kind: 'command', category })) {
    return { ok: false, code: 'auth.forbidden', message: `this credential cannot issue ${category} commands` };
  }
  const data = parsed.value.command.data as unknown as Record<string, unknown>;
  if (parsed.value.command.type !== 'FreezeFunds' || data.accountIds === undefined) return parsed;
  const { accountIds, ...rest } = data;
  if (!Array.isArray(accountIds) || !accountIds.every((id) => typeof id === 'string' && id.trim() !== '' && id.length <= 200)) {
    return {
      ok: false,
      code: 'import.invalid_account_ids',
      message: 'data.accountIds must be a list of non-blank account ids of at most 200 characters',
    };
  }
  const accounts = pseudonyms.accounts(rest.accounts as string[] | undefined, accountIds as string[]);
  const command = { ...parsed.value.command, data: { ...rest, accounts } } as CommandInput;
  return { ok: true, value: { ...parsed.value, command } };
}

/** Gives each keyless line a key derived from the import's own key and the line number. */
async function* withLineKeys(lines: AsyncIterable<SourceLine>, importKey: string | undefined): AsyncGenerator<SourceLine> {
  for await (const source of lines) {
    const parsed = source.parsed;
    if (importKey === undefined || !parsed?.ok || parsed.value.idempotencyKey !== undefined) {
      yield source;
      continue;
    }
    yield { ...source, parsed: { ok: true, value: { ...parsed.value, idempotencyKey: `${importKey}:${source.line}` } } };
  }
}
