import type { FigureDefinition } from './figure-definition';
import { fundsFigure } from './funds.figure';
import { leRequestsFigure } from './le-requests.figure';
import { recoveryRateFigure } from './recovery-rate.figure';
import { trainingsFigure } from './trainings.figure';

export * from './figure-definition';
export { fundsFigure, leRequestsFigure, recoveryRateFigure, trainingsFigure };

/** Every published figure, in the order the API lists them. */
export const FIGURES: readonly FigureDefinition[] = [trainingsFigure, leRequestsFigure, fundsFigure, recoveryRateFigure] as FigureDefinition[];
