import type { SuspendedLogin } from '../../../actions/index.ts';
import type { TenantContext } from '../../tenant-context.ts';
import { OAuthError } from '../oauth-error.ts';
import type { PostLoginInput } from './post-login-input.ts';

// What an MFA pause can offer this user on this tenant, which the Actions runtime cannot know: the
// local tenant knows the Guardian factors the tenant enabled and the factors the user enrolled.

/** A factor selector's type as the Guardian factor the tenant enables for it (`phone` is SMS). */
const guardianFactorOf = (type: string): string => (type === 'phone' ? 'sms' : type);

const enabledFactors = (tenant: TenantContext): string[] =>
  Object.entries(tenant.state.features.guardianFactors)
    .filter(([name, on]) => on && name !== 'recovery-code')
    .map(([name]) => name);

/**
 * - `challengeWith`/`enrollWith`: factors the tenant has not enabled are ignored, as those the user
 *   has not enrolled already are; none left fails the login (Post-login API object,
 *   https://auth0.com/docs/actions/reference/post-login/post-login-api-object).
 * - `multifactor.enable` asks for MFA, not a factor: a user with factors is challenged with theirs,
 *   a user with none enrolls ("Require MFA Enrollment template", Customize Adaptive MFA,
 *   https://auth0.com/docs/secure/multi-factor-authentication/adaptive-mfa/customize-adaptive-mfa)
 *   in a factor the tenant enabled (OTP when it enabled none).
 */
export const factorsOnTenant = (
  tenant: TenantContext,
  input: PostLoginInput,
  suspended: SuspendedLogin,
): SuspendedLogin | OAuthError => {
  if (suspended.kind === 'redirect' || suspended.kind === 'prompt') return suspended;
  const enabled = enabledFactors(tenant);
  if (suspended.provider === undefined) {
    const asked = suspended.factors ?? [];
    const kept = asked.filter((factor) => enabled.includes(guardianFactorOf(factor.type)));
    if (kept.length > 0) return { ...suspended, factors: kept };
    return new OAuthError(
      403,
      'access_denied',
      `${suspended.action} asked for MFA with ${asked.map((factor) => factor.type).join(', ')}, which the tenant does not enable: enable the factor (guardianFactors in tenant.yaml)`,
    );
  }
  const enrolled = input.user.enrolledFactors ?? [];
  if (enrolled.length > 0) {
    return suspended.provider === 'any'
      ? { ...suspended, factors: enrolled.map((factor) => ({ type: factor.type })) }
      : suspended;
  }
  const factors =
    suspended.provider === 'any' && enabled.length > 0 ? enabled.map((type) => ({ type })) : undefined;
  return { ...suspended, kind: 'mfa-enrollment', ...(factors ? { factors } : {}) };
};
