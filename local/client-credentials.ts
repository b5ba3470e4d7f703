import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { LOCAL_STATE_DIR } from '../core/paths.ts';
import type { LocalTenant } from '../emulator/tenant/local-tenant.ts';
import type { ClientRecord } from '../emulator/tenant/state.ts';
import { writeApiEnvFile } from './api-env-file.ts';

/** Git-ignored, beside `start-api.env`: one owner-only file per confidential app of the local tenant. */
export const LOCAL_CLIENTS_DIR = path.join(LOCAL_STATE_DIR, 'clients');

export interface WrittenClient {
  readonly name: string;
  readonly clientId: string;
  /** The secret's first characters only: the whole secret stays in the file. */
  readonly secretHint: string;
  readonly file: string;
}

/** Apps that hold a secret (regular web apps, machine-to-machine): not SPAs or native apps. */
const isConfidential = (client: ClientRecord): boolean =>
  client.token_endpoint_auth_method !== 'none' &&
  typeof client.client_secret === 'string' &&
  client.client_secret !== '' &&
  !['spa', 'native'].includes(String(client.app_type));

const fileName = (name: string): string =>
  `${
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'app'
  }.env`;

/**
 * Writes the local credentials of every confidential app tenant.yaml deployed to the local tenant
 * (every client but the deploy's own) under the names express-openid-connect reads from the
 * environment (`ISSUER_BASE_URL`, `CLIENT_ID`, `CLIENT_SECRET`), so a team runs its own app against
 * `npm start` with `set -a; . <file>; set +a` (with `--https`, NODE_EXTRA_CA_CERTS too). Files from an
 * earlier start are replaced.
 */
export const writeClientCredentials = async (
  tenant: LocalTenant,
  issuerBaseUrl: string,
  dir = LOCAL_CLIENTS_DIR,
  caFile?: string,
): Promise<WrittenClient[]> => {
  await removeClientCredentials(dir);
  const written: WrittenClient[] = [];
  const taken = new Set<string>();
  for (const client of tenant.state.clients) {
    if (client.client_id === tenant.deployClient.client_id || !isConfidential(client)) continue;
    let file = path.join(dir, fileName(client.name));
    if (taken.has(file)) file = path.join(dir, fileName(`${client.name}-${client.client_id}`));
    taken.add(file);
    await writeApiEnvFile(file, {
      ISSUER_BASE_URL: issuerBaseUrl,
      CLIENT_ID: client.client_id,
      CLIENT_SECRET: client.client_secret ?? '',
      // `npm start -- --https`: Node started from this file trusts the tenant's certificate.
      ...(caFile ? { NODE_EXTRA_CA_CERTS: caFile } : {}),
    });
    written.push({
      name: client.name,
      clientId: client.client_id,
      secretHint: `${(client.client_secret ?? '').slice(0, 4)}…`,
      file,
    });
  }
  return written;
};

/** Only the `.env` files this module writes; the folder may hold nothing else of value but is left. */
export const removeClientCredentials = async (dir = LOCAL_CLIENTS_DIR): Promise<void> => {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.filter((name) => name.endsWith('.env')).map((name) => rm(path.join(dir, name), { force: true })),
  );
};

/** What `npm start` prints: where each app's credentials are, never the secret itself. */
export const formatClientCredentials = (written: readonly WrittenClient[]): string[] =>
  written.length === 0
    ? ['apps     tenant.yaml declares no confidential app (regular web or machine-to-machine)']
    : [
        'apps     local credentials of the confidential apps tenant.yaml declares (owner-only files; load with set -a; . <file>; set +a):',
        ...written.map(
          (client) =>
            `  ${client.name}: client id ${client.clientId}, secret ${client.secretHint} in ${path.relative(process.cwd(), client.file) || client.file}`,
        ),
      ];
