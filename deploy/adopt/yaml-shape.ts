import type { ManagedType, Resource } from '../desired-state.ts';
import { TYPE_SPECS, type TypeSpec } from '../resource-types.ts';
import { withoutReadOnly } from './deploy-cli-read-only.ts';
import { SETTINGS_TYPES } from './selection.ts';

// A live resource in deploy-cli's YAML, as its `export` writes it: only the fields the type takes,
// read-only ones left out, and code and markup (Actions, Rules, custom database scripts, email and
// login page templates) in files beside tenant.yaml, at the paths its export uses.

export interface AdoptedFile {
  /** Relative to tenant.yaml's folder, `/`-separated. */
  readonly path: string;
  readonly text: string;
}

export interface ShapedResource {
  readonly item: Resource;
  readonly files: readonly AdoptedFile[];
}

const ACTION_FIELDS = [
  'name',
  'code',
  'runtime',
  'deployed',
  'dependencies',
  'supported_triggers',
  'modules',
  'secrets',
];

const specOf = (type: ManagedType): TypeSpec | undefined =>
  (TYPE_SPECS as Partial<Record<ManagedType, TypeSpec>>)[type];

/** A file name from a resource name: what a file system takes everywhere. */
export const fileName = (name: string): string => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');

/**
 * The type's fields, identity key and name first; read-only, unknown and unset fields left out
 * (null, or an empty string: Auth0 answers `""` for some unset settings, and refuses it for URLs).
 */
const pick = (item: Resource, spec: TypeSpec | undefined, keys: readonly string[] | undefined): Resource => {
  const keep = (field: string) =>
    (keys === undefined || keys.includes(field)) &&
    !spec?.readOnly.includes(field) &&
    item[field] !== null &&
    item[field] !== undefined &&
    item[field] !== '';
  const first = [...new Set([spec?.key ?? 'name', 'name'])].filter(keep);
  const fields = [...first, ...Object.keys(item).filter((field) => !first.includes(field) && keep(field))];
  return Object.fromEntries(fields.map((field) => [field, item[field]]));
};

const shapeAction = (item: Resource): ShapedResource => {
  const name = String(item.name);
  const path = `actions/${fileName(name)}/code.js`;
  const action: Resource = {
    name,
    code: `./${path}`,
    ...(item.runtime ? { runtime: item.runtime } : {}),
    deployed: item.all_changes_deployed === true || item.deployed_version !== undefined,
    dependencies: ((item.dependencies ?? []) as Resource[]).map(({ name: module, version }) => ({
      name: module,
      version,
    })),
    supported_triggers: ((item.supported_triggers ?? []) as Resource[]).map(({ id, version }) => ({
      id,
      version,
    })),
    // The Action modules it uses, by name and version number as deploy-cli's YAML names them.
    ...(Array.isArray(item.modules) && item.modules.length
      ? {
          modules: (item.modules as Resource[]).map(({ module_name, module_version_number }) => ({
            module_name,
            module_version_number,
          })),
        }
      : {}),
    secrets: ((item.secrets ?? []) as Resource[]).map((secret) => ({ name: secret.name })),
  };
  return {
    item: Object.fromEntries(
      ACTION_FIELDS.filter((field) => field in action).map((field) => [field, action[field]]),
    ),
    files: [{ path, text: String(item.code ?? '') }],
  };
};

/** Fields deploy-cli's YAML keeps in a file: the field, and where the file goes. */
const FILE_FIELDS: Partial<Record<ManagedType, { field: string; path: (name: string) => string }>> = {
  rules: { field: 'script', path: (name) => `rules/${fileName(name)}.js` },
  emailTemplates: { field: 'body', path: (name) => `emailTemplates/${fileName(name)}.html` },
  // Where deploy-cli's export writes them.
  actionModules: { field: 'code', path: (name) => `action-modules/${fileName(name)}/code.js` },
  pages: { field: 'html', path: (name) => `pages/${fileName(name)}.html` },
};

/** One live resource (as read-live.ts reads it) in tenant.yaml's shape, with the files it names. */
export const shapeResource = (
  type: ManagedType,
  name: string,
  live: Resource,
  /** The keys deploy-cli's schema allows, when it closes out others. */
  keys?: readonly string[],
): ShapedResource => {
  if (type === 'actions') return shapeAction(live);
  if (type === 'triggers')
    return {
      item: {
        bindings: ((live.bindings ?? []) as Resource[]).map(({ action_name, display_name }) => ({
          action_name,
          display_name,
        })),
      },
      files: [],
    };
  const item: Record<string, unknown> = {
    ...withoutReadOnly(type, pick(live, specOf(type), keys), SETTINGS_TYPES.includes(type)),
  };
  const files: AdoptedFile[] = [];
  const spec = specOf(type);
  // A type whose table entry names a file field (a Hook's script) is laid out as a Rule's is.
  const inFile =
    FILE_FIELDS[type] ??
    (spec?.fileField
      ? { field: spec.fileField, path: (fileOf: string) => `${type}/${fileName(fileOf)}.js` }
      : undefined);
  if (inFile && typeof item[inFile.field] === 'string') {
    const path = inFile.path(name);
    files.push({ path, text: String(item[inFile.field]) });
    item[inFile.field] = `./${path}`;
  }
  const options = item.options as Resource | undefined;
  const scripts = options?.customScripts as Resource | undefined;
  if (type === 'databases' && scripts && typeof scripts === 'object') {
    const named = Object.entries(scripts).map(([script, body]) => {
      const path = `databases/${fileName(name)}/${fileName(script)}.js`;
      files.push({ path, text: String(body) });
      return [script, `./${path}`];
    });
    item.options = { ...options, customScripts: Object.fromEntries(named) };
  }
  if (type === 'branding' && Array.isArray(item.templates)) {
    item.templates = (item.templates as Resource[]).map((template) => {
      const path = `branding_templates/${fileName(String(template.template))}.html`;
      files.push({ path, text: String(template.body ?? '') });
      return { template: template.template, body: `./${path}` };
    });
  }
  return { item, files };
};

/**
 * A type whose fields tenant.yaml keeps in a JSON file (forms, flows: the table's `jsonBody`): the
 * fields, placeholders in, go to `<type>/<name>.json`, and tenant.yaml names the file.
 */
export const inJsonFile = (type: ManagedType, name: string, placed: Resource): ShapedResource | undefined => {
  if (!specOf(type)?.jsonBody) return undefined;
  const path = `${type}/${fileName(name)}.json`;
  return {
    item: { name, body: `./${path}` },
    files: [{ path, text: `${JSON.stringify(placed, null, 2)}\n` }],
  };
};
