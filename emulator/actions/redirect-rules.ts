import type { PostLoginEvent } from '../../core/post-login-types.ts';

/** Flows with no browser to send: Auth0 refuses `api.redirect.sendUserTo` in them. */
const NON_INTERACTIVE_PROTOCOLS: ReadonlySet<string> = new Set([
  'oauth2-refresh-token',
  'oauth2-password',
  'oauth2-resource-owner',
  'oauth2-resource-owner-jwt-bearer',
]);

/**
 * Why Auth0 would refuse a redirect in this login, or `undefined` when it allows one. Source: Auth0
 * docs "Redirect with Actions", restrictions: no redirects in the refresh-token, password and
 * resource-owner exchanges, nor with `prompt=none` (there is no user to interact with).
 */
export const redirectRefusal = (event: PostLoginEvent): string | undefined => {
  const protocol = event.transaction?.protocol;
  if (protocol !== undefined && NON_INTERACTIVE_PROTOCOLS.has(protocol)) {
    return `Redirects are not allowed in the ${protocol} flow: there is no browser to send the user to.`;
  }
  if (event.transaction?.prompt?.includes('none')) {
    return 'Redirects are not allowed with prompt=none: the user cannot interact.';
  }
  return undefined;
};
