import { timingSafeEqual } from 'node:crypto';
import type { ClientRecord } from '../../state.ts';
import type { TenantContext } from '../../tenant-context.ts';
import { findClient } from '../directory.ts';
import { isPublicClient } from '../endpoints/authorize-request.ts';
import { OAuthError } from '../oauth-error.ts';
import { type Params, readBasicCredentials } from '../params.ts';

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Identifies the client calling the token endpoint. Public clients (SPAs, native apps) only name
 * themselves; confidential clients prove it with their secret, in the body or by HTTP Basic.
 */
export const authenticateClient = (tenant: TenantContext, request: Request, params: Params): ClientRecord => {
  const basic = readBasicCredentials(request);
  const clientId = basic?.id ?? params.client_id;
  if (!clientId) throw new OAuthError(401, 'invalid_client', 'Missing required parameter: client_id');
  const client = findClient(tenant, clientId);
  if (!client) throw new OAuthError(401, 'invalid_client', `Unknown client: ${clientId}`);
  if (isPublicClient(client)) return client;
  const secret = basic?.secret ?? params.client_secret;
  if (
    secret === undefined ||
    client.client_secret === undefined ||
    !sameSecret(secret, client.client_secret)
  ) {
    throw new OAuthError(401, 'access_denied', 'Unauthorized');
  }
  return client;
};
