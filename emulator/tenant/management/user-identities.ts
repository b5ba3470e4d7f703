import type { Management } from 'auth0';
import { Hono } from 'hono';
import { jwtVerify } from 'jose';
import { ApiError, badRequest, json, readJsonObject } from '../http.ts';
import type { UserRecord } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { authorizeManagementCall } from './token.ts';
import { userById } from './users.ts';

// `/api/v2/users/{id}/identities`: account linking ("Link User Accounts", "Unlink User Accounts").
// A server links with `update:users` and names the secondary account (`provider`, `user_id`); the
// user links from the app with their own `update:current_user_identities` token and proves the
// secondary account with its ID token (`link_with`): signed RS256 by the tenant, its `aud` the `azp`
// of the access token. The secondary user disappears into the primary's identities, with its profile
// as `profileData`; unlinking makes it a user of its own again.

type Identity = UserRecord['identities'][number];

const IDENTITY_FIELDS = ['provider', 'user_id', 'connection_id'] as const;

const linkedProfile = (user: UserRecord): NonNullable<Identity['profileData']> => ({
  email: user.email,
  email_verified: user.email_verified,
  name: user.name,
  ...(user.given_name === undefined ? {} : { given_name: user.given_name }),
  ...(user.family_name === undefined ? {} : { family_name: user.family_name }),
  ...(user.username === undefined ? {} : { username: user.username }),
});

const identitiesOf = (user: UserRecord): Management.UserIdentity[] => structuredClone(user.identities);

/** The user the secondary account's ID token was issued to, checked as Auth0 checks `link_with`. */
const userOfIdToken = async (c: TenantRequestContext, idToken: string, azp: string | undefined) => {
  const { tenant } = c.env;
  const payload = await jwtVerify(idToken, (await tenant.signingKeys()).publicJwk, {
    issuer: tenant.issuer,
    algorithms: ['RS256'],
    currentDate: new Date(tenant.now()),
    ...(azp === undefined ? {} : { audience: azp }),
  }).then(
    (verified) => verified.payload,
    () => {
      throw badRequest(
        'link_with must be an unexpired ID token this tenant signed with RS256 for the application the access token was issued to (its aud the token azp).',
      );
    },
  );
  return tenant.state.users.find((user) => user.user_id === payload.sub);
};

const userOfIdentity = (c: TenantRequestContext, body: Record<string, unknown>) => {
  const { provider, user_id: userId, connection_id: connectionId } = body;
  if (typeof provider !== 'string' || typeof userId !== 'string') {
    throw badRequest('Payload validation error: provider and user_id (or link_with) are required.');
  }
  const connection =
    typeof connectionId === 'string'
      ? c.env.tenant.state.connections.find((candidate) => candidate.id === connectionId)?.name
      : undefined;
  return c.env.tenant.state.users.find((user) => {
    const main = user.identities[0];
    return (
      main?.provider === provider &&
      main.user_id === userId &&
      (connection === undefined || main.connection === connection)
    );
  });
};

export const userIdentityRoutes = new Hono<TenantEnv>()
  .post('/users/:id/identities', async (c) => {
    const caller = await authorizeManagementCall(c.env.tenant, c.req.raw, 'update:users', {
      scopes: ['update:current_user_identities'],
      userId: c.req.param('id'),
    });
    const primary = userById(c);
    const body = await readJsonObject(c.req.raw);
    const linkWith = body.link_with;
    if (linkWith !== undefined && typeof linkWith !== 'string') {
      throw badRequest("Payload validation error: 'Expected type string' on property link_with.");
    }
    if (linkWith !== undefined && IDENTITY_FIELDS.some((field) => field in body)) {
      throw badRequest(
        'Payload validation error: with link_with, provider, user_id and connection_id must not be sent.',
      );
    }
    if (linkWith === undefined && !caller.scopes.has('update:users')) {
      // A user's own token proves the secondary account only by that account's ID token.
      throw new ApiError(403, 'insufficient_scope', 'Insufficient scope, expected any of: update:users');
    }
    const secondary =
      linkWith === undefined ? userOfIdentity(c, body) : await userOfIdToken(c, linkWith, caller.clientId);
    if (!secondary) throw new ApiError(404, 'inexistent_user', 'The secondary user does not exist.');
    if (secondary.user_id === primary.user_id) {
      throw badRequest('Main identity and the new one are the same.');
    }
    const profile = linkedProfile(secondary);
    primary.identities.push(
      ...secondary.identities.map((identity) => ({
        ...identity,
        profileData: identity.profileData ?? profile,
      })),
    );
    primary.updated_at = c.env.tenant.nowIso();
    const { users } = c.env.tenant.state;
    users.splice(users.indexOf(secondary), 1);
    return json(identitiesOf(primary), 201);
  })
  .delete('/users/:id/identities/:provider/:user_id', async (c) => {
    await authorizeManagementCall(c.env.tenant, c.req.raw, 'update:users', {
      scopes: ['update:current_user_identities'],
      userId: c.req.param('id'),
    });
    const primary = userById(c);
    const { provider, user_id: userId } = c.req.param();
    const at = primary.identities.findIndex(
      (identity) => identity.provider === provider && identity.user_id === userId,
    );
    if (at === 0) throw badRequest('Main identity cannot be removed.');
    const [unlinked] = at < 0 ? [] : primary.identities.splice(at, 1);
    if (!unlinked) {
      throw new ApiError(
        404,
        'inexistent_identity',
        `The user has no linked identity ${provider}|${userId}.`,
      );
    }
    const { profileData, ...identity } = unlinked;
    const now = c.env.tenant.nowIso();
    const email = typeof profileData?.email === 'string' ? profileData.email : '';
    c.env.tenant.state.users.push({
      user_id: `${provider}|${userId}`,
      email,
      email_verified: profileData?.email_verified === true,
      name: profileData?.name ?? email,
      nickname: email.split('@')[0] ?? email,
      picture: primary.picture,
      created_at: now,
      updated_at: now,
      identities: [identity],
      user_metadata: {},
      app_metadata: {},
      logins_count: 0,
    });
    primary.updated_at = now;
    return json(identitiesOf(primary));
  });
