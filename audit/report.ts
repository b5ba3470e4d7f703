import { type ContractSpec, isGroupSpec } from '../claims/index.ts';
import { type SizeSummary, summarize } from './histogram.ts';
import type { DiffSample, FieldDropReason, Sample, Tally } from './tally.ts';

// The audit's findings as one JSON document (`--json`), built from the merged tally: paths, counts and
// sample user ids; metadata values appear only in diffs, and only with --show-values.

export interface FieldReport {
  readonly path: string;
  readonly present: number;
  readonly emitted: number;
  readonly dropped: Partial<Record<FieldDropReason, number>>;
}

export interface AuditReport {
  readonly users: number;
  readonly lines: number;
  readonly seconds: number;
  readonly usersPerSecond: number;
  readonly malformed: { readonly count: number; readonly lines: number[] };
  /** Every key and field the contract declares, in contract order (a group's row counts the group key). */
  readonly fields: FieldReport[];
  /** Undeclared metadata paths by how many users carry them, most first. */
  readonly undeclared: Array<{
    readonly path: string;
    readonly seen: number;
    readonly legacyEmitted: number;
  }>;
  readonly undeclaredOverflow: { readonly paths: number; readonly seen: number };
  readonly sizes: {
    readonly idToken: { readonly action: SizeSummary; readonly legacy: SizeSummary };
    readonly accessToken: { readonly action: SizeSummary; readonly legacy: SizeSummary };
  };
  readonly limits: Array<{ readonly limit: string; readonly near: Sample; readonly over: Sample }>;
  readonly failures: Tally['failures'];
  readonly against?: {
    readonly ref: string;
    readonly compared: number;
    readonly differ: Sample;
    readonly diffs: DiffSample[];
  };
}

/** Declared paths in contract order: each group key, then its fields; each plain key. */
export const declaredPaths = (contract: ContractSpec): string[] =>
  Object.values(contract.claims).flatMap((claim) =>
    Object.entries(claim.keys).flatMap(([key, spec]) =>
      isGroupSpec(spec)
        ? [
            `${claim.source}.${key}`,
            ...Object.keys(spec.fields).map((field) => `${claim.source}.${key}.${field}`),
          ]
        : [`${claim.source}.${key}`],
    ),
  );

export const buildReport = (
  tally: Tally,
  contract: ContractSpec,
  seconds: number,
  againstRef?: string,
): AuditReport => ({
  users: tally.users,
  lines: tally.lines,
  seconds: Math.round(seconds * 100) / 100,
  usersPerSecond: seconds > 0 ? Math.round(tally.users / seconds) : 0,
  malformed: tally.malformed,
  fields: declaredPaths(contract).map((path) => ({
    path,
    present: tally.fields[path]?.present ?? 0,
    emitted: tally.fields[path]?.emitted ?? 0,
    dropped: tally.fields[path]?.dropped ?? {},
  })),
  undeclared: Object.entries(tally.undeclared)
    .map(([path, entry]) => ({ path, ...entry }))
    .sort((a, b) => b.seen - a.seen || a.path.localeCompare(b.path)),
  undeclaredOverflow: tally.undeclaredOverflow,
  sizes: {
    idToken: { action: summarize(tally.sizes.action.id), legacy: summarize(tally.sizes.legacy.id) },
    accessToken: {
      action: summarize(tally.sizes.action.access),
      legacy: summarize(tally.sizes.legacy.access),
    },
  },
  limits: Object.entries(tally.limits)
    .map(([limit, entry]) => ({ limit, ...entry }))
    .sort((a, b) => a.limit.localeCompare(b.limit)),
  failures: tally.failures,
  ...(tally.against && againstRef !== undefined ? { against: { ref: againstRef, ...tally.against } } : {}),
});
