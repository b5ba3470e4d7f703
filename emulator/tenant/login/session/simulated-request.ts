import type { PostLoginRequest } from '../../../../core/post-login-types.ts';
import type { Params } from '../params.ts';

/**
 * What a test or a person says a login's request looks like, where the local tenant cannot know it:
 * Auth0 fills `event.request.geoip` from its IP database and sees the user's real address, browser
 * and language; on loopback everything is 127.0.0.1 with no location. Unset fields come from the
 * HTTP request as before.
 */
export interface SimulatedRequest {
  ip?: string;
  geoip?: PostLoginRequest['geoip'];
  user_agent?: string;
  /** A language tag such as `de-CH`: `event.request.language`, and `event.transaction.locale`. */
  language?: string;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** The geoip Auth0 would give an address in the country (ISO 3166 alpha-2); empty for an unknown code. */
export const geoipForCountry = (countryCode: string): PostLoginRequest['geoip'] => {
  const code = countryCode.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code)) return {};
  const name = regionNames.of(code);
  return name === undefined || name === code ? {} : { countryCode: code, countryName: name };
};

/** The simulation fields of the login page's form (`simulate_*`), when a person filled them in. */
export const simulatedRequestFromForm = (params: Params): SimulatedRequest => {
  const simulated: SimulatedRequest = {};
  const value = (name: string) => params[`simulate_${name}`]?.trim() || undefined;
  const ip = value('ip');
  const country = value('country');
  const userAgent = value('user_agent');
  const language = value('language');
  if (ip) simulated.ip = ip;
  if (country) simulated.geoip = geoipForCountry(country);
  if (userAgent) simulated.user_agent = userAgent;
  if (language) simulated.language = language;
  return simulated;
};
