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

/** Version 1 of every figure: kept so that answers published under it stay reproducible (`version=1`). Superseded,
 *  so without the small rollup cubes: the same answers from the full cube, a cheaper rebuild. */
export const FIGURES_V1: readonly FigureDefinition[] = (
  [trainingsFigure, leRequestsFigure, fundsFigure, recoveryRateFigure] as FigureDefinition[]
).map((figure) => ({
  ...figure,
  smallCubes: false,
}));
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
