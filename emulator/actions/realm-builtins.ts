import { createRequire, isBuiltin } from 'node:module';
import { guardedSockets, interceptedHttp } from './outbound.ts';
import { readOnlyFs, readOnlyFsPromises } from './realm-fs.ts';
import type { Shield } from './realm-shield.ts';

// `require` of Node's built-in modules from inside an Action's realm. Each module comes through the
// realm's shield (what the Action assigns on it stays in its realm), with the realm's own `process`
// and `console`, `http`/`https` whose requests the login's msw handlers answer, and `net`/`tls`
// that connect to this machine only (outbound.ts), and an `fs` that reads but never writes
// (realm-fs.ts).

const hostRequire = createRequire(import.meta.url);

/** The realm's own objects that stand for a built-in module. */
export interface RealmModules {
  process: unknown;
  console: unknown;
}

/** Returns the built-in module `id` as the realm sees it, or undefined when `id` is no built-in. */
export const createBuiltinRequire = (shield: Shield, own: RealmModules) => {
  const loaded = new Map<string, unknown>();
  const build = (name: string): unknown => {
    if (name === 'process') return own.process;
    if (name === 'console') return own.console;
    const module = shield(hostRequire(name) as object) as Record<string, unknown>;
    if (name === 'http' || name === 'https') Object.assign(module, interceptedHttp()[name]);
    if (name === 'net' || name === 'tls') Object.assign(module, guardedSockets[name]);
    if (name === 'fs') Object.assign(module, readOnlyFs(hostRequire('fs')));
    if (name === 'fs/promises') Object.assign(module, readOnlyFsPromises(hostRequire('fs/promises')));
    return module;
  };
  return (id: string): unknown => {
    if (!isBuiltin(id)) return undefined;
    const name = id.startsWith('node:') && isBuiltin(id.slice(5)) ? id.slice(5) : id;
    if (!loaded.has(name)) loaded.set(name, build(name));
    return loaded.get(name);
  };
};
