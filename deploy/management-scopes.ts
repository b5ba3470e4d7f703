import type { ManagedType } from './desired-state.ts';

/**
 * The Management API scopes each kind of client needs for the types tenant.yaml manages, measured by
 * running plan and deploy against the local tenant (which checks each route's scope as Auth0's
 * Management API v2 reference lists it, https://auth0.com/docs/api/management/v2) and held by
 * test/deploy/management-scopes.test.ts. A read-only planning client needs only the reads.
 */
const RESOURCE_SCOPES: Record<ManagedType, { read: string; write: readonly string[] }> = {
  tenant: { read: 'read:tenant_settings', write: ['update:tenant_settings'] },
  // Deploying an Action version is `create:actions`; binding it to a trigger is `update:actions`.
  actions: { read: 'read:actions', write: ['create:actions', 'update:actions', 'delete:actions'] },
  triggers: { read: 'read:actions', write: ['update:actions'] },
  resourceServers: {
    read: 'read:resource_servers',
    write: ['create:resource_servers', 'update:resource_servers', 'delete:resource_servers'],
  },
  clients: { read: 'read:clients', write: ['create:clients', 'update:clients', 'delete:clients'] },
  clientGrants: {
    read: 'read:client_grants',
    write: ['create:client_grants', 'update:client_grants', 'delete:client_grants'],
  },
};

const unique = (scopes: readonly string[]): string[] => [...new Set(scopes)].sort();

/** `npm run plan` (and CI's read-only `prod-read` client). */
export const PLAN_SCOPES: readonly string[] = unique(
  Object.values(RESOURCE_SCOPES).map((entry) => entry.read),
);

/** `npm run deploy` (delete scopes only matter with --allow-delete). */
export const DEPLOY_SCOPES: readonly string[] = unique(
  Object.values(RESOURCE_SCOPES).flatMap((entry) => [entry.read, ...entry.write]),
);
