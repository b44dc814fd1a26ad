import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IssuesCommands } from '../auth/access.decorators';
import type { Response } from 'express';
import type { CommandAccepted } from '../commands/command-accepted.dto';
import { CommandGateway, commandData } from '../commands/command-gateway';
import { AggregateIdParam } from '../http/aggregate-id.param';
import { ApiCommand } from '../http/api-command.decorator';
import { CommandHeaders, type CommandRequestContext } from '../http/command-headers';
import { SupplementAnswerDto } from './dto/supplement-answer.dto';
import { ReverseRequestDto } from './dto/reverse-request.dto';
import { CorrectRequestDto } from './dto/correct-request.dto';
import { AnswerRequestDto } from './dto/answer-request.dto';
import { ReceiveRequestDto } from './dto/receive-request.dto';
import { WithdrawRequestDto } from './dto/withdraw-request.dto';

/** Law-enforcement requests; their streams are `request-<id>`. */
@ApiTags('le-requests')
@IssuesCommands('request')
@Controller('v1/le-requests')
export class LeRequestsController {
  constructor(private readonly commands: CommandGateway) {}

  @Post()
  @ApiCommand('Record a request received from a law-enforcement agency', { creates: true })
  receive(
    @Body() body: ReceiveRequestDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const requestId = body.requestId ?? this.commands.newAggregateId('request', context);
    return this.commands.send({ type: 'ReceiveRequest', data: { ...commandData(body), requestId } }, context, response, {
      category: 'request',
      id: requestId,
    });
  }

  @Post(':id/answer')
  @ApiCommand('Record the answer to a request (once)', { targetsExisting: true })
  answer(
    @AggregateIdParam() requestId: string,
    @Body() body: AnswerRequestDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'AnswerRequest', data: { requestId, ...commandData(body) } }, context, response);
  }

  @Post(':id/withdrawal')
  @ApiCommand('Record that the agency withdrew an open request', { targetsExisting: true })
  withdraw(
    @AggregateIdParam() requestId: string,
    @Body() body: WithdrawRequestDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'WithdrawRequest', data: { requestId, ...commandData(body) } }, context, response);
  }

  @Post(':id/corrections')
  @ApiCommand('Correct recorded fields of a request (a new event; the original stays)', { targetsExisting: true })
  correct(
    @AggregateIdParam() requestId: string,
    @Body() body: CorrectRequestDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'CorrectRequest', data: { requestId, ...commandData(body) } }, context, response);
  }

  @Post(':id/reversal')
  @ApiCommand('Reverse a request recorded in error; it drops out of every figure (an agency taking a request back is a withdrawal)', {
    targetsExisting: true,
  })
  reverse(
    @AggregateIdParam() requestId: string,
    @Body() body: ReverseRequestDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'ReverseRequest', data: { requestId, ...commandData(body) } }, context, response);
  }

  @Post(':id/supplementary-answers')
  @ApiCommand('Record more sent after the answer; the first answer stays the response time', { targetsExisting: true })
  supplement(
    @AggregateIdParam() requestId: string,
    @Body() body: SupplementAnswerDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'SupplementAnswer', data: { requestId, ...commandData(body) } }, context, response);
  }
}
