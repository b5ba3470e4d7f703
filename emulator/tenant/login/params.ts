import { requestUrl } from '../request-url.ts';
import { parseFormEncoded } from './form-encoded.ts';
import { OAuthError } from './oauth-error.ts';

/** The longest body the login endpoints read; their parameters are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

export type Params = Record<string, string>;

/**
 * The request's parameters: the query for GET, the form-encoded or JSON body for POST (Auth0's
 * token endpoint takes both). Only string values count; a JSON `"scope": ["a"]` is ignored, not
 * coerced, so nothing reaches the grant code in a shape it does not expect.
 */
export const readParams = async (request: Request): Promise<Params> => {
  if (request.method === 'GET' || request.method === 'HEAD') {
    return parseFormEncoded(requestUrl(request).search.slice(1));
  }
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) {
    throw new OAuthError(413, 'invalid_request', `request body over ${MAX_BODY_BYTES} bytes`);
  }
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) return jsonParams(text);
  return parseFormEncoded(text.startsWith('?') ? text.slice(1) : text);
};

const jsonParams = (text: string): Params => {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new OAuthError(400, 'invalid_request', 'the request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new OAuthError(400, 'invalid_request', 'the request body must be a JSON object');
  }
  const params: Params = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') params[key] = value;
  return params;
};

/**
 * A cookie's value, or undefined when it is absent or cannot be decoded: any page on the same host
 * can plant a cookie, and one the tenant cannot read must leave the browser able to log in and out,
 * as on Auth0, rather than fail every request with a 500.
 */
export const readCookie = (request: Request, name: string): string | undefined => {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined;
    }
  }
  return undefined;
};

/** `Authorization: Basic base64(client_id:client_secret)` (RFC 6749 2.3.1), or undefined. */
export const readBasicCredentials = (request: Request): { id: string; secret: string } | undefined => {
  const header = request.headers.get('authorization');
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon)),
      secret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    // A stray `%` is a client that failed to authenticate (401), not a fault of the tenant (500).
    throw new OAuthError(
      401,
      'invalid_client',
      'Malformed HTTP Basic client credentials: form-encode the id and secret',
    );
  }
};

export const readBearerToken = (request: Request): string | undefined => {
  const header = request.headers.get('authorization');
  return header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
};

/** Space-separated scopes, de-duplicated, order kept. */
export const splitScopes = (scope: string | undefined): string[] => [
  ...new Set((scope ?? '').split(' ').filter((item) => item !== '')),
];
