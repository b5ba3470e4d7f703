import type { PostLoginApi } from '../../core/post-login-types.ts';
import { type ApiDeps, given } from './api-deps.ts';
import type { ApiMethod, LifetimeChanges } from './record.ts';

// `api.session` and `api.refreshToken` (post-login API object,
// https://auth0.com/docs/actions/reference/post-login/post-login-api-object):
// the runtime records what is asked; the caller (the local tenant) applies it to its session or
// refresh token after the login. Revoking also denies the login, as Auth0 does.

type Target = 'session' | 'refreshToken';

const lifetimeMethods = (deps: ApiDeps, target: Target) => {
  const { record, errors, note, fail, late } = deps;
  const changes: LifetimeChanges = record[target];
  const present = target === 'session' ? deps.event.session : deps.event.refresh_token;
  const missing = `this login has no ${target === 'session' ? 'session' : 'refresh token'}`;

  const act = (name: string, args: unknown[], apply: () => void) => {
    const method = `${target}.${name}` as ApiMethod;
    if (late(method, args)) return deps.self();
    if (present === undefined) {
      note(method, args, 'dropped', missing);
      return deps.self();
    }
    apply();
    note(method, args, 'applied');
    return deps.self();
  };
  const time = (name: string, value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      fail(
        `${target}.${name}` as ApiMethod,
        [value],
        new errors.TypeError(`${name} needs milliseconds since the Unix epoch.`),
      );
    }
    return value as number;
  };
  const key = (name: string, args: unknown[]): string => {
    if (typeof args[0] !== 'string' || args[0] === '') {
      fail(
        `${target}.${name}` as ApiMethod,
        args,
        new errors.TypeError('The metadata key must be a non-empty string.'),
      );
    }
    return args[0] as string;
  };
  const earliest = (current: number | undefined, next: number) =>
    current === undefined ? next : Math.min(current, next);

  return {
    // When called several times, the earliest expiry wins (post-login API object).
    setExpiresAt: (absolute: number) =>
      act('setExpiresAt', [absolute], () => {
        changes.expiresAt = earliest(changes.expiresAt, time('setExpiresAt', absolute));
      }),
    setIdleExpiresAt: (inactivity: number) =>
      act('setIdleExpiresAt', [inactivity], () => {
        changes.idleExpiresAt = earliest(changes.idleExpiresAt, time('setIdleExpiresAt', inactivity));
      }),
    setMetadata: (name: string, value: string | null) =>
      act('setMetadata', [name, value], () => {
        if (value !== null && typeof value !== 'string') {
          fail(
            `${target}.setMetadata` as ApiMethod,
            [name, value],
            new errors.TypeError('The metadata value must be a string or null.'),
          );
        }
        changes.metadata[key('setMetadata', [name, value])] = value;
      }),
    deleteMetadata: (name: string) =>
      act('deleteMetadata', [name], () => {
        changes.metadata[key('deleteMetadata', [name])] = null;
      }),
    evictMetadata: () =>
      act('evictMetadata', [], () => {
        changes.metadata = {};
        changes.evicted = true;
      }),
    revoke: (reason: string, options?: { preserveRefreshTokens?: boolean }) => {
      const args = given(reason, options);
      if (target === 'refreshToken' && deps.event.transaction?.protocol !== 'oauth2-refresh-token') {
        fail(
          'refreshToken.revoke',
          args,
          new errors.Error('refreshToken.revoke can be used only in a refresh token exchange.'),
        );
      }
      return act('revoke', args, () => {
        changes.revoked =
          options?.preserveRefreshTokens === undefined
            ? { reason: String(reason) }
            : { reason: String(reason), preserveRefreshTokens: Boolean(options.preserveRefreshTokens) };
        record.denied = { reason: String(reason) };
      });
    },
  };
};

export const createSessionApi = (deps: ApiDeps): PostLoginApi['session'] => {
  const methods = lifetimeMethods(deps, 'session');
  return {
    ...methods,
    setCookieMode: (mode) => {
      if (mode !== 'persistent' && mode !== 'non-persistent') {
        deps.fail(
          'session.setCookieMode',
          [mode],
          new deps.errors.TypeError("The cookie mode is 'persistent' or 'non-persistent'."),
        );
      }
      if (deps.late('session.setCookieMode', [mode])) return deps.self();
      deps.record.session.cookieMode = mode;
      deps.note('session.setCookieMode', [mode], 'applied');
      return deps.self();
    },
  };
};

export const createRefreshTokenApi = (deps: ApiDeps): PostLoginApi['refreshToken'] => {
  const { revoke, ...rest } = lifetimeMethods(deps, 'refreshToken');
  return { ...rest, revoke: (reason) => revoke(reason) };
};
