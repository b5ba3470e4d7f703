import { createRequire } from 'node:module';
import path from 'node:path';
import { installAjvCacheShim, uninstallAjvCacheShim } from './ajv-cache-shim.ts';
import { missingScopes, oneLineBody, refusalError } from './auth0-errors.ts';
import type { ManagedType } from './desired-state.ts';
import { DeployError } from './errors.ts';
import type { ManagementConnection } from './management-api.ts';
import type { KeywordMappings } from './placeholders.ts';

export interface ImportInput {
  /** tenant.yaml, or the part of it a deploy writes; see `basePath`. */
  readonly inputFile: string;
  /** Where the files the YAML names (bundles, scripts) resolve: tenant.yaml's folder (the default). */
  readonly basePath?: string;
  readonly connection: ManagementConnection;
  readonly keywords: KeywordMappings;
  /** Client names deploy-cli must neither change nor delete, nor their grants (the environment's). */
  readonly unmanagedClients?: readonly string[];
  readonly allowDelete: boolean;
  /** Only these handlers run: the types tenant.yaml declares. */
  readonly types: readonly ManagedType[];
  /** `preview` runs deploy-cli's own dry run instead (the bench compares our plan against it). */
  readonly dryRun?: boolean;
  /** Keep deploy-cli's log lines off the console (tests, bench). */
  readonly quiet?: boolean;
  /** `false` runs deploy-cli's schema validation as published (slow); the bench compares both. */
  readonly schemaShim?: boolean;
}

type DeployCli = (params: { input_file: string; config: Record<string, unknown> }) => Promise<void>;
interface Logger {
  silent: boolean;
}

const require = createRequire(import.meta.url);

/**
 * Runs the real auth0-deploy-cli import in this process (so msw can stand in for a tenant in tests).
 * Its settings live in one process-wide store (nconf): every call passes a fresh, complete config
 * object, naming even the keys it leaves off, so nothing leaks from one call into the next.
 */
export const runDeployCliImport = async (input: ImportInput): Promise<void> => {
  if (input.schemaShim ?? true) installAjvCacheShim();
  else uninstallAjvCacheShim();
  const { deploy } = require('auth0-deploy-cli') as { deploy: DeployCli };
  const logger = (require('auth0-deploy-cli/lib/logger.js') as { default: Logger }).default;
  const { connection } = input;
  const config: Record<string, unknown> = {
    AUTH0_DOMAIN: connection.domain,
    AUTH0_CLIENT_ID: connection.clientId,
    AUTH0_CLIENT_SECRET: connection.clientSecret,
    AUTH0_ACCESS_TOKEN: connection.accessToken,
    AUTH0_BASE_PATH: input.basePath ?? path.dirname(input.inputFile),
    AUTH0_KEYWORD_REPLACE_MAPPINGS: { ...input.keywords },
    AUTH0_ALLOW_DELETE: input.allowDelete,
    AUTH0_EXCLUDED_CLIENTS: [...(input.unmanagedClients ?? [])],
    // A client's client_authentication_methods are written by deploy-cli's clientAuthCredentials
    // handler, which runs only when included; it reads the same `clients` of the YAML.
    AUTH0_INCLUDED_ONLY: [
      ...input.types,
      ...(input.types.includes('clients') ? ['clientAuthCredentials'] : []),
    ],
    AUTH0_DRY_RUN: input.dryRun ? 'preview' : false,
    AUTH0_DRY_RUN_APPLY: false,
    AUTH0_DRY_RUN_INTERACTIVE: false,
  };
  const wasSilent = logger.silent;
  logger.silent = input.quiet ?? false;
  try {
    await deploy({ input_file: input.inputFile, config });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/\b403\b/.test(message) && missingScopes(message).length) {
      throw refusalError('the auth0-deploy-cli import', 403, message, connection);
    }
    throw new DeployError('E_IMPORT_FAILED', `auth0-deploy-cli import failed: ${oneLineBody(message)}`);
  } finally {
    logger.silent = wasSilent;
  }
};
