import type { Resource } from './desired-state.ts';
import type { ManagementApi } from './management-api.ts';

// Classic Login's pages, where deploy-cli writes them: the login page on the tenant's global client
// (`custom_login_page`, `custom_login_page_on`), the others as tenant settings. Only GETs.

/** tenant.yaml's page name, by the tenant setting holding that page. */
const TENANT_PAGES = {
  password_reset: 'change_password',
  guardian_multifactor: 'guardian_mfa_page',
  error_page: 'error_page',
} as const;

/** Every page the tenant has set, in tenant.yaml's shape (`{ name, enabled, html, ... }`). */
export const readPages = async (api: ManagementApi): Promise<Resource[]> => {
  const [globalClients, settings] = await Promise.all([
    api.list('/clients', 'clients', { is_global: 'true' }),
    api.get('/tenants/settings'),
  ]);
  const pages: Resource[] = [];
  const [global] = globalClients;
  if (global?.custom_login_page) {
    pages.push({
      name: 'login',
      enabled: global.custom_login_page_on === true,
      html: global.custom_login_page,
    });
  }
  for (const [name, setting] of Object.entries(TENANT_PAGES)) {
    const page = (settings as Record<string, unknown>)[setting];
    if (page && typeof page === 'object') pages.push({ ...page, name });
  }
  return pages;
};
