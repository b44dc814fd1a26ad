import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Media type of every error answer (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

/** One invalid input field: where it is, what was wrong and what was expected. */
export class FieldProblem {
  @ApiProperty({ example: 'agencies[0].country', description: 'Path of the field in the request (body, query or header).' })
  readonly field!: string;

  @ApiProperty({ example: 'agencies[0].country must be an ISO 3166-1 alpha-2 country code such as "MX"' })
  readonly message!: string;

  @ApiPropertyOptional({ example: 'isIso31661Alpha2', description: 'Stable name of the rule that failed.' })
  readonly code?: string;
}

/** RFC 9457 problem details, with the ledger's stable `code` and, for invalid input, every invalid field. */
export class ProblemDetails {
  @ApiProperty({ example: 'urn:ledger:problem:validation', description: 'URI naming the kind of problem; stable per code.' })
  readonly type!: string;

  @ApiProperty({ example: 'Request is invalid' })
  readonly title!: string;

  @ApiProperty({ example: 400 })
  readonly status!: number;

  @ApiProperty({ example: 'deliveredOn must be an ISO date YYYY-MM-DD' })
  readonly detail!: string;

  @ApiProperty({ example: '/v1/trainings', description: 'The request path that produced the problem.' })
  readonly instance!: string;

  @ApiProperty({ example: 'validation', description: 'Stable machine-readable code, e.g. training.withdrawn.' })
  readonly code!: string;

  @ApiPropertyOptional({ type: [FieldProblem] })
  readonly errors?: FieldProblem[];
}

export function problemType(code: string): string {
  return `urn:ledger:problem:${code}`;
}
