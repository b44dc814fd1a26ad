import { EVENT_STORE, type EventStore, type RecordedEvent } from '@ledger/event-store';
import { Controller, Get, Inject, NotFoundException, Param, Query, type PipeTransform } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Requires } from '../auth/access.decorators';
import { COSTS } from '../auth/costs';
import { MAX_PAGE_BYTES, withinBytes } from '../http/page-bytes';
import { PROBLEM_JSON, ProblemDetails } from '../http/problem-details';
import { RequestValidationError } from '../http/request-validation';
import { DEFAULT_PAGE, ReadLogQuery, ReadStreamQuery } from './dto/log-queries.dto';
import { LogPage, StreamPage, type LoggedEvent } from './dto/logged-event.dto';

const STREAM_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

class StreamNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!STREAM_NAME.test(value)) {
      throw new RequestValidationError([
        { field: 'stream', message: 'stream must be a stream name such as training-2024-cdmx-01', code: 'streamName' },
      ]);
    }
    return value;
  }
}

const problem = (description: string) => ({
  description,
  type: ProblemDetails,
  content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
});

/** Auditor reads of the log as recorded: one stream, or the whole log in order. */
@Requires({ kind: 'log' })
@ApiTags('events')
@Controller('v1')
export class EventLogController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('streams/:stream')
  @ApiOperation({ summary: 'Events of one stream, with metadata and integrity fields' })
  @ApiOkResponse({ type: StreamPage })
  @ApiBadRequestResponse(problem('Invalid stream name or query.'))
  @ApiNotFoundResponse(problem('The stream has no events.'))
  async readStream(@Param('stream', new StreamNamePipe()) stream: string, @Query() query: ReadStreamQuery): Promise<StreamPage> {
    const direction = query.direction ?? 'forwards';
    const limit = query.limit ?? DEFAULT_PAGE;
    // One extra event tells whether another page follows.
    const read = await this.store.readStream(stream, {
      direction,
      maxCount: limit + 1,
      ...(query.from !== undefined ? { fromRevision: query.from } : {}),
    });
    if (read.length === 0 && (query.from === undefined || (await this.store.readStream(stream, { maxCount: 1 })).length === 0)) {
      throw new NotFoundException({ code: 'stream.not_found', message: `stream ${stream} has no events` });
    }
    const events = read.slice(0, limit);
    return { stream, direction, events: events.map(toLoggedEvent), next: read.length > limit ? read[limit].revision : null };
  }

  @Get('events')
  @Requires({ kind: 'log' }, { cost: COSTS.events })
  @ApiOperation({ summary: 'The global log in order, paged by position; a page also ends at 4 MiB of JSON (follow next)' })
  @ApiOkResponse({ type: LogPage })
  @ApiBadRequestResponse(problem('Invalid query.'))
  async readLog(@Query() query: ReadLogQuery): Promise<LogPage> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const read = await this.store.readAll({ limit: limit + 1, ...(query.after !== undefined ? { after: query.after } : {}) });
    const events = withinBytes(read.slice(0, limit).map(toLoggedEvent), MAX_PAGE_BYTES);
    return { events, next: read.length > events.length ? events[events.length - 1].position : null };
  }
}

function toLoggedEvent(event: RecordedEvent): LoggedEvent {
  return {
    position: event.position,
    stream: event.stream,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data as Record<string, unknown>,
    metadata: event.metadata,
  };
}
