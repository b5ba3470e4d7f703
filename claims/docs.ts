import type * as v from 'valibot';
import { type AnySchema, type ContractField, type ContractSpec, contractFields } from './define.ts';

// The contract's prose: what docs, tests and readers need but no token does. It is a declaration of
// its own, beside the contract, so the Action bundle (which never reads it) leaves it out; the types
// below tie it to the contract, key for key, so the two cannot drift apart.

/** What a reader is told about one value: what it means and a value its schema accepts. */
export interface FieldDoc<T = unknown> {
  readonly description: string;
  readonly example: T;
}

export interface GroupDoc {
  readonly description: string;
  readonly fields: Readonly<Record<string, FieldDoc>>;
}

export type KeyDoc = FieldDoc | GroupDoc;

export interface ClaimDoc {
  readonly description: string;
  readonly keys: Readonly<Record<string, KeyDoc>>;
}

/** The prose of any contract, for code that reads it generically (doc generators, tests). */
export interface ContractDocsSpec {
  readonly claims: Readonly<Record<string, ClaimDoc>>;
}

type FieldDocOf<F> = F extends { readonly schema: infer S extends AnySchema }
  ? FieldDoc<v.InferOutput<S>>
  : never;
type KeyDocOf<K> = K extends { readonly fields: infer F }
  ? { readonly description: string; readonly fields: { readonly [P in keyof F]: FieldDocOf<F[P]> } }
  : FieldDocOf<K>;

/**
 * The prose of contract `C`: exactly one entry per claim, key and field of `C`, each example typed by
 * its field's schema. A missing entry or one `C` does not declare is a type error.
 */
export type ContractDocs<C extends ContractSpec> = {
  readonly claims: {
    readonly [N in keyof C['claims']]: {
      readonly description: string;
      readonly keys: { readonly [K in keyof C['claims'][N]['keys']]: KeyDocOf<C['claims'][N]['keys'][K]> };
    };
  };
};

/** A contract field with its prose. */
export interface DocumentedField extends ContractField {
  readonly doc: FieldDoc;
}

const missing = (what: string): Error =>
  new Error(`the contract docs have no entry for ${what}: add it next to the contract in claims/`);

export const claimDoc = (docs: ContractDocsSpec, claimKey: string): ClaimDoc => {
  const doc = docs.claims[claimKey];
  if (!doc) throw missing(`claim ${claimKey}`);
  return doc;
};

/** The prose of a group key (`preferences`), which describes the group as a whole. */
export const groupDoc = (docs: ContractDocsSpec, claimKey: string, key: string): GroupDoc => {
  const doc = claimDoc(docs, claimKey).keys[key];
  if (!doc || !('fields' in doc)) throw missing(`group ${claimKey}.${key}`);
  return doc;
};

/** The prose of one value: a plain key (`display_name`) or a field of a group (`preferences`, `theme`). */
export const fieldDoc = (
  docs: ContractDocsSpec,
  claimKey: string,
  key: string,
  field: string | undefined,
): FieldDoc => {
  const keyDoc = claimDoc(docs, claimKey).keys[key];
  if (field === undefined) {
    if (!keyDoc || 'fields' in keyDoc) throw missing(`${claimKey}.${key}`);
    return keyDoc;
  }
  const doc = keyDoc && 'fields' in keyDoc ? keyDoc.fields[field] : undefined;
  if (!doc) throw missing(`${claimKey}.${key}.${field}`);
  return doc;
};

/** Every leaf the contract declares, in contract order, with its description and example. */
export const documentedFields = (contract: ContractSpec, docs: ContractDocsSpec): DocumentedField[] =>
  contractFields(contract).map((field) => ({
    ...field,
    doc: fieldDoc(docs, field.claimKey, field.key, field.field),
  }));
