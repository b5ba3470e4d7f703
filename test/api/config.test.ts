import { describe, expect, it } from 'vitest';
import { readConfig } from '../../api/config.ts';

const VALID = {
  AUTH0_DOMAIN: 'acme.eu.auth0.com',
  API_AUDIENCE: 'https://api.example.com/preferences',
  AUTH0_CLIENT_ID: 'client-id',
  AUTH0_CLIENT_SECRET: 'client-secret',
};

describe('readConfig', () => {
  it("derives the tenant's issuer, keys and Management API audience from the domain", () => {
    expect(readConfig(VALID)).toEqual({
      issuer: 'https://acme.eu.auth0.com/',
      jwksUrl: 'https://acme.eu.auth0.com/.well-known/jwks.json',
      tenantBaseUrl: 'https://acme.eu.auth0.com',
      managementAudience: 'https://acme.eu.auth0.com/api/v2/',
      audience: 'https://api.example.com/preferences',
      clientId: 'client-id',
      clientSecret: 'client-secret',
      port: 3001,
      allowedOrigins: [],
      rateLimitPerMinute: 20,
      lockTtlMs: 5000,
      shutdownGraceMs: 10_000,
    });
  });

  it('takes the local tenant on loopback as the issuer, keeping the Management API audience named by the domain', () => {
    const config = readConfig({
      ...VALID,
      AUTH0_BASE_URL: 'http://127.0.0.1:4010/',
      PORT: '4011',
      ALLOWED_ORIGINS: 'http://localhost:5173, https://app.example.com',
    });
    expect(config).toMatchObject({
      issuer: 'http://127.0.0.1:4010/',
      tenantBaseUrl: 'http://127.0.0.1:4010',
      jwksUrl: 'http://127.0.0.1:4010/.well-known/jwks.json',
      managementAudience: 'https://acme.eu.auth0.com/api/v2/',
      port: 4011,
      allowedOrigins: ['http://localhost:5173', 'https://app.example.com'],
    });
  });

  it.each([
    [{ AUTH0_DOMAIN: undefined }, 'E_BAD_CONFIG: environment variable AUTH0_DOMAIN is not set'],
    [{ API_AUDIENCE: '' }, 'environment variable API_AUDIENCE is not set'],
    [{ AUTH0_CLIENT_SECRET: undefined }, 'environment variable AUTH0_CLIENT_SECRET is not set'],
    [{ AUTH0_DOMAIN: 'https://acme.auth0.com' }, 'AUTH0_DOMAIN must be a host name'],
    [{ PORT: '70000' }, 'PORT must be a port number'],
    [{ PORT: 'http' }, 'PORT must be a port number'],
    [{ AUTH0_BASE_URL: 'http://tenant.example.com' }, 'AUTH0_BASE_URL must be https, or http on a loopback'],
    [{ AUTH0_BASE_URL: 'not a url' }, 'AUTH0_BASE_URL must be a URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL must be a URL such as redis://'],
    [{ RATE_LIMIT_PER_MINUTE: '0' }, 'RATE_LIMIT_PER_MINUTE must be a whole number from 1'],
    [{ LOCK_TTL_MS: '5s' }, 'LOCK_TTL_MS must be a whole number from 100'],
    [{ LOG_PSEUDONYM_KEY: 'short' }, 'LOG_PSEUDONYM_KEY must be at least 32 characters'],
    [{ ALLOWED_ORIGINS: '*' }, 'ALLOWED_ORIGINS has "*", which is not an origin'],
    [{ ALLOWED_ORIGINS: 'https://app.example.com/' }, 'ALLOWED_ORIGINS has "https://app.example.com/"'],
    [
      { ALLOWED_ORIGINS: 'https://app.example.com, http://app.example.com' },
      'ALLOWED_ORIGINS has http://app.example.com: only https origins',
    ],
  ])('refuses %o with one line naming the variable', (change, message) => {
    expect(() => readConfig({ ...VALID, ...change })).toThrow(message);
  });
});
