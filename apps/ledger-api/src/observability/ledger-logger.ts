import type { LedgerConfig, LogLevel } from '@ledger/config';
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import { currentRequestContext } from './request-context';

/** Nest's levels onto pino's. */
const PINO_LEVEL: Record<LogLevel, pino.Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Never logged, wherever they appear in a structured field: credentials and the personal fields the API accepts.
 * Nothing logs request bodies or raw URLs in the first place; this is the second line of defence.
 */
export const REDACTED_PATHS = [
  'authorization',
  'cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.apiKey',
  '*.secret',
  '*.token',
  '*.password',
  '*.accountId',
  '*.subject',
  '*.email',
];

/** A pino logger for the configured format: JSON lines, or pino-pretty's readable lines for a terminal. */
export function createPinoLogger(config: Pick<LedgerConfig, 'logLevel' | 'logFormat'>, destination?: DestinationStream): PinoLogger {
  const options: pino.LoggerOptions = {
    level: PINO_LEVEL[config.logLevel],
    base: { service: 'ledger-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Every line written while serving a request names that request and the command's correlation id.
    mixin: () => {
      const context = currentRequestContext();
      if (context === undefined) return {};
      return context.correlationId !== undefined
        ? { requestId: context.requestId, correlationId: context.correlationId }
        : { requestId: context.requestId };
    },
  };
  if (destination !== undefined) return pino(options, destination);
  if (config.logFormat === 'pretty') {
    // Loaded only when asked for: production images log JSON.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const pretty = require('pino-pretty') as (options: object) => DestinationStream;
    return pino(
      options,
      pretty({
        sync: true,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,service,context',
        messageFormat: '{if context}[{context}] {end}{msg}',
      }),
    );
  }
  return pino(options, pino.destination({ sync: false }));
}

/** Nest's LoggerService over pino: Nest's context becomes a `context` field, an error's stack a `stack` field. */
export class LedgerLogger implements LoggerService {
  constructor(readonly pino: PinoLogger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const [stack, context] = rest.length >= 2 ? rest : [rest[0], undefined];
    const fields: Record<string, unknown> = {};
    if (typeof context === 'string') fields.context = context;
    if (typeof stack === 'string' && stack.includes('\n')) fields.stack = stack;
    else if (typeof stack === 'string' && context === undefined) fields.context = stack;
    if (message instanceof Error) this.pino.error({ ...fields, stack: message.stack }, message.message);
    else this.pino.error(fields, String(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Flushes buffered lines (before the process exits). */
  flush(): void {
    this.pino.flush();
  }

  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const fields = context !== undefined ? { context } : {};
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, message instanceof Error ? message.message : String(message));
  }
}
