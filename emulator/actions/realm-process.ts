import { Console } from 'node:console';
import { EventEmitter } from 'node:events';
import { Readable, Writable } from 'node:stream';
import type { Shield } from './realm-shield.ts';
import type { RealmErrors } from './run-scope.ts';

// The Action's `process` and `console`: Node's, as a program run by Node sees them, with what the
// toolkit's own process must keep to itself kept out. Reads fall through to the toolkit's process
// (versions, platform, hrtime, memoryUsage, cwd, nextTick...); `env` is empty, as Auth0 shows an
// Action none of its own environment (an Action reads its configuration from `event.secrets`);
// stdout and stderr (fd 1 and 2, as packages such as `debug` expect) write into the login's logs,
// as Auth0 keeps console output in the Action's execution logs; `console` is a Node `Console` on
// those streams, so `console.table`, `console.dir`, `console.time` format as Node does. What would
// stop or change the toolkit's process (`exit`, `kill`, `chdir`, `setuid`, native addons) throws.

/** Would end or change the toolkit's process, and every login it serves with it. */
const REFUSED = [
  'abort',
  'chdir',
  'dlopen',
  'binding',
  'exit',
  'kill',
  'reallyExit',
  'initgroups',
  'setegid',
  'seteuid',
  'setgid',
  'setgroups',
  'setuid',
  'setUncaughtExceptionCaptureCallback',
  'setSourceMapsEnabled',
];

/** Where one realm's standard output goes: the running login's logs (see vm-globals.ts). */
export type OutputSink = (text: string, stream: 'stdout' | 'stderr') => void;

const outputStream = (fd: 1 | 2, sink: OutputSink): Writable => {
  const name = fd === 1 ? 'stdout' : 'stderr';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: unknown, _encoding, done) {
      sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'), name);
      done();
    },
  });
  Object.assign(stream, { fd, _isStdio: true });
  return stream;
};

export interface RealmProcess {
  process: NodeJS.Process;
  console: Console;
}

export const createRealmProcess = (
  name: string,
  sink: OutputSink,
  shield: Shield,
  errors: () => RealmErrors,
): RealmProcess => {
  const host = process;
  const realm = Object.create(Object.getPrototypeOf(host)) as NodeJS.Process;
  // Listeners an Action adds ('exit', 'warning', 'uncaughtException') stay on its own emitter.
  EventEmitter.call(realm);
  for (const key of Object.getOwnPropertyNames(host)) {
    if (key.startsWith('_') || Object.hasOwn(realm, key)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(host, key);
    if (!descriptor) continue;
    if ('value' in descriptor) {
      Object.defineProperty(realm, key, {
        value: shield(descriptor.value),
        writable: true,
        enumerable: descriptor.enumerable ?? true,
        configurable: true,
      });
      continue;
    }
    // An accessor (exitCode, title, debugPort...): read Node's until the Action sets its own.
    let own: { value: unknown } | undefined;
    Object.defineProperty(realm, key, {
      get: () => (own ? own.value : shield(Reflect.get(host, key, host))),
      set: (value: unknown) => {
        own = { value };
      },
      enumerable: descriptor.enumerable ?? true,
      configurable: true,
    });
  }
  for (const method of REFUSED) {
    Object.defineProperty(realm, method, {
      value: () => {
        throw new (errors().Error)(
          `process.${method}() is not available to the Action ${name} in the local Actions runtime: it would stop or change the process every login runs in; end the Action by returning from its handler or with api.access.deny()`,
        );
      },
      writable: true,
      configurable: true,
    });
  }
  const stdout = outputStream(1, sink);
  const stderr = outputStream(2, sink);
  const stdin = Object.assign(Readable.from([]), { fd: 0 });
  const emitWarning = (warning: string | Error, type?: unknown) => {
    const error =
      typeof warning === 'string'
        ? Object.assign(new Error(warning), { name: typeof type === 'string' ? type : 'Warning' })
        : warning;
    if (realm.listenerCount('warning') > 0) realm.emit('warning', error);
    else stderr.write(`(node:${host.pid}) ${error.name}: ${error.message}\n`);
  };
  Object.defineProperties(realm, {
    // axios and others tell Node from a browser by `Object.prototype.toString.call(process)`.
    [Symbol.toStringTag]: { value: 'process', writable: false, enumerable: false, configurable: true },
    env: { value: {}, writable: true, enumerable: true, configurable: true },
    argv: {
      value: [host.argv[0] ?? 'node', `/${name}.js`],
      writable: true,
      enumerable: true,
      configurable: true,
    },
    execArgv: { value: [], writable: true, enumerable: true, configurable: true },
    stdout: { value: stdout, writable: true, enumerable: true, configurable: true },
    stderr: { value: stderr, writable: true, enumerable: true, configurable: true },
    stdin: { value: stdin, writable: true, enumerable: true, configurable: true },
    emitWarning: { value: emitWarning, writable: true, enumerable: true, configurable: true },
    mainModule: { value: undefined, writable: true, enumerable: false, configurable: true },
  });
  // Never coloured: Auth0's execution logs are plain text, and with colour left to Node a host that
  // sets FORCE_COLOR put escape codes in them; asking at every call was also a share of each log.
  const realmConsole = new Console({ stdout, stderr, colorMode: false });
  return { process: realm, console: realmConsole };
};
