import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

// Response schemas of /v1/figures, for the OpenAPI document (the values come from @ledger/figures).

/** Counts are numbers; money, days and ratios exact decimal strings; null when undefined. */
const MEASURE_VALUE: SchemaObject = { oneOf: [{ type: 'number' }, { type: 'string', nullable: true }] };

export class LogPointView {
  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      "Log position of the last event reflected; null for a caller limited to some countries (a position counts every jurisdiction's events)",
  })
  readonly position!: number | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'When the ledger recorded that event; null for a caller limited to some countries',
  })
  readonly recordedAt!: string | null;
}

export class DimensionView {
  @ApiProperty()
  readonly name!: string;

  @ApiProperty()
  readonly description!: string;
}

export class MeasureSpecView {
  @ApiProperty()
  readonly name!: string;

  @ApiProperty({ enum: ['count', 'usd', 'days', 'ratio'] })
  readonly unit!: string;

  @ApiProperty()
  readonly description!: string;
}

export class FigureDescriptionView {
  @ApiProperty({ example: 'le-requests' })
  readonly name!: string;

  @ApiProperty({ description: 'Definition version: a new methodology is a new version' })
  readonly version!: number;

  @ApiProperty()
  readonly title!: string;

  @ApiProperty({ type: [String], description: 'What the figure counts and how, in words a regulator would use' })
  readonly methodology!: string[];

  @ApiProperty({ type: [DimensionView] })
  readonly dimensions!: DimensionView[];

  @ApiProperty({ type: [MeasureSpecView] })
  readonly measures!: MeasureSpecView[];

  @ApiProperty()
  readonly href!: string;

  @ApiProperty({
    type: () => LogPointView,
    nullable: true,
    description: 'How far the projection is; null while it has not started for this version',
  })
  readonly projectedTo!: LogPointView | null;
}

export class ProjectorView {
  @ApiProperty({ enum: ['idle', 'running', 'caught-up', 'failed'] })
  readonly state!: string;

  @ApiProperty({ required: false, description: 'Why it stopped, when failed' })
  readonly error?: string;
}

export class FigureListView {
  @ApiProperty({ type: [FigureDescriptionView] })
  readonly figures!: FigureDescriptionView[];

  @ApiProperty({ type: () => ProjectorView, nullable: true, description: 'The in-process projector; null when it runs in another process' })
  readonly projector!: ProjectorView | null;
}

export class FigureQueryView {
  @ApiProperty({ type: [String] })
  readonly groupBy!: string[];

  @ApiProperty({ type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'Dimension filters' })
  readonly filters!: Record<string, string[]>;

  @ApiProperty({ type: String, nullable: true })
  readonly year!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly month!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly from!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly asOf!: string | null;

  @ApiProperty({ type: String, nullable: true })
  readonly knownAt!: string | null;
}

export class AnswerRowView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true }, description: 'Group values by groupBy name' })
  readonly group!: Record<string, string | null>;

  @ApiProperty({
    type: 'object',
    additionalProperties: MEASURE_VALUE,
    description: 'Counts are numbers; money, days and ratios exact decimal strings; null when undefined',
  })
  readonly measures!: Record<string, number | string | null>;

  @ApiProperty({ description: 'Events that contributed to the cell' })
  readonly events!: number;

  @ApiProperty({ description: 'Link to the events behind this cell' })
  readonly provenance!: string;
}

export class FigureAnswerView {
  @ApiProperty()
  readonly figure!: string;

  @ApiProperty()
  readonly version!: number;

  @ApiProperty({ type: () => FigureQueryView })
  readonly query!: FigureQueryView;

  @ApiProperty({ type: () => LogPointView, description: 'The log position (and its recording time) the answer is as of' })
  readonly knownAt!: LogPointView;

  @ApiProperty({ description: 'Events behind the answer' })
  readonly events!: number;

  @ApiProperty({ type: [String] })
  readonly measures!: string[];

  @ApiProperty({ type: [AnswerRowView] })
  readonly rows!: AnswerRowView[];

  @ApiProperty()
  readonly provenance!: string;
}

export class ContributionView {
  @ApiProperty({ format: 'date-time' })
  readonly occurredAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true } })
  readonly dimensions!: Record<string, string | null>;

  @ApiProperty({ type: String, nullable: true })
  readonly item!: string | null;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'Exact decimal strings by column' })
  readonly values!: Record<string, string>;
}

export class ProvenanceEventView {
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Log position; null for a caller limited to some countries (its pages go on with sealed cursors)',
  })
  readonly position!: number | null;

  @ApiProperty()
  readonly eventId!: string;

  @ApiProperty()
  readonly stream!: string;

  @ApiProperty()
  readonly type!: string;

  @ApiProperty({ format: 'date-time' })
  readonly recordedAt!: string;

  @ApiProperty({ type: [ContributionView] })
  readonly contributions!: ContributionView[];
}

export class ProvenancePageView {
  @ApiProperty()
  readonly figure!: string;

  @ApiProperty()
  readonly version!: number;

  @ApiProperty({ type: () => LogPointView })
  readonly knownAt!: LogPointView;

  @ApiProperty({ type: [ProvenanceEventView] })
  readonly events!: ProvenanceEventView[];

  @ApiProperty({ type: String, nullable: true, description: 'Link to the next page; null on the last' })
  readonly next!: string | null;
}

export class RestatementCorrectionView {
  @ApiProperty()
  readonly eventId!: string;

  @ApiProperty()
  readonly type!: string;

  @ApiProperty({ description: 'The stream whose earlier events it corrects' })
  readonly stream!: string;

  @ApiProperty({ type: String, nullable: true })
  readonly reason!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'The field values it replaces, when the event lists them',
  })
  readonly replaces!: unknown;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  readonly changes!: unknown;

  @ApiProperty({ type: String, nullable: true })
  readonly actor!: string | null;
}

export class MeasureChangeView {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', nullable: true } })
  readonly group!: Record<string, string | null>;

  @ApiProperty()
  readonly measure!: string;

  @ApiProperty(MEASURE_VALUE as ApiPropertyOptions)
  readonly before!: number | string | null;

  @ApiProperty(MEASURE_VALUE as ApiPropertyOptions)
  readonly after!: number | string | null;
}

export class AnswerSnapshotView {
  @ApiProperty({ type: () => LogPointView })
  readonly knownAt!: LogPointView;

  @ApiProperty({ type: [AnswerRowView] })
  readonly rows!: AnswerRowView[];
}

export class RestatementView {
  @ApiProperty({ description: 'Log position of the correcting event' })
  readonly position!: number;

  @ApiProperty({ format: 'date-time' })
  readonly recordedAt!: string;

  @ApiProperty({ type: () => RestatementCorrectionView })
  readonly correction!: RestatementCorrectionView;

  @ApiProperty({ type: [MeasureChangeView], description: 'The measures that changed, per cell: before and after' })
  readonly changes!: MeasureChangeView[];

  @ApiProperty({ type: () => AnswerSnapshotView })
  readonly before!: AnswerSnapshotView;

  @ApiProperty({ type: () => AnswerSnapshotView })
  readonly after!: AnswerSnapshotView;
}

export class RestatementListView {
  @ApiProperty()
  readonly figure!: string;

  @ApiProperty()
  readonly version!: number;

  @ApiProperty({ type: () => FigureQueryView })
  readonly query!: FigureQueryView;

  @ApiProperty({
    type: () => LogPointView,
    nullable: true,
    description: "null for a caller limited to some countries (a position counts other jurisdictions' events)",
  })
  readonly knownAt!: LogPointView | null;

  @ApiProperty({ type: [RestatementView] })
  readonly restatements!: RestatementView[];

  @ApiProperty({ description: 'true when more candidate events existed than one list examines' })
  readonly truncated!: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    description:
      'what to pass as `after` for the next page (a log position; for a caller limited to some countries, how many restatements came before); null on the last page',
  })
  readonly next!: number | null;

  @ApiProperty({ description: 'restatements in the whole list, over every page' })
  readonly total!: number;
}
