import { constants } from 'node:fs';
import { constants as osConstants } from 'node:os';

// The filesystem as an Action's realm sees it: readable, never writable. An Action on Auth0 keeps
// nothing on disk between runs (module state and `api.cache` are what it has), and here the disk is
// the developer's own checkout, so a write from a vendor module or a template must not land on it.
// Every call that would create, change or remove a file fails as Node fails on a read-only mount
// (`EROFS`), in the calling style of the function (throw, callback, rejected promise), naming the
// path; reads go to Node's own `fs`.

const WRITES = [
  'appendFile',
  'chmod',
  'chown',
  'copyFile',
  'cp',
  'fchmod',
  'fchown',
  'fdatasync',
  'fsync',
  'ftruncate',
  'futimes',
  'lchmod',
  'lchown',
  'link',
  'lutimes',
  'mkdir',
  'mkdtemp',
  'rename',
  'rm',
  'rmdir',
  'symlink',
  'truncate',
  'unlink',
  'utimes',
  'write',
  'writeFile',
  'writev',
] as const;

/** Open flags that write: `O_WRONLY`, `O_RDWR`, or a string flag naming w, a or +. */
const writesWith = (flags: unknown): boolean => {
  if (typeof flags === 'number') return (flags & (constants.O_WRONLY | constants.O_RDWR)) !== 0;
  return typeof flags === 'string' && /[wa+]/.test(flags);
};

const readOnlyError = (syscall: string, path: unknown): NodeJS.ErrnoException => {
  const where = typeof path === 'string' || path instanceof URL ? ` '${String(path)}'` : '';
  const error: NodeJS.ErrnoException = new Error(
    `EROFS: read-only file system, ${syscall}${where} (the local Actions runtime refuses writes to disk: keep state in module scope or api.cache)`,
  );
  error.code = 'EROFS';
  error.errno = -osConstants.errno.EROFS;
  error.syscall = syscall;
  if (where) error.path = String(path);
  return error;
};

type Fn = (...args: unknown[]) => unknown;

const refuseSync = (name: string) => (path: unknown) => {
  throw readOnlyError(name, path);
};
const refuseCallback =
  (name: string) =>
  (path: unknown, ...rest: unknown[]) => {
    const callback = rest.findLast((arg) => typeof arg === 'function') as Fn | undefined;
    const error = readOnlyError(name, path);
    if (!callback) throw error;
    process.nextTick(() => callback(error));
  };
const refusePromise = (name: string) => (path: unknown) => Promise.reject(readOnlyError(name, path));

/** The overrides of `fs` that make it read-only: assign them onto the realm's own `fs` module. */
export const readOnlyFs = (fs: typeof import('node:fs')): Record<string, unknown> => {
  const overrides: Record<string, unknown> = {};
  for (const name of WRITES) {
    overrides[name] = refuseCallback(name);
    overrides[`${name}Sync`] = refuseSync(name);
  }
  overrides.createWriteStream = refuseSync('open');
  overrides.open = (path: unknown, flags: unknown, ...rest: unknown[]) =>
    writesWith(flags)
      ? refuseCallback('open')(path, ...rest)
      : Reflect.apply(fs.open, fs, [path, flags, ...rest]);
  overrides.openSync = (path: unknown, flags: unknown, ...rest: unknown[]) =>
    writesWith(flags) ? refuseSync('open')(path) : Reflect.apply(fs.openSync, fs, [path, flags, ...rest]);
  overrides.promises = readOnlyFsPromises(fs.promises);
  return overrides;
};

/** The overrides of `fs/promises` (and `fs.promises`) that make it read-only. */
export const readOnlyFsPromises = (promises: typeof import('node:fs/promises')): Record<string, unknown> => {
  const overrides: Record<string, unknown> = { ...promises };
  for (const name of WRITES) if (name in promises) overrides[name] = refusePromise(name);
  overrides.open = (path: unknown, flags: unknown, ...rest: unknown[]) =>
    writesWith(flags)
      ? refusePromise('open')(path)
      : Reflect.apply(promises.open, promises, [path, flags, ...rest]);
  return overrides;
};
