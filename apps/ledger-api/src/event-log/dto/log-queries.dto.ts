import { OneOf, QueryWholeNumber } from '../../dto/field-rules';

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

export class ReadStreamQuery {
  @QueryWholeNumber('First revision to read (inclusive). Forwards default 0; backwards default the last event.', 0)
  readonly from?: number;

  @OneOf(['forwards', 'backwards'], 'Reading direction; forwards by default.', 'forwards', true)
  readonly direction?: 'forwards' | 'backwards';

  @QueryWholeNumber('Events per page.', 1, MAX_PAGE, DEFAULT_PAGE)
  readonly limit?: number;
}

export class ReadLogQuery {
  @QueryWholeNumber('Events strictly after this log position; from the start when absent.', 0)
  readonly after?: number;

  @QueryWholeNumber('Events per page.', 1, MAX_PAGE, DEFAULT_PAGE)
  readonly limit?: number;
}
