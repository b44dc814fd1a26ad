import openapiTS, { astToString } from 'openapi-typescript';
import { join } from 'node:path';

/** The committed client types, generated from the served document by `npm run openapi:client`. */
export const CLIENT_TYPES_FILE = join(__dirname, 'ledger-api.openapi.ts');

const HEADER = '// Generated from the served /docs-json by `npm run openapi:client` (openapi-typescript). Do not edit.\n';

/** TypeScript types (`paths`, `components`, `operations`) for a document, as openapi-typescript writes them. */
export async function clientTypesOf(document: object): Promise<string> {
  const ast = await openapiTS(structuredClone(document) as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}
