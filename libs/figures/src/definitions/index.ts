import type { FigureDefinition } from './figure-definition';
import { fundsFigure } from './funds.figure';
import { fundsFigureV2 } from './funds-v2.figure';
import { leRequestsFigureV2 } from './le-requests-v2.figure';
import { recoveryRateFigureV2 } from './recovery-rate-v2.figure';
import { trainingsFigureV2 } from './trainings-v2.figure';
import { leRequestsFigure } from './le-requests.figure';
import { recoveryRateFigure } from './recovery-rate.figure';
import { trainingsFigure } from './trainings.figure';

export * from './figure-definition';
export * from './define-figure';
export { fundsFigure, leRequestsFigure, recoveryRateFigure, trainingsFigure };
export { fundsFigureV2, leRequestsFigureV2, recoveryRateFigureV2, trainingsFigureV2 };

/**
 * Version 1 of every figure: kept so that answers published under it stay reproducible (`version=1`). With the small
 * rollup cubes, like version 2 (but trainings, whose distinct columns keep none): an answer must reach p99 < 50 ms
 * whatever version it is asked under. Measured on the demo history (392k events, shared 2-core machine, the same
 * minutes), le-requests v1 by year, p50 / p99: current 259 / 357 ms in the full cube only (as from 0a9c855), 10 / 31 ms
 * with the cubes; asOf 26 / 51 -> 10 / 16 ms; knownAt a position 132 / 145 -> 46 / 54 ms; knownAt a time 265 / 301 ->
 * 75 / 83 ms. By month x country they help less (current 679 / 924 -> 374 / 470 ms: the response-time histogram rows
 * of cube 1 dominate, as for v2). The cost, two rebuilds of every figure each way: CPU 88-96 s without, 93-96 s with
 * (within the noise), and a figure store of 2.42x the events table instead of 2.21x.
 */
export const FIGURES_V1: readonly FigureDefinition[] = [
  trainingsFigure,
  leRequestsFigure,
  fundsFigure,
  recoveryRateFigure,
] as FigureDefinition[];
/** Version 2: stocks at period end, cohorts, one valuation rule, corrections and reversals of every category. */
export const FIGURES_V2: readonly FigureDefinition[] = [
  trainingsFigureV2,
  leRequestsFigureV2,
  fundsFigureV2,
  recoveryRateFigureV2,
] as FigureDefinition[];

/** Every published figure version the projector keeps, in the order the API lists them; a query without
 *  `version` gets the latest. */
export const FIGURES: readonly FigureDefinition[] = [...FIGURES_V1, ...FIGURES_V2];

/** Every figure's name, once, in the order the API lists them: what a CLI help text or a suite over all figures reads. */
export const FIGURE_NAMES: readonly string[] = [...new Set(FIGURES.map((figure) => figure.name))];
