import type { TracingConfig } from '@ledger/config';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  /** Exports what is still buffered and stops tracing. */
  shutdown(): Promise<void>;
}

/**
 * Registers the process's tracer provider (call once, before the app is built). The OTLP exporter reads its
 * endpoint, headers and timeout from the standard OTEL_EXPORTER_OTLP_* variables itself. Tests pass an
 * in-memory exporter; its spans are handed over as each ends.
 */
export function startTracing(config: TracingConfig, exporter?: SpanExporter): Tracing {
  const spanProcessor = exporter !== undefined ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(configuredExporter(config));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    spanProcessors: [spanProcessor],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

function configuredExporter(config: TracingConfig): SpanExporter {
  if (config.exporter === 'console') return new ConsoleSpanExporter();
  // Loaded only when traces go to a collector.
  const { OTLPTraceExporter } =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter();
}
