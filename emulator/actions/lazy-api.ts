/** The parts of `api` an Action rarely touches, built on first read. */
export type LazyPart =
  | 'access'
  | 'user'
  | 'multifactor'
  | 'redirect'
  | 'cache'
  | 'samlResponse'
  | 'validation'
  | 'rules'
  | 'prompt'
  | 'refreshToken'
  | 'session'
  | 'transaction'
  | 'groups'
  | 'roles'
  | 'authentication';

/**
 * What every `api` object is: its rarely used parts are getters on this prototype, shared by every
 * login, and a part once read becomes the object's own read-only property. Defining twelve accessors
 * (and their closures) on each login's object cost 4-8% of an audited login, measured with
 * `--cpu-prof` on the audit bench.
 */
export class PostLoginApiObject {
  readonly #build: (part: LazyPart) => unknown;

  constructor(build: (part: LazyPart) => unknown) {
    this.#build = build;
  }

  #part(part: LazyPart): unknown {
    const value = this.#build(part);
    Object.defineProperty(this, part, { value, enumerable: true, writable: false, configurable: false });
    return value;
  }

  get access() {
    return this.#part('access');
  }
  get user() {
    return this.#part('user');
  }
  get multifactor() {
    return this.#part('multifactor');
  }
  get redirect() {
    return this.#part('redirect');
  }
  get cache() {
    return this.#part('cache');
  }
  get samlResponse() {
    return this.#part('samlResponse');
  }
  get validation() {
    return this.#part('validation');
  }
  get rules() {
    return this.#part('rules');
  }
  get prompt() {
    return this.#part('prompt');
  }
  get refreshToken() {
    return this.#part('refreshToken');
  }
  get session() {
    return this.#part('session');
  }
  get transaction() {
    return this.#part('transaction');
  }
  get groups() {
    return this.#part('groups');
  }
  get roles() {
    return this.#part('roles');
  }
  get authentication() {
    return this.#part('authentication');
  }
}
