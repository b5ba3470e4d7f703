// Which custom claim names Auth0 refuses, as data. Source: Auth0 docs, "Create Custom Claims"
// (https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims), general restrictions.

/** Names Auth0 reserves for itself or for OIDC: a custom claim with one of these names is dropped silently. */
export const RESTRICTED_CLAIM_NAMES: ReadonlySet<string> = new Set([
  'acr',
  'act',
  'active',
  'amr',
  'at_hash',
  'ath',
  'attest',
  'aud',
  'auth_time',
  'authorization_details',
  'azp',
  'c_hash',
  'client_id',
  'cnf',
  'cty',
  'dest',
  'entitlements',
  'events',
  'exp',
  'groups',
  'gty',
  'htm',
  'htu',
  'iat',
  'internalService',
  'iss',
  'jcard',
  'jku',
  'jti',
  'jwe',
  'jwk',
  'kid',
  'may_act',
  'mky',
  'nbf',
  'nonce',
  'object_id',
  'org_id',
  'org_name',
  'orig',
  'origid',
  'permissions',
  'roles',
  'rph',
  's_hash',
  'sid',
  'sip_callid',
  'sip_cseq_num',
  'sip_date',
  'sip_from_tag',
  'sip_via_branch',
  'sub',
  'sub_jwk',
  'toe',
  'txn',
  'typ',
  'uuid',
  'vot',
  'vtm',
  'x5t#S256',
]);

/** Setting this claim does not drop silently: Auth0 throws. */
export const SCOPE_CLAIM = 'scope';
export const SCOPE_CLAIM_ERROR = 'The "scope" claim cannot be set.';

/** A claim name containing any of these belongs to Auth0's own namespaces and is dropped. */
export const FORBIDDEN_NAMESPACE_MARKERS: readonly string[] = [
  'auth0.com',
  'webtask.io',
  'webtask.run',
  'urn:auth0',
];

/** Exact, case-sensitive match, as the list mixes cases (`internalService`, `x5t#S256`). */
export const isRestrictedClaimName = (name: string): boolean => RESTRICTED_CLAIM_NAMES.has(name);

/** Names judged at most: claim names repeat from login to login, and an Action's are few. */
const MAX_NAMES_JUDGED = 1_024;
const forbiddenByName = new Map<string, boolean>();

/** Case-insensitive: host names and URN namespaces are case-insensitive. */
export const isForbiddenNamespace = (name: string): boolean => {
  // Kept per name: lower-casing each claim name to search it was a share of every setCustomClaim.
  let forbidden = forbiddenByName.get(name);
  if (forbidden === undefined) {
    const lower = name.toLowerCase();
    forbidden = FORBIDDEN_NAMESPACE_MARKERS.some((marker) => lower.includes(marker));
    if (forbiddenByName.size < MAX_NAMES_JUDGED) forbiddenByName.set(name, forbidden);
  }
  return forbidden;
};

/** A "public" claim name in Auth0's sense: a URL, `http://` or `https://`. */
export const isNamespacedClaimName = (name: string): boolean => /^https?:\/\//i.test(name);

/**
 * Audiences of Auth0's own APIs, whose access tokens take no non-namespaced custom claim and no scope
 * change. Source: Auth0 docs "Migrate Custom Claims", Restricted token audience
 * (https://auth0.com/docs/troubleshoot/product-lifecycle/past-migrations/custom-claims-migration).
 */
export const auth0ApiAudiences = (domain: string): string[] => [
  `https://${domain}/api/`,
  `https://${domain}/api/v2/`,
  `https://${domain}/mfa/`,
];

/**
 * The OIDC user profile claims an Action may set, each with the scope the login must carry for the
 * claim to reach a token. Source: "Migrate Custom Claims", OIDC user profile claims (same URL as
 * above): "the same scope restrictions apply as are applicable to ID tokens"; the scope of each
 * claim is OpenID Connect Core 1.0, section 5.4.
 */
export const OIDC_PROFILE_CLAIM_SCOPES: ReadonlyMap<string, string> = new Map([
  ...[
    'name',
    'family_name',
    'given_name',
    'middle_name',
    'nickname',
    'preferred_username',
    'profile',
    'picture',
    'website',
    'gender',
    'birthdate',
    'zoneinfo',
    'locale',
    'updated_at',
  ].map((claim) => [claim, 'profile'] as const),
  ['email', 'email'],
  ['email_verified', 'email'],
  ['address', 'address'],
  ['phone_number', 'phone'],
  ['phone_number_verified', 'phone'],
]);

// Per domain, worked out once: every custom claim a login sets asks these questions.
const audiencesByDomain = new Map<string, ReadonlySet<string>>();

/** Trailing-slash-insensitive, as Auth0 accepts both spellings of its API identifiers. */
export const isAuth0ApiAudience = (audience: string, domain: string): boolean => {
  let audiences = audiencesByDomain.get(domain);
  if (!audiences) {
    audiences = new Set(auth0ApiAudiences(domain));
    audiencesByDomain.set(domain, audiences);
  }
  return audiences.has(audience.endsWith('/') ? audience : `${audience}/`);
};

/** Asking for `/userinfo` alone yields an opaque access token: no API audience was requested. */
export const isUserinfoAudience = (audience: string, domain: string): boolean =>
  audience.length === domain.length + 17 && audience === `https://${domain}/userinfo`;
