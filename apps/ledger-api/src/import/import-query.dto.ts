import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export class ImportQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 5000, default: 500, description: 'Lines per all-or-nothing batch.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  readonly batchSize?: number;

  @ApiPropertyOptional({ enum: ['stop', 'continue'], default: 'stop', description: 'After a failed batch: stop appending (later lines are still checked) or continue.' })
  @IsOptional()
  @IsIn(['stop', 'continue'])
  readonly onFailure?: 'stop' | 'continue';
}
