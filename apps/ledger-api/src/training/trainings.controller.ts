import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IssuesCommands } from '../auth/access.decorators';
import type { Response } from 'express';
import { CommandGateway, commandData } from '../commands/command-gateway';
import type { CommandAccepted } from '../commands/command-accepted.dto';
import { ApiCommand } from '../http/api-command.decorator';
import { CommandHeaders, type CommandRequestContext } from '../http/command-headers';
import { AggregateIdParam } from '../http/aggregate-id.param';
import { CorrectTrainingDto } from './dto/correct-training.dto';
import { RecordTrainingDto } from './dto/record-training.dto';
import { WithdrawTrainingDto } from './dto/withdraw-training.dto';

@ApiTags('trainings')
@IssuesCommands('training')
@Controller('v1/trainings')
export class TrainingsController {
  constructor(private readonly commands: CommandGateway) {}

  @Post()
  @ApiCommand('Record a training session delivered to law enforcement', { creates: true })
  record(
    @Body() body: RecordTrainingDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const trainingId = body.trainingId ?? this.commands.newAggregateId('training', context);
    return this.commands.send({ type: 'RecordTrainingSession', data: { ...commandData(body), trainingId } }, context, response, {
      category: 'training',
      id: trainingId,
    });
  }

  @Post(':id/corrections')
  @ApiCommand('Correct recorded fields of a session (a new event; the original stays)', { targetsExisting: true })
  correct(
    @AggregateIdParam() trainingId: string,
    @Body() body: CorrectTrainingDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'CorrectTrainingSession', data: { trainingId, ...commandData(body) } }, context, response);
  }

  @Post(':id/withdrawal')
  @ApiCommand('Withdraw a session recorded in error; it drops out of every figure', { targetsExisting: true })
  withdraw(
    @AggregateIdParam() trainingId: string,
    @Body() body: WithdrawTrainingDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'WithdrawTrainingSession', data: { trainingId, ...commandData(body) } }, context, response);
  }
}
