import type { Resource } from './desired-state.ts';
import { DeployError } from './errors.ts';
import type { ManagementApi } from './management-api.ts';
import { fieldsOf, type ReadPath } from './management-responses.ts';
import type { ReadSpec, TypeSpec } from './resource-types.ts';

// Reading a type the table describes (resource-types.ts `read`): one generic reader instead of one
// per type. Only GETs; settings and named resources only as far as tenant.yaml declares them.

/** Settings Auth0 has not created yet answer 404; for a plan that is "nothing there". */
export const orAbsent = (read: Promise<object>): Promise<Resource | undefined> =>
  read.then(
    (value) => fieldsOf(value),
    (error: unknown) => {
      if (error instanceof DeployError && /answered 404/.test(error.message)) return undefined;
      throw error;
    },
  );

/** The identity of one resource of a type: its key field, or the type's own identity. */
export const identityOf =
  (spec: TypeSpec) =>
  (item: Resource): string =>
    spec.identity ? spec.identity(item) : String(item[spec.key ?? 'name']);

const readNamed = async (
  api: ManagementApi,
  spec: TypeSpec,
  read: Extract<ReadSpec, { kind: 'named' }>,
  declared: readonly Resource[],
): Promise<Resource[]> => {
  const identity = identityOf(spec);
  const found = await Promise.all(
    declared.map(async (item) => {
      const name = identity(item);
      const path = read.items[name];
      if (!path) return undefined;
      const answer = await orAbsent(api.get(path));
      if (!answer) return undefined;
      // The identity fields are the path's, not the answer's: add them back as tenant.yaml has them.
      const named = Object.fromEntries(read.fields.map((field) => [field, item[field]]));
      return { ...answer, ...named };
    }),
  );
  return found.filter((item): item is Resource => item !== undefined);
};

/**
 * Replaces every `key` anywhere in a value by the name of the resource with that id, if any, under
 * the field `as` when tenant.yaml names it otherwise.
 */
const renamed = (value: unknown, key: string, names: ReadonlyMap<string, string>, as = key): unknown => {
  if (Array.isArray(value)) return value.map((item) => renamed(item, key, names, as));
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Resource).map(([field, item]) =>
      field === key && typeof item === 'string'
        ? [names.has(item) ? as : field, names.get(item) ?? item]
        : [field, renamed(item, key, names, as)],
    ),
  );
};

/** Ids of other resources read back as the names deploy-cli's YAML writes them by. */
const withNames = async (
  api: ManagementApi,
  references: NonNullable<TypeSpec['references']>,
  items: readonly Resource[],
): Promise<Resource[]> => {
  let out: unknown[] = [...items];
  for (const reference of references) {
    const others = await api.list(reference.path, reference.listKey);
    const names = new Map(others.map(fieldsOf).map((other) => [String(other.id), String(other.name)]));
    out = out.map((item) => renamed(item, reference.key, names, reference.as));
  }
  return out as Resource[];
};

/** An item with the settings kept at paths of their own set at their dot paths, when not empty. */
const withParts = async (
  api: ManagementApi,
  item: Resource,
  parts: Readonly<Record<string, ReadPath>>,
): Promise<Resource> => {
  const out: Record<string, unknown> = structuredClone(item);
  for (const [at, path] of Object.entries(parts)) {
    const value = await orAbsent(api.get(path));
    if (!value || !Object.keys(value).length) continue;
    const keys = at.split('.');
    let place = out;
    for (const key of keys.slice(0, -1)) {
      place[key] ??= {};
      place = place[key] as Record<string, unknown>;
    }
    place[keys[keys.length - 1] as string] = value;
  }
  return out;
};

/** What the tenant holds of a type, read as its spec says: a list, or one settings object. */
export const readBySpec = async (
  api: ManagementApi,
  spec: TypeSpec,
  declared: Resource | readonly Resource[],
): Promise<Resource | Resource[] | undefined> => {
  const read = spec.read;
  if (!read) throw new Error('readBySpec: the type has no read spec');
  switch (read.kind) {
    case 'list': {
      const listed = (await api.list(read.path, read.listKey)).map(fieldsOf);
      const wanted = new Set((declared as readonly Resource[]).map(identityOf(spec)));
      const detail = read.detail;
      const items = await Promise.all(
        listed.map(async (item) => {
          if (!wanted.has(identityOf(spec)(item))) return item;
          const whole = detail ? fieldsOf(await api.get(detail(item))) : item;
          return read.parts ? withParts(api, whole, read.parts(whole)) : whole;
        }),
      );
      return spec.references ? withNames(api, spec.references, items) : items;
    }
    case 'all': {
      const body = (await api.get(read.path)) as unknown;
      const list = Array.isArray(body) ? body : ((body as Resource)[read.listKey ?? ''] ?? []);
      return (list as object[]).map(fieldsOf);
    }
    case 'object':
      return orAbsent(api.get(read.path));
    case 'parts': {
      const wanted = Object.keys(declared as Resource).filter((key) => key in read.parts);
      const parts = await Promise.all(
        wanted.map(async (key) => [key, await orAbsent(api.get(read.parts[key] as never))] as const),
      );
      return Object.fromEntries(parts.filter(([, value]) => value !== undefined));
    }
    case 'named':
      return readNamed(api, spec, read, declared as readonly Resource[]);
  }
};
