import { PSEUDONYM_PATTERN, SecurityLog, SubjectErasedError, SubjectVault, type SubjectDetailsRecorded } from '@ledger/auth';
import { CLOCK, type Clock } from '@ledger/commands';
import {
  Body,
  ConflictException,
  Controller,
  Get,
  GoneException,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  type PipeTransform,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/access.decorators';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { Pseudonyms } from '../auth/pseudonyms.service';
import { RequestValidationError } from '../http/request-validation';
import { EraseSubjectDto, RecordSubjectDto, SubjectDetailsView, SubjectErasedView, SubjectRecordedView } from './subjects.dto';

class SubjectPseudonymPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PSEUDONYM_PATTERN.test(value)) {
      throw new RequestValidationError([
        {
          field: 'subject',
          message: 'subject must be the pseudonym the ledger gave (e.g. p1a2b3c4d:<64 hex>), never a raw identifier',
          code: 'subjectPseudonym',
        },
      ]);
    }
    return value;
  }
}

/**
 * Personal data. A subject is known by the keyed pseudonym of its identifier (the same one freezes record for its
 * account); its details are sealed with its own key and kept in the security log; erasure destroys that key.
 * Figures never read any of this, so they rebuild identically after an erasure, and no event is rewritten.
 */
@ApiTags('subjects')
@Controller('v1/subjects')
export class SubjectsController {
  constructor(
    private readonly pseudonyms: Pseudonyms,
    private readonly vault: SubjectVault,
    private readonly log: SecurityLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Requires({ kind: 'subjects.record' })
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Keep personal details of a subject, sealed with its own key; answers its pseudonym' })
  @ApiCreatedResponse({ type: SubjectRecordedView })
  async record(@Body() body: RecordSubjectDto, @Req() request: AuthenticatedRequest): Promise<{ subject: string; href: string }> {
    const subject = this.pseudonyms.of(body.subjectId.trim());
    const recordedAt = this.clock.now();
    let sealed;
    try {
      sealed = await this.vault.seal(subject, body.details, recordedAt);
    } catch (error) {
      if (error instanceof SubjectErasedError)
        throw new ConflictException({ code: error.code, message: `${error.message}; nothing more is kept about it` });
      throw error;
    }
    const event: SubjectDetailsRecorded = {
      type: 'SubjectDetailsRecorded',
      schemaVersion: 1,
      data: { subject, details: sealed, recordedAt },
    };
    await this.log.appendSubjectEvent(event, request.principal!.id);
    return { subject, href: `/v1/subjects/${subject}` };
  }

  @Get(':subject')
  @Requires({ kind: 'subjects.read' })
  @ApiOperation({ summary: "A subject's details, opened with its key; 410 once erased" })
  @ApiOkResponse({ type: SubjectDetailsView })
  async read(
    @Param('subject', new SubjectPseudonymPipe()) subject: string,
  ): Promise<{ subject: string; records: { recordedAt: string; recordedBy: string; details: unknown }[] }> {
    const events = await this.log.subjectEvents(subject);
    if (events.length === 0) throw new NotFoundException({ code: 'subject.not_found', message: `no subject ${subject}` });
    try {
      const records = await Promise.all(
        events
          .filter((e): e is typeof e & SubjectDetailsRecorded => e.type === 'SubjectDetailsRecorded')
          .map(async (e) => ({
            recordedAt: e.data.recordedAt,
            recordedBy: e.metadata.actor,
            details: await this.vault.open(subject, e.data.details),
          })),
      );
      return { subject, records };
    } catch (error) {
      if (error instanceof SubjectErasedError) throw new GoneException({ code: error.code, message: error.message });
      throw error;
    }
  }

  @Post(':subject/erasure')
  @Requires({ kind: 'subjects.erase' })
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Erase a subject: destroy its key, so its details can never be read again (crypto-shredding)' })
  @ApiOkResponse({ type: SubjectErasedView })
  async erase(
    @Param('subject', new SubjectPseudonymPipe()) subject: string,
    @Body() body: EraseSubjectDto,
    @Req() request: AuthenticatedRequest,
  ): Promise<{ subject: string; erasedAt: string; keyDestroyed: boolean }> {
    const events = await this.log.subjectEvents(subject);
    if (events.length === 0) throw new NotFoundException({ code: 'subject.not_found', message: `no subject ${subject}` });
    const already = events.find((e) => e.type === 'SubjectKeyErased');
    if (already && already.type === 'SubjectKeyErased') return { subject, erasedAt: already.data.erasedAt, keyDestroyed: false };
    const erasedAt = this.clock.now();
    const keyDestroyed = await this.vault.erase(subject, erasedAt);
    await this.log.appendSubjectEvent(
      { type: 'SubjectKeyErased', schemaVersion: 1, data: { subject, erasedAt, reason: body.reason } },
      request.principal!.id,
    );
    return { subject, erasedAt, keyDestroyed };
  }
}
