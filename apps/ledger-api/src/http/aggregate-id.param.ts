import { Param, type PipeTransform } from '@nestjs/common';
import { RequestValidationError } from './request-validation';

const AGGREGATE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

class AggregateIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!AGGREGATE_ID.test(value)) {
      throw new RequestValidationError([
        {
          field: 'id',
          message: "id must be 1-100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
          code: 'aggregateId',
        },
      ]);
    }
    return value;
  }
}

/** The `:id` path parameter, checked like every aggregate id. */
export function AggregateIdParam(): ParameterDecorator {
  return Param('id', new AggregateIdPipe());
}
