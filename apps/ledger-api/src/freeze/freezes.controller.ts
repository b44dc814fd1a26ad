import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IssuesCommands } from '../auth/access.decorators';
import type { Response } from 'express';
import type { CommandAccepted } from '../commands/command-accepted.dto';
import { CommandGateway, commandData } from '../commands/command-gateway';
import { AggregateIdParam } from '../http/aggregate-id.param';
import { ApiCommand } from '../http/api-command.decorator';
import { CommandHeaders, type CommandRequestContext } from '../http/command-headers';
import { ReverseFreezeDto } from './dto/reverse-freeze.dto';
import { CorrectFreezeDto } from './dto/correct-freeze.dto';
import { Pseudonyms } from '../auth/pseudonyms.service';
import { FreezeFundsDto } from './dto/freeze-funds.dto';
import { ReleaseFundsDto } from './dto/release-funds.dto';
import { ReturnFundsDto } from './dto/return-funds.dto';
import { SeizeFundsDto } from './dto/seize-funds.dto';

@ApiTags('freezes')
@IssuesCommands('freeze')
@Controller('v1/freezes')
export class FreezesController {
  constructor(
    private readonly commands: CommandGateway,
    private readonly pseudonyms: Pseudonyms,
  ) {}

  @Post()
  @ApiCommand('Record funds frozen on an order or suspicion', { creates: true })
  freeze(
    @Body() body: FreezeFundsDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const freezeId = body.freezeId ?? this.commands.newAggregateId('freeze', context);
    // Raw account ids never reach an event: only their keyed pseudonyms do.
    const { accountIds, ...data } = commandData(body);
    const accounts = this.pseudonyms.accounts(data.accounts, accountIds);
    return this.commands.send({ type: 'FreezeFunds', data: { ...data, ...(accounts ? { accounts } : {}), freezeId } }, context, response, {
      category: 'freeze',
      id: freezeId,
    });
  }

  @Post(':id/releases')
  @ApiCommand('Release frozen funds back to the account holder', { targetsExisting: true })
  release(
    @AggregateIdParam() freezeId: string,
    @Body() body: ReleaseFundsDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'ReleaseFunds', data: { freezeId, ...commandData(body) } }, context, response);
  }

  @Post(':id/seizures')
  @ApiCommand('Record frozen funds seized by an authority', { targetsExisting: true })
  seize(
    @AggregateIdParam() freezeId: string,
    @Body() body: SeizeFundsDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'SeizeFunds', data: { freezeId, ...commandData(body) } }, context, response);
  }

  @Post(':id/returns')
  @ApiCommand('Record frozen funds returned to victims', { targetsExisting: true })
  return(
    @AggregateIdParam() freezeId: string,
    @Body() body: ReturnFundsDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'ReturnFunds', data: { freezeId, ...commandData(body) } }, context, response);
  }

  @Post(':id/corrections')
  @ApiCommand('Correct recorded fields of a freeze, not its amounts (a new event; the original stays)', { targetsExisting: true })
  correct(
    @AggregateIdParam() freezeId: string,
    @Body() body: CorrectFreezeDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'CorrectFreeze', data: { freezeId, ...commandData(body) } }, context, response);
  }

  @Post(':id/reversal')
  @ApiCommand('Reverse a freeze recorded in error; it and its releases, seizures and returns drop out of every figure', {
    targetsExisting: true,
  })
  reverse(
    @AggregateIdParam() freezeId: string,
    @Body() body: ReverseFreezeDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'ReverseFreeze', data: { freezeId, ...commandData(body) } }, context, response);
  }
}
