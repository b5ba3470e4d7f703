import { describe, expect, it } from 'vitest';
import { parseAdoptCommandLine } from '../../deploy/adopt/command-line.ts';
import { parseSelection } from '../../deploy/adopt/selection.ts';
import { MANAGED_TYPES } from '../../deploy/desired-state.ts';

describe('--only', () => {
  it('takes types and names, names holding commas and colons', () => {
    const selection = parseSelection([
      'clients:Shop, Inc. SPA,resourceServers:https://api.shop.example:8443/v1,roles',
      'clients:Back office',
    ]);
    expect([...selection.entries()]).toEqual([
      ['clients', new Set(['Shop, Inc. SPA', 'Back office'])],
      ['resourceServers', new Set(['https://api.shop.example:8443/v1'])],
      ['roles', 'all'],
    ]);
    // A whole type wins over names of it, in either order.
    expect(parseSelection(['roles:a,roles']).get('roles')).toBe('all');
    expect(parseSelection(['roles,roles:a']).get('roles')).toBe('all');
  });

  it('selects every type when absent', () => {
    expect([...parseSelection(undefined).keys()]).toEqual([...MANAGED_TYPES]);
  });

  it('refuses an unknown type, a name on a settings type and an empty name, saying what to write', () => {
    expect(() => parseSelection(['client:Shop SPA'])).toThrow(
      /^E_UNKNOWN_TYPE: --only names "client", which is not a type tenant.yaml manages; use one of tenant, actions/,
    );
    expect(() => parseSelection(['tenant:prod'])).toThrow(
      'E_BAD_SELECTION: --only "tenant:prod": tenant is one settings object per tenant and has no names; write --only tenant',
    );
    expect(() => parseSelection(['roles:'])).toThrow(/^E_BAD_SELECTION: --only "roles:" has an empty name/);
  });

  it('reads the command line, and refuses an unknown flag with the usage', () => {
    expect(
      parseAdoptCommandLine(['--env', 'dev', '--only', 'roles', '--only', 'rules', '--replace']),
    ).toEqual({
      env: 'dev',
      only: ['roles', 'rules'],
      replace: true,
    });
    expect(() => parseAdoptCommandLine(['--env', 'dev', '--force'])).toThrow(
      /E_USAGE: .*--force.*usage: npm run import/,
    );
    expect(() => parseAdoptCommandLine([])).toThrow(/E_USAGE: --env is required/);
  });
});
