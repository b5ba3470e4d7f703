import { timingSafeEqual } from 'node:crypto';
import { isPublicClient } from './authorize-request.ts';
import type { LoginClient, LoginDirectory } from './login-directory.ts';
import { OAuthError } from './oauth-errors.ts';
import { type Params, readBasicCredentials } from './request-params.ts';

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Identifies the client calling the token endpoint. Public clients (SPAs, native apps) only name
 * themselves; confidential clients prove it with their secret, in the body or by HTTP Basic.
 */
export const authenticateClient = (
  directory: LoginDirectory,
  request: Request,
  params: Params,
): LoginClient => {
  const basic = readBasicCredentials(request);
  const clientId = basic?.id ?? params.client_id;
  if (!clientId) throw new OAuthError(401, 'invalid_client', 'Missing required parameter: client_id');
  const client = directory.findClient(clientId);
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
