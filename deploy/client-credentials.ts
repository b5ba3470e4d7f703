import type { Management } from 'auth0';
import type { Resource } from './desired-state.ts';
import type { ManagementApi } from './management-api.ts';

// A client's client_authentication_methods (Private Key JWT, mTLS), as deploy-cli's YAML has them:
// `{ private_key_jwt: { credentials: [{ name, pem, credential_type }] } }`. deploy-cli's
// clientAuthCredentials handler writes them (creating the credentials, then naming their ids on the
// client); Auth0 answers ids on the client and never a PEM. Plan compares credential names per method.

type Methods = Readonly<Record<string, { readonly credentials?: readonly Resource[] }>>;

/** Entries with a PEM are what deploy-cli writes; an export's entries (no PEM) it leaves as they are. */
const written = (methods: unknown): Methods | undefined => {
  if (!methods || typeof methods !== 'object') return undefined;
  const entries = Object.entries(methods as Methods).filter(([, method]) =>
    (method?.credentials ?? []).some((credential) => typeof credential.pem === 'string'),
  );
  return entries.length ? Object.fromEntries(entries) : undefined;
};

/** The clients whose credentials plan must read: those declaring credentials deploy-cli writes. */
export const clientsWithCredentials = (declared: readonly Resource[] = []): string[] =>
  declared
    .filter((client) => written(client.client_authentication_methods))
    .map((client) => String(client.name));

export const readClientCredentials = async (
  api: ManagementApi,
  names: readonly string[],
  clients: readonly Management.Client[],
): Promise<Record<string, Management.ClientCredential[]>> => {
  const found = clients.filter((client) => names.includes(String(client.name)));
  const entries = await Promise.all(
    found.map(
      async (client) =>
        [
          String(client.name),
          await api.get(`/clients/${encodeURIComponent(String(client.client_id))}/credentials`),
        ] as const,
    ),
  );
  return Object.fromEntries(entries);
};

const byName = (credentials: readonly Resource[]) =>
  credentials.map((credential) => String(credential.name)).sort();

/** tenant.yaml's methods as plan compares them: credential names per method, the PEMs left out. */
export const declaredAuthMethods = (client: Resource): Resource => {
  const methods = written(client.client_authentication_methods);
  const { client_authentication_methods: _all, ...rest } = client;
  if (!methods) return rest;
  return {
    ...rest,
    client_authentication_methods: Object.fromEntries(
      Object.entries(methods).map(([method, { credentials = [] }]) => [
        method,
        { credentials: byName(credentials.filter((credential) => typeof credential.pem === 'string')) },
      ]),
    ),
  };
};

/** The tenant's methods in the same form: the ids the client names, resolved to credential names. */
export const currentAuthMethods = (
  client: Resource,
  credentials: readonly Management.ClientCredential[] | undefined,
): Resource => {
  const methods = client.client_authentication_methods as Methods | null | undefined;
  if (!credentials || !methods) return client;
  const nameOf = (id: unknown) => credentials.find((credential) => credential.id === id)?.name ?? String(id);
  return {
    ...client,
    client_authentication_methods: Object.fromEntries(
      Object.entries(methods).map(([method, { credentials: ids = [] }]) => [
        method,
        { credentials: ids.map((entry) => nameOf(entry.id)).sort() },
      ]),
    ),
  };
};
