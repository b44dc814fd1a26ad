import v8 from 'node:v8';

/**
 * How far V8 may grow the heap past what survived its last full collection, in percent, while a build runs and
 * after it: a build allocates fast (parsed events, contribution rows) and keeps little, and V8's own heuristic then
 * lets the heap reach up to four times what is live before it collects again. Measured on a 250k-event rebuild:
 * peak RSS 469 and 461 MiB by V8's heuristic, 275 and 281 MiB at 25%, for about 15% more CPU (68-70 against 80-82
 * CPU seconds: more full collections; BENCHMARKS.md).
 */
export const BUILD_HEAP_GROWING_PERCENT = 25;

const FLAG = 'heap-growing-percent';
let limited = false;

/**
 * Caps the heap's growth for the rest of the process (a V8 flag: process-wide, so the API and its other work keep
 * the smaller heap too). Leaves alone a process started with its own `--heap-growing-percent` (node options or
 * NODE_OPTIONS): the operator's choice stands.
 */
export function limitHeapGrowthForBuilds(): void {
  if (limited) return;
  limited = true;
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) =>
    arg.replace(/_/g, '-').startsWith(`--${FLAG}`),
  );
  if (!given) v8.setFlagsFromString(`--${FLAG}=${BUILD_HEAP_GROWING_PERCENT}`);
}
