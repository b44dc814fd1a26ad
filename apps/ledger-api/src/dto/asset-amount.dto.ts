import { ASSET_CODE_PATTERN, type AssetAmount } from '@ledger/domain';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { AssetAmountString, UsdAmountString } from './field-rules';

export class AssetAmountDto implements AssetAmount {
  @ApiProperty({ description: 'Asset code as the exchange writes it; case matters.', example: 'USDT', pattern: ASSET_CODE_PATTERN.source })
  @IsString()
  @Matches(ASSET_CODE_PATTERN, { message: ({ property }) => `${property} must be an asset code such as "BTC" or "USDT" (letters, digits, '.', '_', ':', '-')` })
  readonly asset!: string;

  @AssetAmountString('Exact amount of the asset: a positive decimal string, up to 18 decimals.', '1250.5')
  readonly amount!: string;

  @UsdAmountString('USD value at the time: a decimal string, up to 8 decimals.', '1250.5')
  readonly usdValue!: string;
}
