import { AssetAmountDto } from './asset-amount.dto';
import { ListOf } from './field-rules';

export const MAX_ASSET_LINES = 100;

/** A list of one or more asset lines (one per asset; the domain refuses duplicates). */
export function AssetLines(description: string): PropertyDecorator {
  return ListOf(() => AssetAmountDto, description, 1, MAX_ASSET_LINES);
}
