import { describe, expect, it } from 'vitest';
import { connectionFromEnvironment, parseCommandLine } from '../../deploy/command-line.ts';

describe('command line', () => {
  it('reads the flags and refuses what it does not know, with the usage', () => {
    expect(parseCommandLine(['--env', 'prod', '--yes', '--json'], 'usage')).toEqual({
      env: 'prod',
      json: true,
      yes: true,
      allowDelete: false,
      skipBuild: false,
    });
    expect(() => parseCommandLine(['--env', 'prod', '--force'], 'npm run deploy -- --env E')).toThrow(
      /E_USAGE: .*--force.*usage: npm run deploy -- --env E/,
    );
    expect(() => parseCommandLine([], 'u')).toThrow(/E_USAGE: --env is required/);
  });

  it('takes tenant credentials from the environment, by name', () => {
    expect(
      connectionFromEnvironment({ AUTH0_DOMAIN: 'd', AUTH0_CLIENT_ID: 'i', AUTH0_CLIENT_SECRET: 's' }),
    ).toEqual({
      domain: 'd',
      clientId: 'i',
      clientSecret: 's',
    });
    expect(() => connectionFromEnvironment({ AUTH0_DOMAIN: 'd', AUTH0_CLIENT_ID: 'i' })).toThrow(
      /E_MISSING_CREDENTIALS: AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET/,
    );
    expect(() => connectionFromEnvironment({})).toThrow(/E_MISSING_CREDENTIALS: AUTH0_DOMAIN is not set/);
  });
});
