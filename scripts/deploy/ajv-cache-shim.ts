import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * auth0-deploy-cli validates every import against its whole JSON Schema (8 MB) with a new Ajv each
 * time, twice per import, and Ajv compiles that schema from scratch each time: 4-30 s per import.
 * This shim compiles it once per process and reuses the validator. It changes no request: validation
 * runs before any, with the same options and the same schema, so it accepts, fills defaults into and
 * rejects exactly the same assets.
 *
 * Guarded: it patches only the pinned deploy-cli version whose `validate` is byte-for-byte the one
 * below; any other version runs unpatched (slow, but as its authors wrote it).
 */
export const PINNED_DEPLOY_CLI_VERSION = '8.44.0';
const PINNED_VALIDATE_SHA256 = '6db2389b349ad9ebaeddb8efcdf382d6879575a5fa79abe729d945af3c5c872c';

type ValidateFunction = ((data: unknown) => boolean) & { errors?: unknown };
interface Auth0Assets {
  assets: Record<string, unknown>;
  runStage(stage: string): Promise<void>;
}
interface Auth0Prototype {
  validate(this: Auth0Assets): Promise<void>;
}

const requireFromDeployCli = createRequire(
  createRequire(import.meta.url).resolve('auth0-deploy-cli/package.json'),
);

let original: Auth0Prototype['validate'] | undefined;

// deploy-cli's modules require each other in a cycle; loading its entry point first keeps their
// order the one it was written for.
const auth0Prototype = (): Auth0Prototype => {
  requireFromDeployCli('./lib/index.js');
  return (requireFromDeployCli('./lib/tools/auth0/index.js') as { default: { prototype: Auth0Prototype } })
    .default.prototype;
};

export type ShimStatus = 'installed' | 'already-installed' | 'version-mismatch';

/** Installs the cached validator into deploy-cli's `Auth0.prototype.validate` for this process. */
export const installAjvCacheShim = (): ShimStatus => {
  const { version } = requireFromDeployCli('./package.json') as { version: string };
  const prototype = auth0Prototype();
  if (original) return 'already-installed';
  const source = prototype.validate.toString();
  if (
    version !== PINNED_DEPLOY_CLI_VERSION ||
    createHash('sha256').update(source).digest('hex') !== PINNED_VALIDATE_SHA256
  ) {
    return 'version-mismatch';
  }
  const Ajv = requireFromDeployCli('ajv/lib/ajv') as new (
    options: object,
  ) => { compile(schema: object): ValidateFunction };
  const schema = (requireFromDeployCli('./lib/tools/auth0/schema.js') as { default: object }).default;
  let compiled: ValidateFunction | undefined;
  original = prototype.validate;
  prototype.validate = async function validate(this: Auth0Assets) {
    compiled ??= new Ajv({ useDefaults: true, nullable: true }).compile(schema);
    const nonNullAssets = Object.fromEntries(
      Object.entries(this.assets).filter(([, value]) => value != null),
    );
    if (!compiled(nonNullAssets)) {
      throw new Error(`Schema validation failed loading ${JSON.stringify(compiled.errors, null, 4)}`);
    }
    await this.runStage('validate');
  };
  return 'installed';
};

/** Puts deploy-cli's own `validate` back (the test that proves the shim changes no request uses it). */
export const uninstallAjvCacheShim = (): void => {
  if (!original) return;
  auth0Prototype().validate = original;
  original = undefined;
};
