import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

/**
 * auth0-deploy-cli validates each import against its whole JSON Schema (8 MB, nearly all of it the
 * `prompts` schema) with a new Ajv, twice per import: 8-30 s of compiling before the first request.
 * This shim compiles, once per process, only the part of that schema the assets use: the same
 * top-level object (`additionalProperties: false`) with the property schemas of the keys present.
 * Validation makes no request and a property's schema checks only that property, so the assets
 * are accepted, given defaults and rejected (same first error) exactly as before: what the import
 * sends does not change. A test compares the requests with and without the shim.
 *
 * Guarded: it patches only the pinned deploy-cli version whose `validate` is byte-for-byte the one
 * it replaces, and whose schema has the shape this reasoning relies on; otherwise deploy-cli runs
 * as published (slow, but as its authors wrote it).
 */
export const PINNED_DEPLOY_CLI_VERSION = '8.44.0';
const PINNED_VALIDATE_SHA256 = '6db2389b349ad9ebaeddb8efcdf382d6879575a5fa79abe729d945af3c5c872c';

type ValidateFunction = ((data: unknown) => boolean) & { errors?: unknown };
type Ajv = new (options: object) => { compile(schema: object): ValidateFunction };
interface TopLevelSchema {
  type?: unknown;
  properties: Record<string, { default?: unknown }>;
  additionalProperties?: unknown;
  [keyword: string]: unknown;
}
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

// deploy-cli's modules require each other in a cycle; loading its entry point first keeps their
// order the one it was written for.
const auth0Prototype = (): Auth0Prototype => {
  requireFromDeployCli('./lib/index.js');
  return (requireFromDeployCli('./lib/tools/auth0/index.js') as { default: { prototype: Auth0Prototype } })
    .default.prototype;
};

/** Only a plain object of independent properties can be validated one property at a time. */
const isSplittable = (schema: TopLevelSchema): boolean =>
  schema.type === 'object' &&
  schema.additionalProperties === false &&
  Object.keys(schema).every((keyword) =>
    ['type', '$schema', 'properties', 'additionalProperties'].includes(keyword),
  );

/**
 * The same split one level down, where the 8 MB are: `prompts.customText` holds one 98 KB schema per
 * language (81 of them), each checking only its own language and none with a default, so only the
 * languages the assets use are compiled (a minute of compiling on a loaded machine, down to a second).
 */
const narrowPrompts = (prompts: unknown, languages: readonly string[]): unknown => {
  const customText = (prompts as { properties?: { customText?: TopLevelSchema } }).properties?.customText;
  if (!customText || Object.keys(customText).some((keyword) => !['type', 'properties'].includes(keyword)))
    return prompts;
  const perLanguage = customText.properties;
  if (Object.values(perLanguage).some((language) => 'default' in language)) return prompts;
  const kept = Object.fromEntries(
    languages.filter((lang) => lang in perLanguage).map((lang) => [lang, perLanguage[lang]]),
  );
  const outer = prompts as { properties: Record<string, unknown> };
  return { ...outer, properties: { ...outer.properties, customText: { ...customText, properties: kept } } };
};

let original: Auth0Prototype['validate'] | undefined;

export type ShimStatus = 'installed' | 'already-installed' | 'version-mismatch';

/** Installs the per-key-set validator cache into deploy-cli's `Auth0.prototype.validate`. */
export const installAjvCacheShim = (): ShimStatus => {
  const { version } = requireFromDeployCli('./package.json') as { version: string };
  const prototype = auth0Prototype();
  if (original) return 'already-installed';
  const source = prototype.validate.toString();
  const schema = (requireFromDeployCli('./lib/tools/auth0/schema.js') as { default: TopLevelSchema }).default;
  if (
    version !== PINNED_DEPLOY_CLI_VERSION ||
    createHash('sha256').update(source).digest('hex') !== PINNED_VALIDATE_SHA256 ||
    !isSplittable(schema)
  ) {
    return 'version-mismatch';
  }
  const AjvClass = requireFromDeployCli('ajv/lib/ajv') as Ajv;
  // Keys whose schema has a top-level default are kept, so useDefaults behaves as with the whole schema.
  const withDefaults = Object.keys(schema.properties).filter(
    (key) => 'default' in (schema.properties[key] ?? {}),
  );
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (keys: readonly string[], languages: readonly string[]): ValidateFunction => {
    const used = [...new Set([...keys, ...withDefaults])].filter((key) => key in schema.properties).sort();
    const cacheKey = `${used.join(',')};${languages.join(',')}`;
    let validator = compiled.get(cacheKey);
    if (!validator) {
      const properties = Object.fromEntries(
        used.map((key) => [
          key,
          key === 'prompts' ? narrowPrompts(schema.properties[key], languages) : schema.properties[key],
        ]),
      );
      validator = new AjvClass({ useDefaults: true, nullable: true }).compile({ ...schema, properties });
      compiled.set(cacheKey, validator);
    }
    return validator;
  };
  original = prototype.validate;
  prototype.validate = async function validate(this: Auth0Assets) {
    const nonNullAssets = Object.fromEntries(
      Object.entries(this.assets).filter(([, value]) => value != null),
    );
    const customText = (nonNullAssets.prompts as { customText?: unknown } | undefined)?.customText;
    const languages = customText && typeof customText === 'object' ? Object.keys(customText).sort() : [];
    const validator = validatorFor(Object.keys(nonNullAssets), languages);
    if (!validator(nonNullAssets)) {
      throw new Error(`Schema validation failed loading ${JSON.stringify(validator.errors, null, 4)}`);
    }
    await this.runStage('validate');
  };
  return 'installed';
};

/** Puts deploy-cli's own `validate` back (the test comparing requests with and without uses it). */
export const uninstallAjvCacheShim = (): void => {
  if (!original) return;
  auth0Prototype().validate = original;
  original = undefined;
};
