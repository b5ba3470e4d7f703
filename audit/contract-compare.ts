import type { DescribedClaim, DescribedContract, DescribedField } from './contract-describe.ts';
import { compareSchemas } from './schema-compare.ts';

// Every difference between two versions of the contract, classified by what it does to app code
// that reads claims (docs/claims.md, claims.d.ts): breaking, compatible, or docs only.

export type ChangeClass = 'breaking' | 'compatible' | 'docs';

export interface ContractChange {
  readonly class: ChangeClass;
  /** What changed, as the changelog names it: `user_metadata.preferences.theme`, `app_metadata`. */
  readonly subjects: readonly string[];
  readonly message: string;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameShape = (a: DescribedField, b: DescribedField): boolean =>
  same(a.schema, b.schema) && same(a.checks, b.checks);

const compareField = (path: string, before: DescribedField, after: DescribedField): ContractChange[] => {
  const changes: ContractChange[] = [];
  const relation = compareSchemas(before.schema, after.schema, {
    before: before.checks,
    after: after.checks,
  });
  if (relation === 'narrowed')
    changes.push({
      class: 'breaking',
      subjects: [path],
      message: `${path}: type narrowed (accepts fewer values)`,
    });
  else if (relation === 'changed')
    changes.push({ class: 'breaking', subjects: [path], message: `${path}: type changed incompatibly` });
  else if (relation === 'widened')
    changes.push({
      class: 'compatible',
      subjects: [path],
      message: `${path}: type widened (accepts more values)`,
    });
  if (before.editableBy !== after.editableBy) {
    // Apps that let users change a value through the preferences API lose that when it becomes admin-only.
    const breaking = after.editableBy !== 'user' && before.editableBy === 'user';
    changes.push({
      class: breaking ? 'breaking' : 'compatible',
      subjects: [path],
      message: `${path}: editable by ${before.editableBy}, now by ${after.editableBy}`,
    });
  }
  if (!same(before.docs, after.docs))
    changes.push({
      class: 'docs',
      subjects: [path],
      message: `${path}: description, example or title changed`,
    });
  return changes;
};

/** Removed and added names whose shapes match are renames, reported as such. */
const matchRenames = <T>(
  removed: string[],
  added: string[],
  before: Readonly<Record<string, T>>,
  after: Readonly<Record<string, T>>,
  alike: (a: T, b: T) => boolean,
): Array<[string, string]> => {
  const pairs: Array<[string, string]> = [];
  for (const old of [...removed]) {
    const match = added.find((name) => alike(before[old] as T, after[name] as T));
    if (match === undefined) continue;
    pairs.push([old, match]);
    removed.splice(removed.indexOf(old), 1);
    added.splice(added.indexOf(match), 1);
  }
  return pairs;
};

const compareClaim = (key: string, before: DescribedClaim, after: DescribedClaim): ContractChange[] => {
  const changes: ContractChange[] = [];
  const breaking = (message: string, ...subjects: string[]) =>
    changes.push({ class: 'breaking', subjects: subjects.length ? subjects : [key], message });
  if (before.token !== after.token)
    breaking(`${key}: claim moved from the ${before.token} to the ${after.token}`);
  if (before.source !== after.source)
    breaking(`${key}: values now come from ${after.source} instead of ${before.source}`);
  if (after.maxBytes < before.maxBytes)
    breaking(`${key}: budget cut from ${before.maxBytes} to ${after.maxBytes} bytes (fewer values fit)`);
  else if (after.maxBytes > before.maxBytes)
    changes.push({
      class: 'compatible',
      subjects: [key],
      message: `${key}: budget raised to ${after.maxBytes} bytes`,
    });
  if (before.description !== after.description)
    changes.push({ class: 'docs', subjects: [key], message: `${key}: description changed` });

  for (const group of Object.keys(before.groups)) {
    if (!(group in after.groups)) continue;
    if (before.groups[group]?.description !== after.groups[group]?.description)
      changes.push({
        class: 'docs',
        subjects: [`${key}.${group}`],
        message: `${key}.${group}: description changed`,
      });
  }
  const removed = Object.keys(before.fields).filter((path) => !(path in after.fields));
  const added = Object.keys(after.fields).filter((path) => !(path in before.fields));
  for (const [old, now] of matchRenames(removed, added, before.fields, after.fields, sameShape))
    breaking(`${key}.${old}: renamed to ${key}.${now}`, `${key}.${old}`, `${key}.${now}`);
  for (const path of removed) breaking(`${key}.${path}: field removed`, `${key}.${path}`);
  for (const path of added)
    changes.push({
      class: 'compatible',
      subjects: [`${key}.${path}`],
      message: `${key}.${path}: field added`,
    });
  for (const [path, field] of Object.entries(after.fields)) {
    const old = before.fields[path];
    if (old) changes.push(...compareField(`${key}.${path}`, old, field));
  }
  return changes;
};

const sameClaimShape = (a: DescribedClaim, b: DescribedClaim): boolean =>
  a.token === b.token && same(Object.keys(a.fields), Object.keys(b.fields));

/** Every difference from `before` to `after`, breaking ones first. */
export const compareContracts = (before: DescribedContract, after: DescribedContract): ContractChange[] => {
  const changes: ContractChange[] = [];
  if (before.namespace !== after.namespace) {
    changes.push({
      class: 'breaking',
      subjects: ['namespace'],
      message: `namespace changed from ${before.namespace} to ${after.namespace}: every claim name changes`,
    });
  }
  const removed = Object.keys(before.claims).filter((key) => !(key in after.claims));
  const added = Object.keys(after.claims).filter((key) => !(key in before.claims));
  for (const [old, now] of matchRenames(removed, added, before.claims, after.claims, sameClaimShape))
    changes.push({ class: 'breaking', subjects: [old, now], message: `claim ${old} renamed to ${now}` });
  for (const key of removed)
    changes.push({ class: 'breaking', subjects: [key], message: `claim ${key} removed` });
  for (const key of added)
    changes.push({
      class: 'compatible',
      subjects: [key],
      message: `claim ${key} added (${after.claims[key]?.token})`,
    });
  for (const [key, claim] of Object.entries(after.claims)) {
    const old = before.claims[key];
    if (old) changes.push(...compareClaim(key, old, claim));
  }
  const order: Record<string, number> = { breaking: 0, compatible: 1, docs: 2 };
  return changes.sort((a, b) => (order[a.class] ?? 0) - (order[b.class] ?? 0));
};
