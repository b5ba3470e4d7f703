import { decodeJwt } from 'jose';
import { DeployError } from './errors.ts';

/** Enough of Auth0's answer to read it whole (its error bodies run to ~150 characters) on one line. */
export const MAX_BODY_CHARACTERS = 400;

/** Auth0's error body on one line, cut only past MAX_BODY_CHARACTERS. */
export const oneLineBody = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > MAX_BODY_CHARACTERS ? `${line.slice(0, MAX_BODY_CHARACTERS)}…` : line;
};

/**
 * The scopes a 403 says are missing. The Management API answers
 * `{"statusCode":403,"error":"Forbidden","message":"Insufficient scope, expected any of: read:actions","errorCode":"insufficient_scope"}`
 * (as seen in auth0/auth0-cli#538). A client's token holds only the scopes granted to it, and each
 * endpoint lists the scopes it accepts ("Create Machine-to-Machine Applications for Testing",
 * https://auth0.com/docs/get-started/apis/create-m2m-app-test).
 */
export const missingScopes = (text: string): string[] => {
  const match = /expected (?:any|all) of:\s*([\w:. ,-]+)/i.exec(text);
  return match?.[1] ? match[1].split(/[\s,]+/).filter(Boolean) : [];
};

/** The client a bearer token was issued to (`azp`, else `sub` minus `@clients`), when it is a JWT. */
const clientOfToken = (token: string | undefined): string | undefined => {
  if (!token) return undefined;
  try {
    const payload = decodeJwt(token);
    if (typeof payload.azp === 'string') return payload.azp;
    return typeof payload.sub === 'string' ? payload.sub.replace(/@clients$/, '') : undefined;
  } catch {
    return undefined;
  }
};

export interface RefusalContext {
  readonly domain: string;
  readonly clientId?: string;
  readonly accessToken?: string;
}

/**
 * What a refused Management API call means and how to fix it: a 403 for a missing scope names the
 * scope and the client that must be granted it; any other refusal shows Auth0's body whole.
 */
export const refusalError = (
  request: string,
  status: number,
  body: string,
  context: RefusalContext,
): DeployError => {
  const scopes = missingScopes(body);
  if (status === 403 && scopes.length) {
    const client = context.clientId ?? clientOfToken(context.accessToken) ?? 'the deploy client';
    return new DeployError(
      'E_MISSING_SCOPE',
      `${request} on ${context.domain} needs scope ${scopes.join(' or ')}, which client ${client} is not granted (Auth0: ${oneLineBody(body)}); grant it under Applications > APIs > Auth0 Management API > Machine To Machine Applications > ${client}, then run again`,
    );
  }
  return new DeployError('E_MANAGEMENT_API', `${request} answered ${status}: ${oneLineBody(body)}`);
};
