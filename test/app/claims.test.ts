import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  APP_METADATA_CLAIM,
  type PreferencesPatch,
  readAppClaims,
  readPreferences,
  USER_METADATA_CLAIM,
} from '../../app/index.ts';
import { type ClaimContract, claimContract, claimDocs, documentedFields } from '../../claims/index.ts';
import { examplesFrom, invalidValueFor, placed } from '../claims/contract-values.ts';

// app/ reads the team's contract, so what these tests expect is derived from it: the documented
// example of every field is kept, anything undeclared or invalid is not.
const fields = documentedFields(claimContract, claimDocs);
const userFields = fields.filter((field) => field.source === 'user_metadata');
const appFields = fields.filter((field) => field.source === 'app_metadata');

describe('typed claim accessors', () => {
  it('read the preferences claim from getUser(), keeping only what the contract allows', () => {
    const examples = examplesFrom(fields, 'user_metadata');
    const user = { sub: 'auth0|alice', [USER_METADATA_CLAIM]: { ...examples, secret_note: 'x' } };
    expect(readPreferences(user)).toEqual(examples);
  });

  it.each(userFields.map((field) => [field.path, field] as const))(
    'drop a %s the contract refuses',
    (_path, field) => {
      const user = { sub: 'auth0|alice', [USER_METADATA_CLAIM]: placed(field, invalidValueFor(field)) };
      expect(readPreferences(user)).toEqual({});
    },
  );

  it('give {} when there is no user or no claim', () => {
    expect(readPreferences(undefined)).toEqual({});
    expect(readPreferences({ sub: 'auth0|alice' })).toEqual({});
  });

  it('read the app claims from a verified access-token payload, keeping only what the contract allows', () => {
    const examples = examplesFrom(fields, 'app_metadata');
    expect(readAppClaims({ sub: 'auth0|alice', [APP_METADATA_CLAIM]: { ...examples, internal: 1 } })).toEqual(
      examples,
    );
    for (const field of appFields) {
      const payload = { sub: 'auth0|alice', [APP_METADATA_CLAIM]: placed(field, invalidValueFor(field)) };
      expect(readAppClaims(payload), field.path).toEqual({});
    }
  });

  it('type a patch with user_metadata keys only, never an app_metadata one', () => {
    type Keys<C extends keyof ClaimContract['claims']> = keyof ClaimContract['claims'][C]['keys'];
    expectTypeOf<keyof PreferencesPatch>().toExtend<Keys<'user_metadata'>>();
    expectTypeOf<Exclude<Keys<'app_metadata'>, Keys<'user_metadata'>> & keyof PreferencesPatch>().toBeNever();
  });
});
