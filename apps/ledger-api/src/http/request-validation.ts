import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { FieldProblem } from './problem-details';

/** The request broke its schema; every invalid field is listed. Nothing reached the ledger. */
export class RequestValidationError extends Error {
  readonly code = 'validation';
  constructor(readonly errors: readonly FieldProblem[]) {
    super(
      errors.length === 1
        ? errors[0].message
        : `${errors.length} fields are invalid: ${[...new Set(errors.map((e) => e.field))].join(', ')}`,
    );
    this.name = 'RequestValidationError';
  }
}

/** Turns class-validator's tree into one entry per failed rule, with paths like `agencies[0].country`. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    const field =
      /^\d+$/.test(error.property) && parent !== ''
        ? `${parent}[${error.property}]`
        : parent === ''
          ? error.property
          : `${parent}.${error.property}`;
    for (const [code, message] of Object.entries(error.constraints ?? {})) {
      problems.push({ field, message: qualify(message, error.property, field), code });
    }
    if (error.children && error.children.length > 0) problems.push(...flattenValidationErrors(error.children, field));
  }
  return problems;
}

/** class-validator names only the last property; name the full path so a message stands on its own. */
function qualify(message: string, property: string, field: string): string {
  if (field !== property && message.startsWith(`${property} `)) return `${field}${message.slice(property.length)}`;
  if (message.startsWith('property ')) return message.replace(/^property \S+/, `property ${field}`);
  return message;
}

/** Whitelisting, unknown fields refused, plain JSON turned into typed DTOs; failures list every field. */
export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    // One message per field: the first rule it breaks (a missing field is "required", not also "not a string").
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flattenValidationErrors(errors)),
  });
}
