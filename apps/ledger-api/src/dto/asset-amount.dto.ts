import { ASSET_CODE_PATTERN, type AssetAmount } from '@ledger/domain';
import { AssetAmountString, AssetCode, UsdAmountString } from './field-rules';

export class AssetAmountDto implements AssetAmount {
  @AssetCode('Asset code as the exchange writes it; case matters.', 'USDT', ASSET_CODE_PATTERN)
  readonly asset!: string;

  @AssetAmountString('Exact amount of the asset: a positive decimal string, up to 18 decimals.', '1250.5')
  readonly amount!: string;

  @UsdAmountString('USD value at the time: a positive decimal string, up to 8 decimals.', '1250.5', { positive: true })
  readonly usdValue!: string;
}
