import vm from 'node:vm';
import type { PostLoginEvent } from '../../core/post-login-types.ts';
import { eventFor, type LoginOutcome, type RunOptions, runPostLoginFlow } from './flow.ts';
import { createPostLoginRecord } from './record.ts';
import type { LoadedAction } from './run.ts';

/** One login of `user` through the Action, the rest of the event as given once. */
export type UserLogin = (user: PostLoginEvent['user']) => Promise<LoginOutcome>;

// Stands for the user in the event's JSON while the rest of it is compiled; no user data reaches it.
const USER_PLACEHOLDER = '\u0000user-logins:user\u0000';

/**
 * The realm function that returns a fresh event around a realm-side user: the event's JSON text,
 * compiled once as an object literal. V8 builds such literals from a template, far cheaper than
 * parsing the same JSON per login (measured: 15 µs for the default event, which dwarfed the rest of
 * the hand-over). A literal's `__proto__: x` sets the prototype where JSON.parse makes an own key, so
 * such a text, and any the placeholder cannot cut cleanly, is parsed per login instead.
 */
const compileEvent = (
  action: LoadedAction,
  handed: PostLoginEvent,
): ((userJson: string) => PostLoginEvent) => {
  const text = JSON.stringify({ ...handed, user: USER_PLACEHOLDER });
  const parts = text.split(JSON.stringify(USER_PLACEHOLDER));
  const realmJson = vm.runInContext('JSON', action.realm) as JSON;
  const [before, after] = parts;
  if (parts.length !== 2 || before === undefined || after === undefined || text.includes('"__proto__"')) {
    return (userJson) => realmJson.parse(JSON.stringify({ ...handed, user: JSON.parse(userJson) }));
  }
  const literal = vm.runInContext(`(function (user) { return ${before}user${after}; })`, action.realm, {
    filename: `${action.name}:event`,
  }) as (user: unknown) => PostLoginEvent;
  return (userJson) => literal(realmJson.parse(userJson));
};

/**
 * Many logins through one loaded Action that differ only by their user, as the audit runs a users
 * export: the very flow of `action.run` (same `api`, claim rules, limits, failures and tokens), with
 * two copies taken out. The event around the user is compiled into the Action's realm once, so each
 * login copies only its user across; and the outcome comes back without the flow's final JSON copy,
 * so the caller must only read it. test/emulator/actions/user-logins.test.ts holds it to `action.run`.
 */
export const createUserLogins = (
  action: LoadedAction,
  event: PostLoginEvent,
  options: RunOptions = {},
): UserLogin => {
  // The event the flow hands its first Action: that Action's secrets, no transaction metadata yet.
  const handed = eventFor(event, action, createPostLoginRecord());
  const build = compileEvent(action, handed);
  return (user) => {
    const userJson = JSON.stringify(user);
    return runPostLoginFlow([action], { ...event, user }, options, {
      handOver: () => build(userJson),
      uncopied: true,
    });
  };
};
