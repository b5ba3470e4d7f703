import { describe, expect, it } from 'vitest';
import { deployTenant } from '../../deploy/deploy-tenant.ts';
import type { DeployError } from '../../deploy/errors.ts';
import { DEPLOY_SCOPES } from '../../deploy/management-scopes.ts';
import { CLAIMS_APP } from '../fixtures/fixture-tenants.ts';
import { inProcessTenant } from './in-process-tenant.ts';

const { tenant, connection } = inProcessTenant('local-tenant.auth0.test');

describe('deploy refusals', () => {
  it('a deploy client lacking a write scope: one import, then the scope, the client and Auth0 body', async () => {
    const grant = tenant.state.clientGrants.find((candidate) => candidate.client_id === connection.clientId);
    if (!grant) throw new Error('the fake tenant seeds a grant for its deploy client');
    grant.scope = DEPLOY_SCOPES.filter((scope) => scope !== 'create:clients');
    const log: string[] = [];
    const error = (await deployTenant({
      env: 'local',
      connection,
      tenantDir: CLAIMS_APP.dir,
      build: false,
      quietImport: true,
      log: (line) => log.push(line),
    }).catch((caught: unknown) => caught)) as DeployError;
    expect(error.code).toBe('E_MISSING_SCOPE');
    expect(error.message).toContain(
      `needs scope create:clients, which client ${connection.clientId} is not granted`,
    );
    expect(error.message).toMatch(
      /"message": "Insufficient scope, expected any of: create:clients", "errorCode": "insufficient_scope" }/,
    );
    expect(log.filter((line) => line.startsWith('import:'))).toHaveLength(1);
  }, 60_000);
});
