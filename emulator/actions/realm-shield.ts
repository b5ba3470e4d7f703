// How an Action's realm gets Node's own objects (Buffer, URL, crypto, timers, built-in modules...)
// without being able to change them for the toolkit that shares the process: each object reaches
// the realm through a proxy that keeps what the Action writes (a static, a replaced method, a deleted
// property) in an overlay of that realm alone. Reads fall through to Node's object, so behaviour,
// identity of instances and `instanceof` stay Node's. Node's `vm` documentation says a context is
// not a security mechanism: prototypes of Node's classes (`Buffer.prototype`) are shared, as are
// the objects Node's functions return. The proxy refuses what it cannot keep local (freezing or
// re-prototyping Node's object, redefining a non-configurable property) with a TypeError.

type Key = string | symbol;

/** A property Node's object holds non-configurable: the proxy must report it as it is. */
const fixedOn = (target: object, key: Key): PropertyDescriptor | undefined => {
  const own = Reflect.getOwnPropertyDescriptor(target, key);
  return own && !own.configurable ? own : undefined;
};

/**
 * One realm's view of Node's objects: `shield(value)` gives the same proxy for the same object, so
 * `require('crypto') === require('node:crypto')` and `globalThis.URL === require('url').URL` hold.
 */
export const createShield = () => {
  const made = new WeakMap<object, object>();

  const shield = <T>(value: T): T => {
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
    const target = value as object;
    const known = made.get(target);
    if (known) return known as T;
    const overlay = new Map<Key, PropertyDescriptor>();
    const removed = new Set<Key>();
    // Methods of an instance (crypto, performance, a module namespace) check `this`: called
    // through the proxy they get Node's object, as they would when called on it.
    const methods = new Map<Key, { from: unknown; as: unknown }>();
    const callable = typeof target === 'function';
    const proxy: object = new Proxy(target, {
      get(on, key) {
        const own = overlay.get(key);
        if (own) return own.get ? own.get.call(proxy) : own.value;
        if (removed.has(key)) return undefined;
        const found: unknown = Reflect.get(on, key, on);
        if (callable || typeof found !== 'function') return found;
        const fixed = fixedOn(on, key);
        if (fixed && !fixed.writable) return found;
        const cached = methods.get(key);
        if (cached?.from === found) return cached.as;
        // A proxy, not a bound copy: the function keeps its own properties (util.inspect.custom).
        const bound = new Proxy(found as (...args: unknown[]) => unknown, {
          apply: (method, self, args) =>
            Reflect.apply(method, self === proxy || self === undefined ? on : self, args),
        });
        methods.set(key, { from: found, as: bound });
        return bound;
      },
      set(on, key, next) {
        if (fixedOn(on, key)) return false;
        overlay.set(key, { value: next, writable: true, enumerable: true, configurable: true });
        removed.delete(key);
        return true;
      },
      defineProperty(on, key, descriptor) {
        if (fixedOn(on, key) || descriptor.configurable === false) return false;
        const previous = overlay.get(key) ?? Reflect.getOwnPropertyDescriptor(on, key);
        overlay.set(key, { ...previous, ...descriptor, configurable: true });
        removed.delete(key);
        return true;
      },
      deleteProperty(on, key) {
        if (fixedOn(on, key)) return false;
        overlay.delete(key);
        removed.add(key);
        return true;
      },
      has(on, key) {
        return overlay.has(key) || (!removed.has(key) && Reflect.has(on, key));
      },
      getOwnPropertyDescriptor(on, key) {
        const own = overlay.get(key);
        if (own) return own;
        return removed.has(key) ? undefined : Reflect.getOwnPropertyDescriptor(on, key);
      },
      ownKeys(on) {
        const keys = Reflect.ownKeys(on).filter((key) => !removed.has(key));
        for (const key of overlay.keys()) if (!keys.includes(key)) keys.push(key);
        return keys;
      },
      preventExtensions: () => false,
      setPrototypeOf: () => false,
    });
    made.set(target, proxy);
    return proxy as T;
  };
  return shield;
};

export type Shield = ReturnType<typeof createShield>;
