import type * as v from 'valibot';
import type { ClaimContract } from '../claims/index.ts';

type UserMetadataKeys = ClaimContract['claims']['user_metadata']['keys'];
type UserEditable<S> = S extends {
  readonly editableBy: 'user';
  readonly schema: infer Schema extends v.GenericSchema;
}
  ? v.InferOutput<Schema> | null
  : never;
type EditableGroup<F> = {
  -readonly [P in keyof F as UserEditable<F[P]> extends never ? never : P]?: UserEditable<F[P]>;
};
type EditableKey<K> = K extends { readonly fields: infer F } ? EditableGroup<F> : UserEditable<K>;

/**
 * A change the user may ask for, derived from the contract: only `editableBy: 'user'` fields, each
 * a new value or `null` to clear it. The same shape the preferences API's PATCH accepts.
 */
export type PreferencesPatch = {
  -readonly [K in keyof UserMetadataKeys as EditableKey<UserMetadataKeys[K]> extends never
    ? never
    : K]?: EditableKey<UserMetadataKeys[K]>;
};
