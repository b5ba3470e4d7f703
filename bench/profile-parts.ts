import type { Profiler } from 'node:inspector';

// Where a V8 CPU profile of the local tenant's thread went, by part of a login: each sample goes to
// the part of the innermost frame on its stack that a rule below names (a sample in Node's socket
// write called from the HTTP adapter is HTTP; one in JSON.parse called from the Action is the Action).
// Samples are counted, not weighted by the time between them: on a loaded machine a thread that
// waits for a core is charged to wherever it resumes, which counting mostly leaves out.

export const PARTS = [
  'HTTP (node:http, the hono adapter, web Request/Response)',
  'routing (hono)',
  'state (sessions, codes, refresh tokens, users)',
  'event building',
  'the vm (runInContext and its watchdog)',
  'the Action (the bundle)',
  'Actions runtime (api, flow, token payloads)',
  'login endpoints (params, clients, redirects)',
  'JSON',
  'signing',
  'async context (promise hooks)',
  'garbage collection',
  'other',
] as const;
export type Part = (typeof PARTS)[number];

type Frame = Profiler.ProfileNode['callFrame'];

const RULES: readonly [Part, (frame: Frame, file: string) => boolean][] = [
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  [
    'signing',
    (f, file) =>
      /login\/grants\/(signing-keys|token-response)/.test(file) || f.functionName === 'signOneShot',
  ],
  [
    'the vm (runInContext and its watchdog)',
    (f, file) => f.functionName === 'runInContext' || file.endsWith('emulator/actions/vm.ts'),
  ],
  [
    'the Action (the bundle)',
    (_f, file) => file.endsWith('.js') && !file.includes('node_modules') && !file.startsWith('node:'),
  ],
  [
    'event building',
    (_f, file) => /login\/post-login\/(event|post-login-input)|emulator\/actions\/event/.test(file),
  ],
  [
    'Actions runtime (api, flow, token payloads)',
    (_f, file) => /emulator\/actions\//.test(file) || /login\/post-login\//.test(file),
  ],
  [
    'state (sessions, codes, refresh tokens, users)',
    (_f, file) =>
      /login\/session\/|grants\/(authorization-codes|refresh-tokens)|tenant\/(state|seed-users|metadata-merge|organization)/.test(
        file,
      ),
  ],
  ['login endpoints (params, clients, redirects)', (_f, file) => /emulator\/tenant\/login\//.test(file)],
  [
    'routing (hono)',
    (_f, file) => /node_modules\/hono\//.test(file) || /emulator\/tenant\/(app|http)\.ts/.test(file),
  ],
  [
    'HTTP (node:http, the hono adapter, web Request/Response)',
    (_f, file) =>
      /@hono\/node-server|emulator\/tenant\/transport|^node:(_http|net|internal\/(http|streams|stream_base|webstreams|deps\/undici|url))/.test(
        file,
      ),
  ],
  [
    'async context (promise hooks)',
    (_f, file) => file === 'node:internal/async_hooks' || file === 'node:async_hooks',
  ],
  ['JSON', (f, file) => file === '' && (f.functionName === 'parse' || f.functionName === 'stringify')],
];

const fileOf = (frame: Frame): string => frame.url.replace(/^file:\/\//, '').replace(`${process.cwd()}/`, '');

/** Busy samples by part (idle ones left out), and how many there were. */
export const samplesByPart = (profile: Profiler.Profile): { counts: Map<Part, number>; busy: number } => {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const partOfNode = new Map<number, Part | undefined>();
  const partOf = (id: number): Part | undefined => {
    if (partOfNode.has(id)) return partOfNode.get(id);
    let part: Part | undefined = 'other';
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (!frame) break;
      if (frame.functionName === '(idle)') {
        part = undefined;
        break;
      }
      const file = fileOf(frame);
      const rule = RULES.find(([, test]) => test(frame, file));
      if (rule) {
        part = rule[0];
        break;
      }
    }
    partOfNode.set(id, part);
    return part;
  };
  const counts = new Map<Part, number>(PARTS.map((part) => [part, 0]));
  let busy = 0;
  for (const id of profile.samples ?? []) {
    const part = partOf(id);
    if (part === undefined) continue;
    busy++;
    counts.set(part, (counts.get(part) ?? 0) + 1);
  }
  return { counts, busy };
};
