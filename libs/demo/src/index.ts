export * from './demo-history';
export * from './public-record';
export * from './seed-demo';
export { SeededRandom } from './prng';
