import { availableParallelism } from 'node:os';
import { realmFetch } from './outbound.ts';
import { createRealmProcess, type OutputSink } from './realm-process.ts';
import type { Shield } from './realm-shield.ts';
import { RealmWebSocket } from './realm-websocket.ts';
import { currentRun, type RealmErrors } from './run-scope.ts';

export { currentRun, type RealmErrors, type RunScope } from './run-scope.ts';

/**
 * "A maximum of 256 characters may be persistently stored for console.log() outputs for each
 * Action" (Actions Limitations): per Action and per execution, not per line. The runtime keeps the
 * first 256 characters of what each Action writes in one login (the line break that ends each
 * console call not counted) and notes
 * how many more were dropped.
 */
export const MAX_LOG_CHARS_PER_ACTION = 256;

/**
 * Node 22's globals (https://nodejs.org/docs/latest-v22.x/api/globals.html) that the toolkit's Node
 * lends the realm as they are, through the realm's shield. `process`, `console`, `fetch`,
 * `navigator`, `WebSocket` and `global` are the realm's own (below, realm-websocket.ts and vm.ts).
 * Those behind a flag in Node 22 (`EventSource`,
 * `localStorage`, `sessionStorage`, `Storage`) are absent there and here.
 */
const LENT = [
  'AbortController',
  'AbortSignal',
  'atob',
  'Blob',
  'BroadcastChannel',
  'btoa',
  'Buffer',
  'ByteLengthQueuingStrategy',
  'clearImmediate',
  'clearInterval',
  'clearTimeout',
  'CompressionStream',
  'CountQueuingStrategy',
  'crypto',
  'Crypto',
  'CryptoKey',
  'CustomEvent',
  'DecompressionStream',
  'DOMException',
  'Event',
  'EventTarget',
  'File',
  'FormData',
  'Headers',
  'MessageChannel',
  'MessageEvent',
  'MessagePort',
  'performance',
  'PerformanceEntry',
  'PerformanceMark',
  'PerformanceMeasure',
  'PerformanceObserver',
  'PerformanceObserverEntryList',
  'PerformanceResourceTiming',
  'queueMicrotask',
  'ReadableByteStreamController',
  'ReadableStream',
  'ReadableStreamBYOBReader',
  'ReadableStreamBYOBRequest',
  'ReadableStreamDefaultController',
  'ReadableStreamDefaultReader',
  'Request',
  'Response',
  'setImmediate',
  'setInterval',
  'setTimeout',
  'structuredClone',
  'SubtleCrypto',
  'TextDecoder',
  'TextDecoderStream',
  'TextEncoder',
  'TextEncoderStream',
  'TransformStream',
  'TransformStreamDefaultController',
  'URL',
  'URLSearchParams',
  'WritableStream',
  'WritableStreamDefaultController',
  'WritableStreamDefaultWriter',
] as const;

/**
 * `navigator` as Node 22 defines it (added in Node 21, so absent from this Node 20): the same four
 * read-only facts, from this process.
 */
const createNavigator = () => {
  class Navigator {
    get hardwareConcurrency() {
      return availableParallelism();
    }
    get language() {
      return new Intl.Collator().resolvedOptions().locale || 'en-US';
    }
    get languages() {
      return [this.language];
    }
    get platform() {
      const arch = process.arch === 'x64' ? 'x86_64' : process.arch;
      if (process.platform === 'darwin') return 'MacIntel';
      if (process.platform === 'win32') return 'Win32';
      return `${process.platform[0]?.toUpperCase()}${process.platform.slice(1)} ${arch}`;
    }
    get userAgent() {
      return `Node.js/${process.versions.node.split('.')[0]}`;
    }
  }
  Object.defineProperty(Navigator.prototype, Symbol.toStringTag, { value: 'Navigator' });
  return { Navigator, navigator: new Navigator() };
};

/**
 * Where the realm's standard output goes: the running login's logs, within the Action's 256
 * characters, or the load logs while the module code runs.
 */
const logSink = (loadLogs: string[], loadLogged: { kept: number; dropped: number }): OutputSink => {
  return (text) => {
    const run = currentRun.getStore();
    const logs = run?.logs ?? loadLogs;
    if (run && !run.logged) run.logged = { kept: 0, dropped: 0 };
    const logged = run?.logged ?? loadLogged;
    const line = text.endsWith('\n') ? text.slice(0, -1) : text;
    const room = MAX_LOG_CHARS_PER_ACTION - logged.kept;
    if (room <= 0) {
      logged.dropped += line.length;
      return;
    }
    const kept = line.length > room ? line.slice(0, room) : line;
    logs.push(kept);
    logged.kept += kept.length;
    logged.dropped += line.length - kept.length;
  };
};

/** The note a login's logs get when an Action wrote more than Auth0 keeps. */
export const droppedLogNote = (name: string, dropped: number): string =>
  `[local Actions runtime] ${name} wrote ${dropped} more characters of console output than the ${MAX_LOG_CHARS_PER_ACTION} Auth0 stores per Action and execution (Actions Limitations); they are not kept`;

/** The globals an Action's context gets: Node's, with process, console and fetch its own. */
export const sandboxGlobals = (
  name: string,
  loadLogs: string[],
  shield: Shield,
  errors: () => RealmErrors,
) => {
  const loadLogged = { kept: 0, dropped: 0 };
  const realm = createRealmProcess(name, logSink(loadLogs, loadLogged), shield, errors);
  const globals: Record<string, unknown> = {};
  const host = globalThis as unknown as Record<string, unknown>;
  for (const key of LENT) if (host[key] !== undefined) globals[key] = shield(host[key]);
  const { Navigator, navigator } = createNavigator();
  return {
    ...globals,
    Navigator,
    navigator,
    process: realm.process,
    console: realm.console,
    fetch: realmFetch(errors),
    WebSocket: shield(RealmWebSocket),
  };
};
