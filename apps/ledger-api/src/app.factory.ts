import 'reflect-metadata';
import type { LedgerConfig } from '@ledger/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule, type AppOverrides } from './app.module';
import { CORRELATION_ID_HEADER, IDEMPOTENCY_KEY_HEADER, REPLAYED_HEADER } from './http/command-headers';
import { completeOpenApiDocument } from './http/openapi-document';
import { ProblemDetails } from './http/problem-details';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { ledgerValidationPipe } from './http/request-validation';
import { slowBodyGuard } from './http/slow-body';
import { refuseDeepJson, rewrapBodyParserErrors } from './http/unreadable-body';
import { createPinoLogger, LedgerLogger } from './observability/ledger-logger';
import { LedgerMetrics } from './observability/ledger-metrics';
import { Lifecycle } from './observability/lifecycle';
import { observeRequests, reenterRequestContext } from './observability/observe-requests';

export interface CreateAppOptions extends AppOverrides {
  /** Nest's own logging; defaults to the configured level. Tests pass false. */
  readonly logger?: false;
  /** Where log lines go instead of stdout (tests read them). */
  readonly logDestination?: DestinationStream;
  /** False when the caller drains and closes the app on SIGTERM itself (`serveApi`); default: Nest's shutdown hooks. */
  readonly handleSignals?: boolean;
}

/**
 * The API, built and initialised but not listening: `main.ts` listens on PORT, tests hand it to supertest,
 * the CLI's `serve` and `demo` reuse it.
 */
export async function createApp(config: LedgerConfig, options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const { logger, logDestination, handleSignals, ...overrides } = options;
  const ledgerLogger = logger === false ? undefined : new LedgerLogger(createPinoLogger(config, logDestination));
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, overrides), {
    logger: ledgerLogger ?? false,
    bodyParser: false,
    // A failed start rejects (main.ts prints a ConfigError's message and exits 1) instead of Nest exiting the process.
    abortOnError: false,
  });
  app.use(
    observeRequests({ metrics: app.get(LedgerMetrics), lifecycle: app.get(Lifecycle), ...(ledgerLogger ? { logger: ledgerLogger } : {}) }),
  );
  app.use(slowBodyGuard(config.bodyGraceMs));
  app.useBodyParser('json', { limit: config.bodyLimit, verify: refuseDeepJson });
  app.use(rewrapBodyParserErrors);
  app.use(reenterRequestContext());
  app.disable('x-powered-by');
  app.useGlobalPipes(ledgerValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  if (handleSignals !== false) app.enableShutdownHooks();
  app.enableCors({
    exposedHeaders: ['Location', REPLAYED_HEADER],
    allowedHeaders: ['Content-Type', 'Authorization', IDEMPOTENCY_KEY_HEADER, CORRELATION_ID_HEADER],
  });

  const document = completeOpenApiDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Cooperation Ledger API')
        .setDescription(
          'Event-sourced system of record behind the published law-enforcement cooperation figures. Commands append immutable events ' +
            '(retry safely with an Idempotency-Key); auditors read the log as recorded. Errors are RFC 9457 problem details.',
        )
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key (ldg_...) or a JWT from the configured issuer' })
        .build(),
      { extraModels: [ProblemDetails] },
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.init();
  return app;
}
