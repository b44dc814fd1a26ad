import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CommandAccepted } from '../commands/command-accepted.dto';
import { CORRELATION_ID_HEADER, IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from './command-headers';
import { PROBLEM_JSON, ProblemDetails } from './problem-details';

const problem = (description: string) => ({
  description,
  content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
  type: ProblemDetails,
});

/** OpenAPI description shared by every command endpoint: headers, the 201 answer and the problems it can return. */
export function ApiCommand(summary: string, options: { creates?: boolean; targetsExisting?: boolean } = {}): MethodDecorator {
  return applyDecorators(
    HttpCode(HttpStatus.CREATED),
    ApiOperation({ summary }),
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes the command safe to retry: the same key and body return the original answer and append nothing; the same key with another body is refused (422).',
    }),
    ApiHeader({ name: CORRELATION_ID_HEADER, required: false, description: "Caller's trace id, recorded in the events' metadata." }),
    ApiCreatedResponse({
      type: CommandAccepted,
      description: 'Recorded. Event ids and log positions of what was appended.',
      headers: {
        ...(options.creates
          ? { Location: { description: 'The new aggregate’s stream, readable at GET /v1/streams/{stream}.', schema: { type: 'string' } } }
          : {}),
        [REPLAYED_HEADER]: { description: '"true" when this answers a retry: nothing new was appended.', schema: { type: 'string' } },
      },
    }),
    ApiBadRequestResponse(problem('Invalid input; every invalid field is listed. Nothing was appended.')),
    ...(options.targetsExisting ? [ApiNotFoundResponse(problem('No such aggregate.'))] : []),
    ApiConflictResponse(problem('Refused by an invariant, or the stream changed concurrently. Nothing was appended.')),
    ApiUnprocessableEntityResponse(problem('The Idempotency-Key was already used for a different request.')),
  );
}
