import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IssuesCommands } from '../auth/access.decorators';
import type { Response } from 'express';
import type { CommandAccepted } from '../commands/command-accepted.dto';
import { CommandGateway, commandData } from '../commands/command-gateway';
import { AggregateIdParam } from '../http/aggregate-id.param';
import { ApiCommand } from '../http/api-command.decorator';
import { CommandHeaders, type CommandRequestContext } from '../http/command-headers';
import { ReverseIncidentDto } from './dto/reverse-incident.dto';
import { CorrectIncidentDto } from './dto/correct-incident.dto';
import { RecordRecoveryDto } from './dto/record-recovery.dto';
import { ReportStolenFundsDto } from './dto/report-stolen-funds.dto';

@ApiTags('incidents')
@IssuesCommands('incident')
@Controller('v1/incidents')
export class IncidentsController {
  constructor(private readonly commands: CommandGateway) {}

  @Post()
  @ApiCommand('Record a theft reported by victims (hack, scam, ransomware, ...)', { creates: true })
  report(
    @Body() body: ReportStolenFundsDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    const incidentId = body.incidentId ?? this.commands.newAggregateId('incident', context);
    return this.commands.send({ type: 'ReportStolenFunds', data: { ...commandData(body), incidentId } }, context, response, {
      category: 'incident',
      id: incidentId,
    });
  }

  @Post(':id/recoveries')
  @ApiCommand('Record funds recovered for the victims of an incident', { targetsExisting: true })
  recover(
    @AggregateIdParam() incidentId: string,
    @Body() body: RecordRecoveryDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'RecordRecovery', data: { incidentId, ...commandData(body) } }, context, response);
  }

  @Post(':id/corrections')
  @ApiCommand('Correct recorded fields of a reported theft (a new event; the original stays)', { targetsExisting: true })
  correct(
    @AggregateIdParam() incidentId: string,
    @Body() body: CorrectIncidentDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'CorrectIncident', data: { incidentId, ...commandData(body) } }, context, response);
  }

  @Post(':id/reversal')
  @ApiCommand('Reverse an incident recorded in error; it and its recoveries drop out of every figure', { targetsExisting: true })
  reverse(
    @AggregateIdParam() incidentId: string,
    @Body() body: ReverseIncidentDto,
    @CommandHeaders() context: CommandRequestContext,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CommandAccepted> {
    return this.commands.send({ type: 'ReverseIncident', data: { incidentId, ...commandData(body) } }, context, response);
  }
}
