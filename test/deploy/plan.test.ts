import type { Management } from 'auth0';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DesiredTenant, Resource } from '../../deploy/desired-state.ts';
import { formatPlanJson, formatPlanText } from '../../deploy/format-plan.ts';
import { planDeploy } from '../../deploy/plan.ts';
import { type PreflightResult, preflight } from '../../deploy/preflight.ts';
import type { CurrentTenant } from '../../deploy/read-tenant.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';

const DOMAIN = 'local-tenant.auth0.test';
const DEPLOY_CLIENT = { client_id: 'deploy-client-id', name: 'Deploy (auth0-deploy-cli)' };

/** What the Management API answers for a tenant that holds `desired` exactly (plus the deploy client). */
const tenantHolding = (desired: DesiredTenant): CurrentTenant => {
  const clients: Resource[] = [
    DEPLOY_CLIENT,
    ...(desired.clients ?? []).map((client, index) => ({ ...client, client_id: `id-${index}` })),
  ];
  const idOf = (name: unknown) => clients.find((client) => client.name === name)?.client_id as string;
  return {
    tenant: { ...desired.tenant, sandbox_version: '22' },
    actions: (desired.actions ?? []).map((action) => ({
      id: `act-${action.name}`,
      name: action.name,
      code: action.code,
      runtime: action.runtime,
      // tenant.yaml's shapes, which are the API's (the YAML is validated against deploy-cli's schema).
      dependencies: action.dependencies as Management.ActionVersionDependency[],
      supported_triggers: action.supported_triggers as Management.ActionTrigger[],
      secrets: action.secrets.map((secret) => ({ name: secret.name, updated_at: '2026-01-01T00:00:00Z' })),
      all_changes_deployed: true,
    })),
    triggers: desired.triggers ?? {},
    resourceServers: [
      { name: 'Auth0 Management API', identifier: `https://${DOMAIN}/api/v2/`, is_system: true },
      ...(desired.resourceServers ?? []).map((server) => ({ ...server, id: 'rs-1' })),
    ],
    clients,
    clientGrants: [
      {
        id: 'cgr-deploy',
        client_id: DEPLOY_CLIENT.client_id,
        audience: `https://${DOMAIN}/api/v2/`,
        scope: ['read:clients'],
      },
      ...(desired.clientGrants ?? []).map((grant, index) => ({
        ...grant,
        id: `cgr-${index}`,
        client_id: idOf(grant.client_id),
      })),
    ],
    // Connections come back with their enabled clients by name (read-tenant resolves the ids).
    databases: (desired.databases ?? []).map((database, index) => ({ ...database, id: `con-${index}` })),
  };
};

let checked: PreflightResult;
beforeAll(async () => {
  checked = await preflight({
    env: 'local',
    target: { domain: DOMAIN },
    secretSource: {},
    tenantDir: CLAIMS_APP.dir,
  });
});
const plan = (current: CurrentTenant) =>
  planDeploy(checked.desired, current, { domain: DOMAIN, deployClientId: DEPLOY_CLIENT.client_id });

// On the claims-app fixture (test/fixtures/claims-app), never on the team's tenant/.
describe('plan', () => {
  it('is empty when the tenant holds tenant.yaml, and ignores fields the YAML does not declare', () => {
    expect(plan(tenantHolding(checked.desired)).changes).toEqual([]);
  });

  it('creates everything on an empty tenant', () => {
    const result = plan({
      tenant: {},
      actions: [],
      triggers: {},
      resourceServers: [],
      clients: [DEPLOY_CLIENT],
      clientGrants: [],
    });
    expect(result.changes.map((change) => `${change.kind} ${change.type} ${change.name}`)).toEqual([
      'update tenant settings',
      'create actions post-login-claims',
      'update triggers post-login',
      'create resourceServers https://api.local.claims-app.test/preferences',
      'create clients Preferences SPA',
      'create clients Preferences API (Management API access)',
      `create clientGrants Preferences API (Management API access) -> https://${DOMAIN}/api/v2/`,
      'create databases Username-Password-Authentication',
    ]);
    const text = formatPlanText('local', DOMAIN, result);
    expect(text).toContain('6 to create, 2 to change, 0 to delete');
    expect(text).toContain('bindings: (none)  =>  post-login-claims');
  });

  it('shows changed fields before -> after, Action code as a diff, and secrets by name only', () => {
    const current = tenantHolding(checked.desired);
    const spa = current.clients?.find((client) => client.name === 'Preferences SPA') as Resource;
    (spa as Record<string, unknown>).callbacks = ['http://localhost:4000/callback'];
    const action = current.actions?.[0] as Record<string, unknown>;
    action.code = String(action.code).replace(/API_AUDIENCE=[0-9a-f]+/, 'API_AUDIENCE=0000000000000000');
    const result = plan(current);
    expect(result.changes.map((change) => `${change.kind} ${change.type} ${change.name}`)).toEqual([
      'update actions post-login-claims',
      'update clients Preferences SPA',
    ]);
    const text = formatPlanText('local', DOMAIN, result);
    expect(text).toContain(
      'callbacks: ["http://localhost:4000/callback"] -> ["http://localhost:5173/callback"]',
    );
    expect(text).toContain('secret API_AUDIENCE: changed');
    expect(text).toMatch(
      /-\/\/# secrets-digest: API_AUDIENCE=0000000000000000\n\s+\+\/\/# secrets-digest: API_AUDIENCE=[0-9a-f]{16}/,
    );
    const json = JSON.parse(formatPlanJson('local', DOMAIN, result));
    expect(json.summary).toEqual({ create: 0, update: 2, delete: 0 });
    expect(json.changes[0].secrets).toEqual([{ name: 'API_AUDIENCE', change: 'changed' }]);
    expect(json.changes[0].codeDiff).toContain('+//# secrets-digest');
  });

  it('leaves alone what tenant.yaml does not declare, summarised in one line as unmanaged', () => {
    const current = tenantHolding(checked.desired);
    const withExtras: CurrentTenant = {
      ...current,
      clients: [...(current.clients ?? []), { client_id: 'legacy', name: 'Legacy app' }],
      actions: [...(current.actions ?? []), { id: 'a2', name: 'old-rule-port', code: '' }],
    };
    const result = plan(withExtras);
    expect(result.changes).toEqual([]);
    // The deploy client counts too: it is not tenant.yaml's.
    expect(result.unmanaged).toEqual({ actions: 1, clients: 2 });
    expect(formatPlanText('local', DOMAIN, result)).toContain(
      'unmanaged (3): 1 actions, 2 clients; not in tenant.yaml, left alone',
    );
  });

  it('deletes only what the deletion list names, never the deploy client or its grant', () => {
    const current = tenantHolding(checked.desired);
    const withExtras: CurrentTenant = {
      ...current,
      clients: [...(current.clients ?? []), { client_id: 'legacy', name: 'Legacy app' }],
      actions: [...(current.actions ?? []), { id: 'a2', name: 'old-rule-port', code: '' }],
    };
    const deletions = {
      actions: ['old-rule-port'],
      clients: ['Legacy app', DEPLOY_CLIENT.name],
      clientGrants: [`${DEPLOY_CLIENT.client_id} -> https://${DOMAIN}/api/v2/`],
    };
    const result = planDeploy({ ...checked.desired, deletions }, withExtras, {
      domain: DOMAIN,
      deployClientId: DEPLOY_CLIENT.client_id,
    });
    expect(result.changes.map((change) => `${change.kind} ${change.type} ${change.name}`)).toEqual([
      'delete actions old-rule-port',
      'delete clients Legacy app',
    ]);
    expect(result.changes.map((change) => change.target)).toEqual([
      '/actions/actions/a2?force=true',
      '/clients/legacy',
    ]);
    expect(formatPlanText('local', DOMAIN, result)).toContain('0 to create, 0 to change, 2 to delete');
  });

  it('redeploys an Action whose latest code is saved but not deployed (a deploy cut short)', () => {
    const current = tenantHolding(checked.desired);
    (current.actions?.[0] as Record<string, unknown>).all_changes_deployed = false;
    const [change] = plan(current).changes;
    expect(change).toMatchObject({ type: 'actions', kind: 'update', undeployed: true });
  });

  it('leaves the clients the environment marks unmanaged, and their grants, whichever client plans', () => {
    // prod is planned with a read-only client and deployed with the deploy client: each plan must
    // leave both alone, or the reviewers' plan deletes the deploy client and the deploy refuses.
    const reader = { client_id: 'read-client-id', name: 'Plan (read-only)' };
    const current = tenantHolding(checked.desired);
    const withReader: CurrentTenant = {
      ...current,
      clients: [...(current.clients ?? []), reader],
      clientGrants: [
        ...(current.clientGrants ?? []),
        {
          id: 'cgr-read',
          client_id: reader.client_id,
          audience: `https://${DOMAIN}/api/v2/`,
          scope: ['read:clients'],
        },
      ],
    };
    const unmanagedClients = [DEPLOY_CLIENT.name, reader.name];
    for (const planningClient of [DEPLOY_CLIENT.client_id, reader.client_id]) {
      expect(
        planDeploy(checked.desired, withReader, {
          domain: DOMAIN,
          deployClientId: planningClient,
          unmanagedClients,
        }).changes,
      ).toEqual([]);
    }
  });
});
