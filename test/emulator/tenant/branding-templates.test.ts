import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { callApi, managementToken } from './call.ts';

// The fake tenant's Universal Login page template endpoint, as deploy-cli and plan use it.

const TEMPLATE = '<html><head>{%- auth0:head -%}</head><body>{%- auth0:widget -%}</body></html>';
const PATH = '/branding/templates/universal-login';

describe('/branding/templates/universal-login', () => {
  it('Auth0 takes a Universal Login page template only on a tenant with a custom domain, and only with the tags prompts render into', async () => {
    const tenant = createFakeTenant();
    const token = await managementToken(tenant);
    expect((await callApi(tenant, token, 'GET', PATH)).status).toBe(404);
    expect((await callApi(tenant, token, 'PUT', PATH, { template: TEMPLATE })).status).toBe(403);

    const domain = await callApi(tenant, token, 'POST', '/custom-domains', {
      domain: 'login.example.test',
      type: 'auth0_managed_certs',
    });
    expect(domain.status).toBe(201);
    const untagged = await callApi(tenant, token, 'PUT', PATH, { template: '<html><body>hi</body></html>' });
    expect(untagged.status).toBe(400);
    expect(untagged.body.message).toMatch(/auth0:head and auth0:widget/);

    expect((await callApi(tenant, token, 'PUT', PATH, { template: TEMPLATE })).status).toBe(204);
    expect((await callApi(tenant, token, 'GET', PATH)).body).toEqual({ body: TEMPLATE });
    expect((await callApi(tenant, token, 'DELETE', PATH)).status).toBe(204);
    expect((await callApi(tenant, token, 'GET', PATH)).status).toBe(404);
  });
});
