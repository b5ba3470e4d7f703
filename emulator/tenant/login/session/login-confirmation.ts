import type { ClientRecord } from '../../state.ts';
import type { TenantContext } from '../../tenant-context.ts';

// Auth0's "Measures Against Application Impersonation": a loopback callback (any program on the
// machine can listen on the port) or a custom URI scheme (any app can register it) cannot be verified
// to belong to the application, so a login that would reach one without the user doing anything
// (single sign-on from an existing session) first asks the user to confirm it, and a prompt=none
// request to one fails. Subdomains of `.localhost` count as verifiable. An application or the tenant
// may opt out with `skip_non_verifiable_callback_uri_confirmation_prompt`.

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export const isNonVerifiableCallback = (redirectUri: string): boolean => {
  const url = new URL(redirectUri);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return true;
  return LOOPBACK_HOSTS.has(url.hostname);
};

export const needsLoginConfirmation = (
  tenant: TenantContext,
  client: ClientRecord,
  redirectUri: string,
): boolean =>
  isNonVerifiableCallback(redirectUri) &&
  client.skip_non_verifiable_callback_uri_confirmation_prompt !== true &&
  tenant.state.settings.skip_non_verifiable_callback_uri_confirmation_prompt !== true;
