import { claimContract } from '../claims/contract.ts';
import type { TokenKind } from '../claims/define.ts';
import { describeDropped } from '../claims/describe-dropped.ts';
import { shapeClaims } from '../claims/shape-claims.ts';
import type { PostLoginApi, PostLoginEvent } from '../core/post-login-types.ts';

/**
 * The Action secret naming our API's identifier (its `audience`). One bundle serves every
 * environment: `tenant/tenant.yaml` sets this secret from the environment's mapping file, so the code
 * never changes between dev, staging and prod.
 */
const API_AUDIENCE_SECRET = 'API_AUDIENCE';

/** Access-token claims go only into tokens whose audience is our own API. */
const isOurApi = (event: PostLoginEvent): boolean => {
  const audience = event.secrets[API_AUDIENCE_SECRET];
  const requested = event.resource_server?.identifier;
  return typeof audience === 'string' && audience !== '' && requested === audience;
};

/**
 * Which tokens get our claims: both for our API, else only the ID token. Shared lists and `event.user`
 * as the metadata are no faster than per-login ones (measured), but 56 bytes smaller in the bundle.
 */
const FOR_OUR_API: readonly TokenKind[] = ['id_token', 'access_token'];
const FOR_OTHERS: readonly TokenKind[] = ['id_token'];

/**
 * Replaces the legacy Rule that copied all of `user_metadata` into the ID token and all of
 * `app_metadata` into the access token: only what the claim contract declares is emitted, and a login
 * never fails because of metadata.
 */
export const onExecutePostLogin = async (event: PostLoginEvent, api: PostLoginApi): Promise<void> => {
  try {
    // `event.user` holds both metadata objects, and shapeClaims reads nothing else of it.
    const { claims, dropped } = shapeClaims(
      claimContract,
      event.user,
      isOurApi(event) ? FOR_OUR_API : FOR_OTHERS,
    );
    for (const claim of claims)
      (claim.token === 'id_token' ? api.idToken : api.accessToken).setCustomClaim(claim.name, claim.value);
    if (dropped.length > 0) console.log(describeDropped(dropped));
  } catch (error) {
    // Unreachable for any metadata (the property tests say so); if it ever happens, the user still
    // logs in, without our claims, and the log says why.
    console.log(`claims: skipped, ${error instanceof Error ? error.name : 'error'}`);
  }
};
