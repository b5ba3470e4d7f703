import type { ClientRecord, ResourceServerRecord } from '../../state.ts';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Auth0 never treats an app on localhost as a verifiable first party (anything on the user's
 * machine could listen there), so it asks for consent whatever the API's skip-consent flag says.
 */
export const isLocalhostRedirect = (redirectUri: string): boolean => {
  const host = new URL(redirectUri).hostname;
  return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost');
};

export interface ConsentQuestion {
  client: ClientRecord;
  /** Undefined when no API audience was requested (only the user's profile is asked for). */
  resourceServer: ResourceServerRecord | undefined;
  redirectUri: string;
}

/** Whether this login needs the user's consent, before looking at what the user already granted. */
export const needsConsent = ({ client, resourceServer, redirectUri }: ConsentQuestion): boolean => {
  const firstParty = client.is_first_party !== false;
  if (!firstParty) return true;
  if (!resourceServer) return false;
  if (!resourceServer.skip_consent_for_verifiable_first_party_clients) return true;
  return isLocalhostRedirect(redirectUri);
};

/** The user grants: which scopes each user allowed each client for each audience. */
export class ConsentGrants {
  readonly #granted = new Map<string, Set<string>>();

  covers(userId: string, clientId: string, audience: string | undefined, scopes: readonly string[]): boolean {
    const granted = this.#granted.get(grantKey(userId, clientId, audience));
    return granted !== undefined && scopes.every((scope) => granted.has(scope));
  }

  grant(userId: string, clientId: string, audience: string | undefined, scopes: readonly string[]): void {
    const key = grantKey(userId, clientId, audience);
    const granted = this.#granted.get(key) ?? new Set<string>();
    for (const scope of scopes) granted.add(scope);
    this.#granted.set(key, granted);
  }
}

const grantKey = (userId: string, clientId: string, audience: string | undefined) =>
  JSON.stringify([userId, clientId, audience ?? null]);
