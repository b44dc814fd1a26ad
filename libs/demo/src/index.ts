export * from './demo-history';
export * from './public-record';
export { SeededRandom } from './prng';
