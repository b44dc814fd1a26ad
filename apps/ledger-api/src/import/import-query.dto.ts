import { OneOf, QueryWholeNumber } from '../dto/field-rules';

export class ImportQuery {
  @QueryWholeNumber('Lines per all-or-nothing batch.', 1, 5000, 500)
  readonly batchSize?: number;

  @OneOf(['stop', 'continue'], 'After a failed batch: stop appending (later lines are still checked) or continue.', 'stop', true)
  readonly onFailure?: 'stop' | 'continue';
}
