import type { TenantContext } from './tenant-context.ts';

// A tenant's issuer is the URL it is served at, as on Auth0, where discovery, every endpoint and
// every token's `iss` name one origin (OpenID Connect Discovery 1.0 §4.3: the issuer is the URL the
// document was fetched from, which openid-client and so express-openid-connect enforce).

/** The name of the Auth0 Management API's system resource server, which Auth0 seeds in every tenant. */
export const MANAGEMENT_API_NAME = 'Auth0 Management API';

/**
 * The tenant now answers at `origin` (`http://127.0.0.1:4000`, or `https://<domain>` in-process): its
 * issuer, discovery and every endpoint URL follow. Tokens issued under the former issuer no longer
 * verify, as on an Auth0 tenant whose domain changed.
 */
export const serveTenantAt = (tenant: TenantContext, origin: string): void => {
  tenant.issuer = `${new URL(origin).origin}/`;
};

/**
 * The Management API's audience as Auth0's SDKs derive it from the domain they are given
 * (`https://${domain}/api/v2/`), while the tenant is served over TLS at an address of its own
 * (`npm start -- --https`: `https://127.0.0.1:4000/api/v2/`); undefined otherwise. It names the same
 * API as `managementAudience`, as a tenant's canonical and custom domains both reach one API.
 */
export const servedManagementAudience = (tenant: TenantContext): string | undefined =>
  tenant.issuer.startsWith('https://') && tenant.issuer !== `https://${tenant.domain}/`
    ? `${tenant.issuer}api/v2/`
    : undefined;

/** The identifier the tenant stores for `audience`: the served Management API audience is its own. */
export const canonicalAudience = (tenant: TenantContext, audience: string): string =>
  audience === servedManagementAudience(tenant) ? tenant.managementAudience : audience;

/** Every audience a Management API token may carry. */
export const managementAudiences = (tenant: TenantContext): string[] => {
  const served = servedManagementAudience(tenant);
  return served ? [tenant.managementAudience, served] : [tenant.managementAudience];
};
