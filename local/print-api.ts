import { PREFERENCES_ROUTE } from '../api/preferences-api.ts';
import { LOGIN_PATHS } from '../emulator/tenant/login/paths.ts';
import type { RoundTrip } from './preferences-round-trip.ts';

/** Variables whose values must never be printed in full. */
const SECRET_VARIABLES = new Set(['AUTH0_CLIENT_SECRET']);

/** Enough of a secret to tell two apart, never enough to use it. */
export const maskSecret = (secret: string): string =>
  `${secret.slice(0, Math.min(4, Math.floor(secret.length / 4)))}…(${secret.length} characters)`;

export interface RoundTripView {
  readonly user: string;
  readonly apiUrl: string;
  readonly tenantUrl: string;
}

/** What the round trip did, step by step, ending with the ID token's language before and after. */
export const formatRoundTrip = (trip: RoundTrip, view: RoundTripView): string[] => [
  `round trip: ${view.user}'s language changed through our API, then a refresh as spa-js getTokenSilently({ cacheMode: 'off' }) makes`,
  `  PATCH ${view.apiUrl}${PREFERENCES_ROUTE} ${JSON.stringify({ preferences: { language: trip.requested } })}`,
  `    saved: ${JSON.stringify(trip.saved)}`,
  `  POST  ${view.tenantUrl}${LOGIN_PATHS.token} grant_type=refresh_token: ${Object.keys(trip.refreshed).join(', ')}`,
  `  ID token preferences.language: ${trip.before ?? '(none)'} -> ${trip.after}`,
];

export interface ApiHowTo {
  readonly apiUrl: string;
  readonly audience: string;
  /** `npm run api`'s variables; secrets are masked here. */
  readonly variables: Readonly<Record<string, string>>;
  /** Where the variables are saved, secret included, and the line that runs the API with them. */
  readonly envFile: string;
  readonly runCommand: string;
}

/** How to call the API by hand, and how to run a second one from another terminal. */
export const formatApiHowTo = (howTo: ApiHowTo): string[] => {
  const url = `${howTo.apiUrl}${PREFERENCES_ROUTE}`;
  const bearer = `-H 'authorization: Bearer <ACCESS_TOKEN>'`;
  return [
    `call the preferences API by hand, with an access token for ${howTo.audience} (npm run token -- --user <email> prints one):`,
    `  curl ${bearer} ${url}`,
    `  curl -X PATCH ${bearer} -H 'content-type: application/json' -d '{"preferences":{"theme":"light"}}' ${url}`,
    '',
    `run npm run api against this tenant in another terminal while npm start runs (variables, secret included, in ${howTo.envFile}, removed when it stops):`,
    ...Object.entries(howTo.variables).map(
      ([name, value]) => `  ${name}=${SECRET_VARIABLES.has(name) ? maskSecret(value) : value}`,
    ),
    `  ${howTo.runCommand}`,
  ];
};
