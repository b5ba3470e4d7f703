import { createLocalJWKSet, SignJWT } from 'jose';
import type { PreferencesApiConfig } from '../api/config.ts';
import { createManagementClient } from '../api/management-client.ts';
import { createPreferencesApi, PREFERENCES_ROUTE } from '../api/preferences-api.ts';
import { connectRedis, redisReady } from '../api/redis-connection.ts';
import { SharedRateLimit } from '../api/redis-rate-limit.ts';
import { RedisUserUpdates } from '../api/redis-user-lock.ts';
import { PREFERENCES_SCOPES } from '../api/scopes.ts';
import type { UserUpdates } from '../api/user-lock.ts';
import type { createLocalTenant } from '../emulator/tenant/local-tenant.ts';
import { type createSigningKeys, jsonWebKeySet } from '../emulator/tenant/login/grants/signing-keys.ts';
import { AUDIENCE, LANGUAGES, p50p99 } from './api-patches.ts';

/** Redis's share of one PATCH: lock, renewal, release and rate limit, timed inside the API. */
export const benchRedisShare = async (
  log: (line: string) => void,
  redisUrl: string,
  baseUrl: string,
  tenant: Awaited<ReturnType<typeof createLocalTenant>>,
  keys: Awaited<ReturnType<typeof createSigningKeys>>,
  runs: number,
): Promise<void> => {
  const client = connectRedis(redisUrl);
  await redisReady(client, 2_000);
  const shared = new RedisUserUpdates(client);
  const limiter = new SharedRateLimit(client, { limit: 1_000_000, windowMs: 60_000 });
  let inRedis = 0;
  const timedUpdates: UserUpdates = {
    run: async (userId, changes, write) => {
      let inWrite = 0;
      const started = performance.now();
      const result = await shared.run(userId, changes, async (attempt) => {
        const entered = performance.now();
        try {
          return await write(attempt);
        } finally {
          inWrite += performance.now() - entered;
        }
      });
      inRedis += performance.now() - started - inWrite;
      return result;
    },
  };
  const config: PreferencesApiConfig = {
    issuer: tenant.issuer,
    jwksUrl: `${baseUrl}/.well-known/jwks.json`,
    tenantBaseUrl: baseUrl,
    managementAudience: tenant.context.managementAudience,
    audience: AUDIENCE,
    clientId: tenant.deployClient.client_id,
    clientSecret: tenant.deployClient.client_secret ?? '',
    port: 0,
    allowedOrigins: [],
  };
  const [user] = tenant.state.users;
  const token = await new SignJWT({ scope: PREFERENCES_SCOPES.update })
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid })
    .setIssuer(tenant.issuer)
    .setAudience(AUDIENCE)
    .setSubject(user?.user_id ?? '')
    .setExpirationTime('1h')
    .sign(keys.privateKey);
  const app = createPreferencesApi(config, {
    keys: createLocalJWKSet(jsonWebKeySet(keys)),
    management: createManagementClient({ ...config, audience: config.managementAudience }),
    log: () => {},
    updates: timedUpdates,
    limiter: {
      take: async (userId) => {
        const started = performance.now();
        try {
          return await limiter.take(userId);
        } finally {
          inRedis += performance.now() - started;
        }
      },
    },
  });
  const perPatch: number[] = [];
  for (let n = 0; n < runs + 50; n += 1) {
    inRedis = 0;
    const response = await app.request(PREFERENCES_ROUTE, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ preferences: { language: LANGUAGES[n % LANGUAGES.length] } }),
    });
    if (response.status !== 200) throw new Error(`bench: PATCH answered ${response.status}`);
    if (n >= 50) perPatch.push(inRedis);
  }
  const { p50, p99 } = p50p99(perPatch);
  log(
    `  Redis's added latency per PATCH (4 round trips: rate limit, lock, renewal, release), ${runs} PATCHes: ` +
      `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (target p99 <= 2 ms: ${p99 <= 2 ? 'met' : 'NOT met'})`,
  );
  await shared.close();
  client.disconnect();
};
