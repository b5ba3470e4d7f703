import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  APP_METADATA_CLAIM,
  type PreferencesPatch,
  readAppClaims,
  readPreferences,
  USER_METADATA_CLAIM,
} from '../../app/index.ts';

describe('typed claim accessors', () => {
  it('read the preferences claim from getUser(), keeping only what the contract allows', () => {
    const user = {
      sub: 'auth0|alice',
      [USER_METADATA_CLAIM]: {
        preferences: { language: 'fr-CA', theme: 'neon', colour: 'red' },
        display_name: 'Alice',
        secret_note: 'x',
      },
    };
    const preferences = readPreferences(user);
    expect(preferences).toEqual({ preferences: { language: 'fr-CA' }, display_name: 'Alice' });
    expectTypeOf(preferences.preferences?.theme).toEqualTypeOf<'light' | 'dark' | 'system' | undefined>();
  });

  it('give {} when there is no user or no claim', () => {
    expect(readPreferences(undefined)).toEqual({});
    expect(readPreferences({ sub: 'auth0|alice' })).toEqual({});
  });

  it('read the app claims from a verified access-token payload', () => {
    const claims = readAppClaims({
      sub: 'auth0|alice',
      [APP_METADATA_CLAIM]: { tenant_id: 'acme', roles: ['editor'], plan: 'gold' },
    });
    expect(claims).toEqual({ tenant_id: 'acme', roles: ['editor'] });
    expectTypeOf(claims.roles).toEqualTypeOf<string[] | undefined>();
  });

  it('type a patch with the user-editable fields only, null clearing one', () => {
    expectTypeOf<{ preferences: { language: null; theme: 'dark' } }>().toExtend<PreferencesPatch>();
    expectTypeOf<{ tenant_id: 'acme' }>().not.toExtend<PreferencesPatch>();
    expectTypeOf<{ preferences: { theme: 'neon' } }>().not.toExtend<PreferencesPatch>();
  });
});
