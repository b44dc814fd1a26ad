import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { AssetAmountDto } from './asset-amount.dto';

export const MAX_ASSET_LINES = 100;

/** A list of one or more asset lines (one per asset; the domain refuses duplicates). */
export function AssetLines(description: string): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: [AssetAmountDto], minItems: 1, maxItems: MAX_ASSET_LINES, description }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_ASSET_LINES),
    ValidateNested({ each: true }),
    Type(() => AssetAmountDto),
  );
}
