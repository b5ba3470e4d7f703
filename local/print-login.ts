import { decodeJwt } from 'jose';
import type { TokenResponseBody } from '../emulator/tenant/login/grants/token-response.ts';

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Custom claims are the namespaced ones (`https://...`); their bytes are counted as Auth0's 100 KB limit counts them. */
const customClaimBytes = (payload: Record<string, unknown>): number =>
  Object.entries(payload)
    .filter(([name]) => /^https?:\/\//.test(name))
    .reduce((total, [name, value]) => total + utf8Bytes(name) + utf8Bytes(JSON.stringify(value)), 0);

const describeToken = (label: string, token: string): string[] => {
  const payload = decodeJwt(token) as Record<string, unknown>;
  return [
    `${label}: ${token.length} bytes signed, ${customClaimBytes(payload)} bytes of custom claims`,
    ...JSON.stringify(payload, null, 2)
      .split('\n')
      .map((line) => `  ${line}`),
  ];
};

export interface AppSettings {
  /** Where the tenant answers on loopback (spa-js `domain`). */
  baseUrl: string;
  /** With `npm start -- --https`: the authority file Node apps trust through NODE_EXTRA_CA_CERTS. */
  caFile?: string;
  issuer: string;
  clientId: string;
  audience: string;
}

/** The demo's output: both tokens' claims, decoded, with sizes, and what to point an app at. */
export const formatLogin = (user: string, tokens: TokenResponseBody, app: AppSettings): string[] => [
  `logged in ${user}: token response with ${Object.keys(tokens).join(', ')}`,
  ...(tokens.id_token
    ? describeToken('ID token', tokens.id_token)
    : ['ID token: none (openid not requested)']),
  ...(tokens.access_token.includes('.')
    ? describeToken('access token', tokens.access_token)
    : ['access token: opaque (no API audience requested)']),
  '',
  'point an app at the local tenant (README: "Point an app at the local tenant"):',
  ...(app.caFile
    ? [
        `  domain     ${new URL(app.baseUrl).host}    (the quickstarts' domain: spa-js, auth0-angular, auth0-react, the auth0 ManagementClient)`,
        `  issuerBaseURL ${app.baseUrl}    (express-openid-connect and express-oauth2-jwt-bearer)`,
        `  trust      NODE_EXTRA_CA_CERTS=${app.caFile}    (Node apps; a browser: trust that file once, or accept the certificate)`,
      ]
    : [
        `  domain     ${app.baseUrl}    (spa-js domain; issuerBaseURL of express-openid-connect and express-oauth2-jwt-bearer)`,
      ]),
  `  issuer     ${app.issuer}`,
  `  client id  ${app.clientId}`,
  `  audience   ${app.audience}`,
  `  JWKS       ${app.baseUrl}/.well-known/jwks.json`,
];
