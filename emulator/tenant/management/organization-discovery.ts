import type { Management } from 'auth0';
import { Hono } from 'hono';
import type { JsonObject } from '../../../core/json.ts';
import { badRequest, conflict, json, noContent, readJsonObject } from '../http.ts';
import { randomId } from '../state.ts';
import type { TenantEnv, TenantRequestContext } from '../tenant-env.ts';
import { collectionOf } from './collection-routes.ts';
import { organizationById } from './organizations.ts';
import { findOr404, pagedList, queryOf, refuseFields, requireString, toJsonObject } from './payload.ts';
import { requireScope } from './scopes.ts';

// An organization's discovery domains (the email domains that route a login to it) and the
// applications associated with it (org-to-app access, Early Access), as deploy-cli 8.44 reads and
// writes them. Both page by checkpoint only.

const STATUSES = [
  'pending',
  'verified',
] as const satisfies readonly Management.OrganizationDiscoveryDomainStatus[];

const domainsOf = (c: TenantRequestContext) =>
  collectionOf(c.env.tenant, `discoveryDomains:${organizationById(c).id}`);
const domainById = (c: TenantRequestContext) =>
  findOr404(domainsOf(c), (item) => item.id === c.req.param('domain'), 'discovery domain');

const viewDomain = (domain: JsonObject): Management.OrganizationDiscoveryDomain =>
  structuredClone(domain) as unknown as Management.OrganizationDiscoveryDomain;

const checkDomainFields = (body: JsonObject): void => {
  if (body.status !== undefined && !(STATUSES as readonly unknown[]).includes(body.status))
    throw badRequest(`Payload validation error: status must be one of ${STATUSES.join(', ')}.`);
  if (
    body.use_for_organization_discovery !== undefined &&
    typeof body.use_for_organization_discovery !== 'boolean'
  )
    throw badRequest('Payload validation error: use_for_organization_discovery must be a boolean.');
};

const discoveryDomainRoutes = new Hono<TenantEnv>()
  .get('/organizations/:id/discovery-domains', requireScope('read:organization_discovery_domains'), (c) =>
    pagedList(domainsOf(c), queryOf(c), 'domains', viewDomain),
  )
  .post(
    '/organizations/:id/discovery-domains',
    requireScope('create:organization_discovery_domains'),
    async (c) => {
      const body = toJsonObject(await readJsonObject(c.req.raw));
      const domain = requireString(body, 'domain').toLowerCase();
      checkDomainFields(body);
      const domains = domainsOf(c);
      if (domains.some((item) => item.domain === domain))
        throw conflict(`The discovery domain ${domain} already exists for this organization`);
      const record: JsonObject = {
        id: randomId('dd_'),
        domain,
        status: (body.status as string | undefined) ?? 'pending',
        use_for_organization_discovery: (body.use_for_organization_discovery as boolean | undefined) ?? false,
        verification_txt: `auth0-domain-verification=${randomId('')}`,
        verification_host: `_auth0-challenge.${domain}`,
      };
      domains.push(record);
      return json(viewDomain(record), 201);
    },
  )
  .get(
    '/organizations/:id/discovery-domains/name/:name',
    requireScope('read:organization_discovery_domains'),
    (c) =>
      json(
        viewDomain(
          findOr404(
            domainsOf(c),
            (item) => item.domain === c.req.param('name').toLowerCase(),
            'discovery domain',
          ),
        ),
      ),
  )
  .get(
    '/organizations/:id/discovery-domains/:domain',
    requireScope('read:organization_discovery_domains'),
    (c) => json(viewDomain(domainById(c))),
  )
  .patch(
    '/organizations/:id/discovery-domains/:domain',
    requireScope('update:organization_discovery_domains'),
    async (c) => {
      const record = domainById(c);
      const body = toJsonObject(await readJsonObject(c.req.raw));
      refuseFields(body, ['id', 'domain', 'verification_txt', 'verification_host']);
      checkDomainFields(body);
      Object.assign(record, body);
      return json(viewDomain(record));
    },
  )
  .delete(
    '/organizations/:id/discovery-domains/:domain',
    requireScope('delete:organization_discovery_domains'),
    (c) => {
      const record = domainById(c);
      domainsOf(c).splice(domainsOf(c).indexOf(record), 1);
      return noContent();
    },
  );

const associationsOf = (c: TenantRequestContext) =>
  collectionOf(c.env.tenant, `organizationClients:${organizationById(c).id}`);

const viewAssociation =
  (c: TenantRequestContext) =>
  (association: JsonObject): Management.OrganizationClient => {
    const client = c.env.tenant.state.clients.find((item) => item.client_id === association.client_id);
    return {
      client_id: String(association.client_id),
      use_for_member_access: association.use_for_member_access === true,
      client: {
        ...(client?.name === undefined ? {} : { name: client.name }),
        ...(client?.app_type === undefined ? {} : { app_type: client.app_type }),
        is_first_party: client?.is_first_party !== false,
      },
    };
  };

/** `{ clients: [...] }`, the body of both the association's POST and its DELETE. */
const clientsIn = async (request: Request): Promise<unknown[]> => {
  const { clients } = await readJsonObject(request);
  if (!Array.isArray(clients) || clients.length === 0)
    throw badRequest("Payload validation error: 'clients' must be a non-empty array.");
  return clients;
};

const organizationClientRoutes = new Hono<TenantEnv>()
  .get('/organizations/:id/clients', requireScope('read:organization_clients'), (c) =>
    pagedList(associationsOf(c), queryOf(c), 'clients', viewAssociation(c)),
  )
  .post('/organizations/:id/clients', requireScope('create:organization_clients'), async (c) => {
    const associations = associationsOf(c);
    for (const entry of await clientsIn(c.req.raw)) {
      const { client_id, use_for_member_access } = (entry ?? {}) as Record<string, unknown>;
      findOr404(c.env.tenant.state.clients, (client) => client.client_id === client_id, 'client');
      if (typeof use_for_member_access !== 'boolean')
        throw badRequest('Payload validation error: use_for_member_access must be a boolean.');
      const existing = associations.find((item) => item.client_id === client_id);
      if (existing) existing.use_for_member_access = use_for_member_access;
      else associations.push({ client_id: String(client_id), use_for_member_access });
    }
    return noContent();
  })
  .delete('/organizations/:id/clients', requireScope('delete:organization_clients'), async (c) => {
    const gone = new Set((await clientsIn(c.req.raw)).map(String));
    const associations = associationsOf(c);
    for (const item of [...associations])
      if (gone.has(String(item.client_id))) associations.splice(associations.indexOf(item), 1);
    return noContent();
  })
  .get('/organizations/:id/clients/:client', requireScope('read:organization_clients'), (c) =>
    json(
      viewAssociation(c)(
        findOr404(
          associationsOf(c),
          (item) => item.client_id === c.req.param('client'),
          'organization client',
        ),
      ),
    ),
  )
  .patch('/organizations/:id/clients/:client', requireScope('update:organization_clients'), async (c) => {
    const association = findOr404(
      associationsOf(c),
      (item) => item.client_id === c.req.param('client'),
      'organization client',
    );
    const { use_for_member_access } = await readJsonObject(c.req.raw);
    if (typeof use_for_member_access !== 'boolean')
      throw badRequest('Payload validation error: use_for_member_access must be a boolean.');
    association.use_for_member_access = use_for_member_access;
    return json(viewAssociation(c)(association));
  });

export const organizationDiscoveryRoutes = new Hono<TenantEnv>()
  .route('/', discoveryDomainRoutes)
  .route('/', organizationClientRoutes);
