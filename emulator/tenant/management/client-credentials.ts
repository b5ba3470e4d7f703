import type { Management } from 'auth0';
import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import { ApiError, badRequest, json, noContent, readJsonObject } from '../http.ts';
import { randomId } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { collectionOf } from './collection-routes.ts';
import { findOr404, requireString } from './payload.ts';
import { requireScope } from './scopes.ts';

// `/clients/{id}/credentials`: the public keys and certificates a client authenticates with
// (Private Key JWT, mTLS). Auth0 keeps the PEM and never returns it; at most two per client, so a key
// can be rotated; one still named in the client's client_authentication_methods cannot be deleted.

const MAX_CREDENTIALS = 2;
const TYPES = [
  'public_key',
  'cert_subject_dn',
  'x509_cert',
] as const satisfies readonly Management.ClientCredentialTypeEnum[];

const credentialsOf = (c: TenantRequestContext): JsonObject[] => {
  const clientId = c.req.param('id');
  const client = c.env.tenant.state.clients.find((candidate) => candidate.client_id === clientId);
  if (!client) throw new ApiError(404, 'inexistent_client', 'Client not found');
  return collectionOf(c.env.tenant, `clientCredentials:${clientId}`);
};

const view = ({ pem: _pem, ...credential }: JsonObject): JsonObject => credential;

const referenced = (c: TenantRequestContext, credentialId: string): boolean => {
  const client = c.env.tenant.state.clients.find((candidate) => candidate.client_id === c.req.param('id'));
  return JSON.stringify(client?.client_authentication_methods ?? null).includes(`"${credentialId}"`);
};

export const clientCredentialRoutes = new Hono<TenantEnv>()
  .get('/clients/:id/credentials', requireScope('read:client_credentials'), (c) =>
    json(credentialsOf(c).map(view)),
  )
  .post('/clients/:id/credentials', requireScope('create:client_credentials'), async (c) => {
    const credentials = credentialsOf(c);
    const body = await readJsonObject(c.req.raw);
    const type = requireString(body, 'credential_type');
    if (!(TYPES as readonly string[]).includes(type)) {
      throw badRequest(`Payload validation error: 'Invalid value ${type}' on property credential_type.`);
    }
    if (type !== 'cert_subject_dn') requireString(body, 'pem');
    if (credentials.length >= MAX_CREDENTIALS) {
      throw badRequest(`A client may have at most ${MAX_CREDENTIALS} credentials.`);
    }
    const now = c.env.tenant.nowIso();
    const credential: JsonObject = {
      id: randomId('cred_'),
      name: typeof body.name === 'string' ? body.name : '',
      credential_type: type,
      kid: randomId('', 16),
      alg: typeof body.alg === 'string' ? body.alg : 'RS256',
      created_at: now,
      updated_at: now,
      ...(typeof body.pem === 'string' ? { pem: body.pem } : {}),
    };
    credentials.push(credential);
    return json(view(credential), 201);
  })
  .delete('/clients/:id/credentials/:credentialId', requireScope('delete:client_credentials'), (c) => {
    const credentials = credentialsOf(c);
    const credentialId = c.req.param('credentialId');
    const credential = findOr404(credentials, (item) => item.id === credentialId, 'credential');
    if (referenced(c, credentialId)) {
      throw badRequest(
        'The credential is in use by client_authentication_methods; remove it from there first.',
      );
    }
    credentials.splice(credentials.indexOf(credential), 1);
    return noContent();
  });
