import type { FakeTenant } from '../../../emulator/tenant/fake-tenant.ts';

// Talks to a fake tenant's handler directly, as a deploy tool would over HTTP.

export const managementToken = async (tenant: FakeTenant): Promise<string> => {
  const response = await tenant.handle(
    new Request(`https://${tenant.domain}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: tenant.deployClient.client_id,
        client_secret: tenant.deployClient.client_secret,
        audience: `https://${tenant.domain}/api/v2/`,
      }),
    }),
  );
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
};

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response JSON
  body: any;
}

/** Calls `/api/v2<path>` with a bearer token; returns status, headers and parsed JSON. */
export const callApi = async (
  tenant: FakeTenant,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await tenant.handle(
    new Request(`https://${tenant.domain}/api/v2${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
};

/** A caller bound to one tenant and one fresh deploy-client token. */
export const managementCaller = async (tenant: FakeTenant) => {
  const token = await managementToken(tenant);
  return (method: string, path: string, body?: unknown) => callApi(tenant, token, method, path, body);
};
