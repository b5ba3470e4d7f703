import * as v from 'valibot';
import { type ContractField, type ContractSpec, contractFields } from '../claims/index.ts';

/** One field the user may change, addressed as in `user_metadata`: `preferences.language`. */
export interface EditableField {
  readonly path: string;
  readonly key: string;
  readonly field: string | undefined;
  readonly schema: ContractField['spec']['schema'];
}

/**
 * The fields the contract marks `editableBy: 'user'`. The API writes only `user_metadata`, and a
 * request body mirrors it, so a user-editable field anywhere else is a contract error: refuse to start
 * rather than guess where to write it.
 */
export const editableFields = (contract: ContractSpec): EditableField[] =>
  contractFields(contract)
    .filter((field) => field.spec.editableBy === 'user')
    .map((field) => {
      if (field.source !== 'user_metadata') {
        throw new Error(
          `${field.claimKey}.${field.path} is editableBy 'user' but comes from ${field.source}; ` +
            'the preferences API only writes user_metadata: mark it admin or move it',
        );
      }
      return { path: field.path, key: field.key, field: field.field, schema: field.spec.schema };
    });

const isPlainRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ownValue = (record: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/**
 * The user's current values of the editable fields, as a body of the same shape the PATCH accepts.
 * Values that fail their schema (written by some other path) are left out, as the Action leaves them
 * out of the token, so what the API shows is what the app will see.
 */
export const editableValues = (
  fields: readonly EditableField[],
  userMetadata: unknown,
): Record<string, unknown> => {
  const metadata = isPlainRecord(userMetadata) ? userMetadata : {};
  const view: Record<string, unknown> = {};
  for (const { key, field, schema } of fields) {
    const container = field === undefined ? metadata : ownValue(metadata, key);
    if (!isPlainRecord(container)) continue;
    const raw = ownValue(container, field ?? key);
    if (raw === undefined || !v.is(schema, raw)) continue;
    if (field === undefined) {
      view[key] = raw;
    } else {
      const group = ownValue(view, key);
      view[key] = { ...(isPlainRecord(group) ? group : {}), [field]: raw };
    }
  }
  return view;
};
