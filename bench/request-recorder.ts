import type { SetupServer } from 'msw/node';
import type { FakeTenant } from '../emulator/tenant/fake-tenant.ts';

/** One request as sent: method, path with query, and the parsed body (if any). */
export interface SentRequest {
  readonly method: string;
  readonly path: string;
  body?: unknown;
}

export interface RequestRecorder {
  readonly requests: readonly SentRequest[];
  /** Waits for the bodies still being read. */
  settled(): Promise<void>;
  stop(): void;
}

/** Records every request msw intercepts, in the order they were sent, bodies included. */
export const recordRequests = (server: SetupServer): RequestRecorder => {
  const requests: SentRequest[] = [];
  const reading: Promise<void>[] = [];
  const listener = ({ request }: { request: Request }) => {
    const url = new URL(request.url);
    const entry: SentRequest = { method: request.method, path: `${url.pathname}${url.search}` };
    requests.push(entry);
    reading.push(
      request
        .clone()
        .text()
        .then((text) => {
          if (!text) return;
          try {
            entry.body = JSON.parse(text);
          } catch {
            entry.body = Object.fromEntries(new URLSearchParams(text));
          }
        }),
    );
  };
  server.events.on('request:start', listener);
  return {
    requests,
    settled: async () => {
      await Promise.all(reading);
    },
    stop: () => server.events.removeListener('request:start', listener),
  };
};

/** Every generated identifier and credential in a tenant: what differs between two fresh tenants. */
export const generatedIds = (tenant: FakeTenant): string[] => {
  const { state } = tenant;
  return [
    ...state.clients.flatMap((client) => [client.client_id, client.client_secret]),
    ...state.resourceServers.map((server) => server.id),
    ...state.clientGrants.map((grant) => grant.id),
    ...state.actions.flatMap((action) => [action.id, ...action.versions.map((version) => version.id)]),
    ...Object.values(state.triggerBindings).flatMap((bindings) => bindings.map((binding) => binding.id)),
    ...state.connections.map((connection) => connection.id),
    ...state.features.roles.map((role) => role.id),
  ].filter((id) => id.length >= 8);
};

/**
 * The sequence with generated ids replaced by `<id1>`, `<id2>`... in order of first use, so the
 * requests two fresh tenants received compare equal exactly when they are the same requests.
 */
export const normalizeSequence = (requests: readonly SentRequest[], ids: readonly string[]): string[] => {
  const names = new Map<string, string>();
  const longestFirst = [...new Set(ids)].sort((a, b) => b.length - a.length);
  return requests.map((request) => {
    let line = `${request.method} ${request.path} ${request.body === undefined ? '' : JSON.stringify(request.body)}`;
    const found = longestFirst
      .map((id) => ({ id, at: line.indexOf(id) }))
      .filter((hit) => hit.at >= 0)
      .sort((a, b) => a.at - b.at);
    for (const { id } of found) {
      if (!names.has(id)) names.set(id, `<id${names.size + 1}>`);
      line = line.split(id).join(names.get(id) as string);
    }
    return line.trimEnd();
  });
};
