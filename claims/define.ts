import type * as v from 'valibot';

/** Which token a claim goes into. */
export type TokenKind = 'id_token' | 'access_token';
/** Which part of the Auth0 user profile a claim's values come from. */
export type MetadataSource = 'user_metadata' | 'app_metadata';
/** Who may change a value: the user (through our preferences API) or administrators only. */
export type Editor = 'user' | 'admin';

// biome-ignore lint/suspicious/noExplicitAny: valibot's own "any schema" shape
export type AnySchema = v.GenericSchema<any, any>;

/**
 * One value: validated by its schema, dropped from the token when invalid. Only what code needs at
 * run time lives here (the preferences API reads `editableBy`); the prose is in `ContractDocs`, so
 * the Action bundle does not carry it.
 */
export interface FieldSpec<S extends AnySchema = AnySchema> {
  readonly schema: S;
  readonly editableBy: Editor;
}

/** A metadata key holding an object whose fields are each validated on their own. */
export interface GroupSpec<
  F extends Readonly<Record<string, FieldSpec>> = Readonly<Record<string, FieldSpec>>,
> {
  readonly fields: F;
}

export type KeySpec = FieldSpec | GroupSpec;

export interface ClaimSpec {
  readonly token: TokenKind;
  readonly source: MetadataSource;
  /** Budget for the claim's name plus its JSON value, in UTF-8 bytes. */
  readonly maxBytes: number;
  readonly keys: Readonly<Record<string, KeySpec>>;
}

export interface ContractSpec {
  /**
   * MAJOR.MINOR.PATCH of the contract as app teams depend on it: a breaking change (a field or claim
   * removed or renamed, a type narrowed, a claim moved to the other token, a new namespace) needs a
   * new major, which `npm run contract:check` enforces. Optional only for contracts in tests.
   */
  readonly version?: string;
  readonly namespace: string;
  readonly claims: Readonly<Record<string, ClaimSpec>>;
}

/**
 * Declares a claim contract. It only fixes the literal types (claim names, keys) so app-facing types
 * can be derived from the data; `test/claims/contract.test.ts` checks the contract against Auth0's
 * rules, which keeps that checking code out of the Action bundle.
 */
export const defineClaimContract = <const C extends ContractSpec>(contract: C): C => contract;

export const isGroupSpec = (spec: KeySpec): spec is GroupSpec => 'fields' in spec;

/** The full claim name, as it appears in the token. */
export const claimName = <C extends ContractSpec, K extends keyof C['claims'] & string>(
  contract: C,
  key: K,
) => `${contract.namespace}${key}` as `${C['namespace']}${K}`;

type FieldValue<F> = F extends { readonly schema: infer S extends AnySchema } ? v.InferOutput<S> : never;
type KeyValue<K> = K extends { readonly fields: infer F }
  ? { -readonly [P in keyof F]?: FieldValue<F[P]> }
  : FieldValue<K>;

/** The value of one claim: every key optional, since invalid or absent values are left out. */
export type ClaimValue<C extends ClaimSpec> = { -readonly [K in keyof C['keys']]?: KeyValue<C['keys'][K]> };

/** The custom claims a token of kind `T` may carry, keyed by their full names. */
export type ClaimsFor<C extends ContractSpec, T extends TokenKind> = {
  -readonly [N in keyof C['claims'] as C['claims'][N]['token'] extends T
    ? `${C['namespace']}${N & string}`
    : never]?: ClaimValue<C['claims'][N]>;
};

/** One user-editable or admin-editable leaf, addressed by its dotted path inside the metadata. */
export interface ContractField {
  readonly claimKey: string;
  readonly claimName: string;
  readonly source: MetadataSource;
  /** `preferences.language` for a group field, `display_name` for a plain key. */
  readonly path: string;
  readonly key: string;
  readonly field: string | undefined;
  readonly spec: FieldSpec;
}

/** Every leaf the contract declares, in contract order. */
export const contractFields = (contract: ContractSpec): ContractField[] =>
  Object.entries(contract.claims).flatMap(([claimKey, claim]) =>
    Object.entries(claim.keys).flatMap(([key, spec]): ContractField[] =>
      isGroupSpec(spec)
        ? Object.entries(spec.fields).map(([field, fieldSpec]) => ({
            claimKey,
            claimName: `${contract.namespace}${claimKey}`,
            source: claim.source,
            path: `${key}.${field}`,
            key,
            field,
            spec: fieldSpec,
          }))
        : [
            {
              claimKey,
              claimName: `${contract.namespace}${claimKey}`,
              source: claim.source,
              path: key,
              key,
              field: undefined,
              spec,
            },
          ],
    ),
  );
