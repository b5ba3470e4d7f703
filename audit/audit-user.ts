import type { ContractSpec } from '../claims/index.ts';
import type { PostLoginEvent } from '../core/post-login-types.ts';
import {
  claimBytes,
  createUserLogins,
  type LoadedAction,
  type LoginOutcome,
  type MintedToken,
} from '../emulator/actions/index.ts';
import { auditClaim } from './claim-accounting.ts';
import type { LegacyClaims, LegacyRuleRunner } from './legacy-rule.ts';
import { recordFailures, recordLegacy, recordTokens } from './outcome-counts.ts';
import { diffPayloads } from './payload-diff.ts';
import { addToSample, limitEntry, SAMPLE_SIZE, type Tally } from './tally.ts';

/** A claim at or above this share of its budget is "near" it; values dropped over budget are "over". */
export const NEAR_BUDGET = 0.9;
/** The clock of every audited login: tokens differ only by what the builds do, never by time. */
const AUDIT_NOW = Date.UTC(2026, 0, 15, 9, 30);

/** Audits one export line's user; `line` is its 1-based line number in the export. */
export type UserAuditor = (user: Record<string, unknown>, line: number) => Promise<void>;

export interface UserAuditOptions {
  readonly contract: ContractSpec;
  readonly action: LoadedAction;
  /** The other build, for `--against`. */
  readonly against?: LoadedAction;
  readonly legacy?: LegacyRuleRunner;
  /** The login every user is audited through: its `user` is replaced by the exported one. */
  readonly event: PostLoginEvent;
  readonly showValues: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What the counts read of the exported user, taken before anything runs that could change it. */
interface Exported {
  readonly id: string;
  readonly user_metadata: Record<string, unknown>;
  readonly app_metadata: Record<string, unknown>;
}

const exportedOf = (user: Record<string, unknown>, line: number): Exported => ({
  id: typeof user.user_id === 'string' ? user.user_id : `line ${line}`,
  user_metadata: isRecord(user.user_metadata) ? user.user_metadata : {},
  app_metadata: isRecord(user.app_metadata) ? user.app_metadata : {},
});

const own = (record: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(record, key) ? record[key] : undefined;

/** A claim's size as the budget counts it: the login measured it already when it set it. */
const emittedBytes = (token: MintedToken | undefined, name: string, value: unknown): number =>
  (token && Object.hasOwn(token.claimBytes, name) ? token.claimBytes[name] : undefined) ??
  claimBytes(name, value);
/** A claim of the contract, with what auditing it needs that no user changes, worked out once. */
interface AuditedClaim {
  readonly name: string;
  readonly spec: ContractSpec['claims'][string];
  /** The label of its budget in the report's limits. */
  readonly budget: string;
}

/**
 * What one exported user's next login would do with the built Action: run through the emulator as
 * a login to our API (both tokens), beside the legacy Rule and, with `against`, the other build.
 * Everything lands in `tally` as counts and paths; values only with `showValues`. The counting is
 * a plain function after the logins: an async function's state is copied out at each `await`.
 */
export const createUserAuditor = (tally: Tally, options: UserAuditOptions): UserAuditor => {
  const { contract, action, against, legacy, event, showValues } = options;
  const claims: AuditedClaim[] = Object.entries(contract.claims).map(([key, spec]) => {
    const name = `${contract.namespace}${key}`;
    return { name, spec, budget: `claim ${name}: its ${spec.maxBytes} B budget` };
  });
  const runOptions = { now: () => AUDIT_NOW };
  const login = createUserLogins(action, event, runOptions);
  const loginAgainst = against ? createUserLogins(against, event, runOptions) : undefined;

  const count = (
    line: number,
    outcome: LoginOutcome,
    other: LoginOutcome | undefined,
    legacyClaims: LegacyClaims | undefined,
    { id, user_metadata, app_metadata }: Exported,
  ) => {
    tally.users++;

    recordFailures(tally, id, outcome, showValues);
    recordTokens(tally, id, outcome);
    const idToken = outcome.idToken;
    const accessToken = outcome.accessToken;
    if (legacyClaims) recordLegacy(tally, id, legacyClaims);

    for (const { name, spec, budget } of claims) {
      const token = spec.token === 'id_token' ? idToken : accessToken;
      const emitted = token ? ((own(token.payload, name) ?? {}) as Record<string, unknown>) : undefined;
      const legacyToken = spec.token === 'id_token' ? legacyClaims?.idToken : legacyClaims?.accessToken;
      const legacyValue = legacyToken && own(legacyToken, name);
      const metadata = spec.source === 'user_metadata' ? user_metadata : app_metadata;
      const ctx = {
        tally,
        name,
        spec,
        emitted,
        legacy: isRecord(legacyValue) ? legacyValue : undefined,
      };
      const overBudget = auditClaim(ctx, metadata);
      if (overBudget) addToSample(limitEntry(tally, budget).over, id);
      else if (emitted && emittedBytes(token, name, emitted) >= spec.maxBytes * NEAR_BUDGET)
        addToSample(limitEntry(tally, budget).near, id);
    }

    if (against && other && tally.against) {
      tally.against.compared++;
      const diffs = diffPayloads(outcome, other, showValues);
      if (diffs.length > 0) {
        addToSample(tally.against.differ, id);
        if (tally.against.diffs.length < SAMPLE_SIZE) tally.against.diffs.push({ user: id, line, diffs });
      }
    }
  };

  // The legacy Rule sees the audit's own user as the Rules pipeline had it, metadata objects always
  // there and the same ones the counts read; it runs after the logins, whose users are copies, and
  // the counts took what they read of it before, so it is handed over as it is when it has both.
  const runLegacy = (user: Record<string, unknown>, exported: Exported) =>
    legacy?.(
      user.user_metadata === exported.user_metadata && user.app_metadata === exported.app_metadata
        ? user
        : { ...user, user_metadata: exported.user_metadata, app_metadata: exported.app_metadata },
    );

  if (loginAgainst) {
    return async (user, line) => {
      const exported = exportedOf(user, line);
      const outcome = await login(user);
      const other = await loginAgainst(user);
      count(line, outcome, other, await runLegacy(user, exported), exported);
    };
  }
  // Chained rather than awaited: an await makes a promise of its own, for every user.
  return (user, line) => {
    const exported = exportedOf(user, line);
    return login(user).then((outcome) => {
      const legacyClaims = runLegacy(user, exported);
      if (legacyClaims instanceof Promise) {
        return legacyClaims.then((claims) => count(line, outcome, undefined, claims, exported));
      }
      count(line, outcome, undefined, legacyClaims, exported);
    });
  };
};
