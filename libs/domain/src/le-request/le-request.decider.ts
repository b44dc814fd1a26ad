import { citesNothing } from '../shared/citations';
import { assertNever, exhaustive, type Decider } from '../shared/domain-event';
import { requireAggregateId } from '../shared/validation';
import { answerRequest } from './answer-request/answer-request.decide';
import type { AnswerRequest } from './answer-request/answer-request.command';
import { correctRequest } from './correct-request/correct-request.decide';
import type { CorrectRequest } from './correct-request/correct-request.command';
import { reverseRequest } from './reverse-request/reverse-request.decide';
import type { ReverseRequest } from './reverse-request/reverse-request.command';
import { supplementAnswer } from './supplement-answer/supplement-answer.decide';
import type { SupplementAnswer } from './supplement-answer/supplement-answer.command';
import type { LeRequestEvent } from './le-request.events';
import { evolveLeRequest, initialLeRequestState, type LeRequestState } from './le-request.state';
import { receiveRequest } from './receive-request/receive-request.decide';
import type { ReceiveRequest } from './receive-request/receive-request.command';
import { withdrawRequest } from './withdraw-request/withdraw-request.decide';
import type { WithdrawRequest } from './withdraw-request/withdraw-request.command';

export type LeRequestCommand = ReceiveRequest | AnswerRequest | WithdrawRequest | CorrectRequest | ReverseRequest | SupplementAnswer;
export const LE_REQUEST_COMMAND_TYPES = exhaustive<LeRequestCommand['type']>()([
  'ReceiveRequest',
  'AnswerRequest',
  'WithdrawRequest',
  'CorrectRequest',
  'ReverseRequest',
  'SupplementAnswer',
]);

/** Law-enforcement requests live in `request-<requestId>` streams (category names carry no dash). */
export const leRequestDecider: Decider<LeRequestCommand, LeRequestEvent, LeRequestState> = {
  category: 'request',
  commandTypes: LE_REQUEST_COMMAND_TYPES,
  aggregateIdOf: (command) => requireAggregateId('requestId', command.data.requestId),
  citationsOf: citesNothing,
  initialState: initialLeRequestState,
  evolve: evolveLeRequest,
  decide(command, state) {
    switch (command.type) {
      case 'ReceiveRequest':
        return receiveRequest(command, state);
      case 'AnswerRequest':
        return answerRequest(command, state);
      case 'WithdrawRequest':
        return withdrawRequest(command, state);
      case 'CorrectRequest':
        return correctRequest(command, state);
      case 'ReverseRequest':
        return reverseRequest(command, state);
      case 'SupplementAnswer':
        return supplementAnswer(command, state);
      default:
        return assertNever(command, 'law-enforcement request command');
    }
  },
};
