import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { ConnectionDroppedError } from '../../../emulator/tenant/faults.ts';
import { callApi, managementToken } from './call.ts';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('fault injection', () => {
  it('answers a burst of 429s with rate-limit headers, then recovers', async () => {
    const tenant = createFakeTenant({
      clock: () => NOW,
      faults: [
        { kind: 'rate-limit', match: { path: '/api/v2/clients' }, after: 1, times: 2, resetSeconds: 3 },
      ],
    });
    const token = await managementToken(tenant);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const answer = await callApi(tenant, token, 'GET', '/clients');
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(answer.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
        expect(answer.headers.get('x-ratelimit-remaining')).toBe('0');
        expect(answer.headers.get('x-ratelimit-reset')).toBe(String(NOW / 1000 + 3));
      }
    }
    expect(statuses).toEqual([200, 429, 429, 200]);
  });

  it('fails writes with a transient 5xx that leaves the tenant unchanged', async () => {
    const tenant = createFakeTenant({
      faults: [{ kind: 'server-error', status: 503, match: { method: 'POST', path: '/api/v2/clients' } }],
    });
    const token = await managementToken(tenant);
    expect((await callApi(tenant, token, 'POST', '/clients', { name: 'App' })).status).toBe(503);
    expect(tenant.state.clients).toHaveLength(1);
    expect((await callApi(tenant, token, 'POST', '/clients', { name: 'App' })).status).toBe(201);
    expect(tenant.state.clients.map((client) => client.name)).toContain('App');
  });

  it('drops the connection after N requests, before or after the write lands', async () => {
    const tenant = createFakeTenant();
    const token = await managementToken(tenant);
    tenant.faults.add({
      kind: 'drop-connection',
      match: { method: 'POST', path: '/api/v2/clients' },
      after: 1,
    });
    expect((await callApi(tenant, token, 'POST', '/clients', { name: 'First' })).status).toBe(201);
    await expect(callApi(tenant, token, 'POST', '/clients', { name: 'Lost' })).rejects.toBeInstanceOf(
      ConnectionDroppedError,
    );
    tenant.faults.add({ kind: 'drop-connection', when: 'after-write', match: { method: 'POST' } });
    await expect(callApi(tenant, token, 'POST', '/clients', { name: 'Landed' })).rejects.toThrow(
      /dropped the connection/,
    );
    expect(tenant.state.clients.map((client) => client.name).slice(1)).toEqual(['First', 'Landed']);
    expect(tenant.requests.slice(-3).map((entry) => entry.status)).toEqual([201, 0, 201]);
  });
});
