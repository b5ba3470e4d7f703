import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

// The keys each resource type takes, as the installed auth0-deploy-cli's own schema says: every
// handler exports the JSON Schema of its part of tenant.yaml. Read at run time, so an upgrade of
// deploy-cli brings its new types and keys with no edit here. Loading the handlers loads deploy-cli's
// whole SDK (1.4-1.8 s on this machine), so the summary is cached per installed version.

export interface TypeSchema {
  /** `array`: a list of resources; `object`: one settings object. */
  readonly shape: 'array' | 'object';
  /** The keys the schema names for one resource (or the settings object). */
  readonly keys: readonly string[];
  /** The schema refuses keys it does not name (`additionalProperties: false`). */
  readonly closed: boolean;
}

interface JsonSchema {
  type?: string;
  items?: JsonSchema;
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
}

const requireHere = createRequire(import.meta.url);
const packageFile = requireHere.resolve('auth0-deploy-cli/package.json');
const requireFromDeployCli = createRequire(packageFile);
/** A pre-pass of clientAuthCredentials that deploy-cli registers as a handler but not as a type. */
const NOT_TYPES = new Set(['clientAuthCredentialsPre']);

const summarize = (schema: JsonSchema): TypeSchema => {
  const item = schema.type === 'array' ? (schema.items ?? {}) : schema;
  return {
    shape: schema.type === 'array' ? 'array' : 'object',
    keys: Object.keys(item.properties ?? {}),
    closed: item.additionalProperties === false,
  };
};

/** What plan takes from the installed deploy-cli: its types' schemas, and the tenant flags it writes. */
export interface DeployCliFacts {
  readonly types: Readonly<Record<string, TypeSchema>>;
  /** deploy-cli drops any other tenant flag from its PATCH, with a warning (`allowedTenantFlags`). */
  readonly tenantFlags: readonly string[];
}

const loadFromHandlers = (): DeployCliFacts => {
  // deploy-cli's modules require each other in a cycle; its entry point first keeps their order.
  requireFromDeployCli('./lib/index.js');
  const handlers = (
    requireFromDeployCli('./lib/tools/auth0/handlers/index.js') as {
      default: Record<string, { schema?: JsonSchema }>;
    }
  ).default;
  const tenant = requireFromDeployCli('./lib/tools/auth0/handlers/tenant.js') as {
    allowedTenantFlags?: string[];
  };
  return {
    types: Object.fromEntries(
      Object.entries(handlers)
        .filter(([type, handler]) => !NOT_TYPES.has(type) && handler.schema)
        .map(([type, handler]) => [type, summarize(handler.schema as JsonSchema)]),
    ),
    tenantFlags: tenant.allowedTenantFlags ?? [],
  };
};

const cacheFile = async (): Promise<string> => {
  const { version } = JSON.parse(await readFile(packageFile, 'utf8')) as { version: string };
  const nodeModules = path.resolve(path.dirname(packageFile), '..');
  return path.join(nodeModules, '.cache', 'identity-as-code', `deploy-cli-${version}-facts.json`);
};

let loaded: Promise<DeployCliFacts> | undefined;

/** What the installed deploy-cli takes, by type and of the tenant's flags (cached per version on disk). */
export const deployCliFacts = (): Promise<DeployCliFacts> => {
  loaded ??= (async () => {
    const file = await cacheFile();
    try {
      return JSON.parse(await readFile(file, 'utf8')) as DeployCliFacts;
    } catch {
      // No cache yet (or a damaged one): read the handlers.
    }
    const schemas = loadFromHandlers();
    // Written whole then renamed, so a concurrent run never reads half of it; a cache that cannot be
    // written (read-only node_modules) only costs the next run its load time.
    const partial = `${file}.${process.pid}`;
    await mkdir(path.dirname(file), { recursive: true })
      .then(() => writeFile(partial, JSON.stringify(schemas)))
      .then(() => rename(partial, file))
      .catch(() => {});
    return schemas;
  })();
  return loaded;
};

/** By type name, what the installed deploy-cli's schema takes. */
export const deployCliSchemas = async (): Promise<Readonly<Record<string, TypeSchema>>> =>
  (await deployCliFacts()).types;
