import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RequestHandler } from 'msw';
import { LocalError } from './errors.ts';

/**
 * `npm start -- --stubs FILE`: a module (TypeScript or JavaScript) whose default export is an array
 * of msw handlers; the local tenant's Actions get their `fetch`, `http` and `https` calls answered
 * by them, so an Action that calls a vendor can be tried in the browser without the vendor.
 */
export const loadStubs = async (file: string): Promise<RequestHandler[]> => {
  const resolved = path.resolve(file);
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(resolved).href)) as { default?: unknown };
  } catch (error) {
    throw new LocalError(
      'E_STUBS_INVALID',
      `--stubs ${file}: cannot load it (${error instanceof Error ? error.message : String(error)}); give a module that exports msw handlers as its default export`,
    );
  }
  const handlers = loaded.default;
  if (!Array.isArray(handlers) || !handlers.every((handler) => handler instanceof RequestHandler)) {
    throw new LocalError(
      'E_STUBS_INVALID',
      `--stubs ${file}: its default export must be an array of msw handlers (export default [http.get(url, resolver), ...])`,
    );
  }
  return handlers;
};
