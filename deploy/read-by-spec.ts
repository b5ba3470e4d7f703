import type { Resource } from './desired-state.ts';
import { DeployError } from './errors.ts';
import type { ManagementApi } from './management-api.ts';
import { fieldsOf } from './management-responses.ts';
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

/** What the tenant holds of a type, read as its spec says: a list, or one settings object. */
export const readBySpec = async (
  api: ManagementApi,
  spec: TypeSpec,
  declared: Resource | readonly Resource[],
): Promise<Resource | Resource[] | undefined> => {
  const read = spec.read;
  if (!read) throw new Error('readBySpec: the type has no read spec');
  switch (read.kind) {
    case 'list':
      return (await api.list(read.path, read.listKey)).map(fieldsOf);
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
