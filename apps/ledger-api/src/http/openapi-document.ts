import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * What the decorators cannot say, applied once to the generated document so standard validators and client
 * generators accept it: a server (relative, so the document works behind any host), each operation's security
 * listed once (a class-level and a method-level @Requires both add it), and public routes marked as needing none.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const operations: Record<string, unknown> = {};
    for (const [method, operation] of Object.entries(item)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) {
        operations[method] = operation;
        continue;
      }
      const security = (operation as { security?: Record<string, string[]>[] }).security ?? [];
      const distinct = [...new Map(security.map((requirement) => [JSON.stringify(requirement), requirement])).values()];
      operations[method] = { ...operation, security: distinct };
    }
    paths[path] = operations as OpenAPIObject['paths'][string];
  }
  return {
    ...document,
    servers: document.servers?.length
      ? document.servers
      : [{ url: '/', description: 'This ledger API (paths are relative to where the document is served)' }],
    paths,
  };
}
