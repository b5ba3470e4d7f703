import { createHistogram, type Histogram, mergeHistogram } from './histogram.ts';

// What the workers count, as plain data a worker can post to the main thread and the main thread can
// merge. Every part is bounded whatever the export's size: counters, fixed histograms, and lists cut
// at a cap (the rest only counted), so memory stays flat over millions of users.

/** How many distinct undeclared paths are counted one by one; the rest are summed together. */
export const MAX_UNDECLARED_PATHS = 2_000;
/** How many user ids, line numbers, messages or diffs each list keeps as a sample. */
export const SAMPLE_SIZE = 10;
export const MAX_MALFORMED_LINES = 100;
const MAX_MESSAGES = 50;

/** Why a present value is not in the token; `nothing_kept`: a group none of whose fields was kept. */
export type FieldDropReason = 'invalid' | 'not_an_object' | 'nothing_kept' | 'over_budget' | 'login_failed';

export interface FieldTally {
  present: number;
  emitted: number;
  dropped: Partial<Record<FieldDropReason, number>>;
}

export interface UndeclaredTally {
  seen: number;
  /** Users whose legacy Rule tokens carried this path: what the Action now withholds. */
  legacyEmitted: number;
}

export interface Sample {
  count: number;
  /** Up to SAMPLE_SIZE user ids. */
  users: string[];
}

export interface ClaimDiff {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  /** Only with --show-values. */
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface DiffSample {
  readonly user: string;
  readonly line: number;
  readonly diffs: ClaimDiff[];
}

export interface Tally {
  users: number;
  lines: number;
  malformed: { count: number; lines: number[] };
  /** By `<source>.<key>[.<field>]` of every declared leaf (and group key). */
  fields: Record<string, FieldTally>;
  undeclared: Record<string, UndeclaredTally>;
  /** Users and paths beyond MAX_UNDECLARED_PATHS distinct paths. */
  undeclaredOverflow: { paths: number; seen: number };
  sizes: { action: { id: Histogram; access: Histogram }; legacy: { id: Histogram; access: Histogram } };
  /** Keyed by what is near or over which limit (`claim <name> budget`, `ID token 100 KB`...). */
  limits: Record<string, { near: Sample; over: Sample }>;
  failures: {
    failed: Sample;
    denied: Sample;
    caught: Sample;
    legacyFailed: Sample;
    messages: Record<string, number>;
  };
  against?: { compared: number; differ: Sample; diffs: DiffSample[] };
}

export const createSample = (): Sample => ({ count: 0, users: [] });

export const createTally = (withAgainst: boolean): Tally => ({
  users: 0,
  lines: 0,
  malformed: { count: 0, lines: [] },
  fields: {},
  undeclared: {},
  undeclaredOverflow: { paths: 0, seen: 0 },
  sizes: {
    action: { id: createHistogram(), access: createHistogram() },
    legacy: { id: createHistogram(), access: createHistogram() },
  },
  limits: {},
  failures: {
    failed: createSample(),
    denied: createSample(),
    caught: createSample(),
    legacyFailed: createSample(),
    messages: {},
  },
  ...(withAgainst ? { against: { compared: 0, differ: createSample(), diffs: [] } } : {}),
});

export const addToSample = (sample: Sample, user: string): void => {
  sample.count++;
  if (sample.users.length < SAMPLE_SIZE) sample.users.push(user);
};

export const countMessage = (tally: Tally, message: string, times = 1): void => {
  const { messages } = tally.failures;
  if (message in messages || Object.keys(messages).length < MAX_MESSAGES)
    messages[message] = (messages[message] ?? 0) + times;
};

export const limitEntry = (tally: Tally, limit: string) => {
  let entry = tally.limits[limit];
  if (!entry) {
    entry = { near: createSample(), over: createSample() };
    tally.limits[limit] = entry;
  }
  return entry;
};

export const fieldEntry = (tally: Tally, path: string): FieldTally => {
  let entry = tally.fields[path];
  if (!entry) {
    entry = { present: 0, emitted: 0, dropped: {} };
    tally.fields[path] = entry;
  }
  return entry;
};

export const countUndeclared = (tally: Tally, path: string, legacyEmitted: boolean): void => {
  let entry = tally.undeclared[path];
  if (!entry) {
    if (Object.keys(tally.undeclared).length >= MAX_UNDECLARED_PATHS) {
      tally.undeclaredOverflow.seen++;
      return;
    }
    entry = { seen: 0, legacyEmitted: 0 };
    tally.undeclared[path] = entry;
  }
  entry.seen++;
  if (legacyEmitted) entry.legacyEmitted++;
};

const mergeSample = (into: Sample, from: Sample): void => {
  into.count += from.count;
  for (const user of from.users) if (into.users.length < SAMPLE_SIZE) into.users.push(user);
};

/** Adds one worker's tally into another: the result is what one worker would have counted alone. */
export const mergeTally = (into: Tally, from: Tally): Tally => {
  into.users += from.users;
  into.lines += from.lines;
  into.malformed.count += from.malformed.count;
  into.malformed.lines = [...into.malformed.lines, ...from.malformed.lines]
    .sort((a, b) => a - b)
    .slice(0, MAX_MALFORMED_LINES);
  for (const [path, field] of Object.entries(from.fields)) {
    const entry = fieldEntry(into, path);
    entry.present += field.present;
    entry.emitted += field.emitted;
    for (const [reason, count] of Object.entries(field.dropped) as [FieldDropReason, number][])
      entry.dropped[reason] = (entry.dropped[reason] ?? 0) + count;
  }
  for (const [path, entry] of Object.entries(from.undeclared)) {
    const known = into.undeclared[path];
    if (known) {
      known.seen += entry.seen;
      known.legacyEmitted += entry.legacyEmitted;
    } else if (Object.keys(into.undeclared).length < MAX_UNDECLARED_PATHS)
      into.undeclared[path] = { ...entry };
    else {
      into.undeclaredOverflow.paths++;
      into.undeclaredOverflow.seen += entry.seen;
    }
  }
  into.undeclaredOverflow.paths += from.undeclaredOverflow.paths;
  into.undeclaredOverflow.seen += from.undeclaredOverflow.seen;
  mergeHistogram(into.sizes.action.id, from.sizes.action.id);
  mergeHistogram(into.sizes.action.access, from.sizes.action.access);
  mergeHistogram(into.sizes.legacy.id, from.sizes.legacy.id);
  mergeHistogram(into.sizes.legacy.access, from.sizes.legacy.access);
  for (const [limit, entry] of Object.entries(from.limits)) {
    const known = limitEntry(into, limit);
    mergeSample(known.near, entry.near);
    mergeSample(known.over, entry.over);
  }
  for (const kind of ['failed', 'denied', 'caught', 'legacyFailed'] as const)
    mergeSample(into.failures[kind], from.failures[kind]);
  for (const [message, count] of Object.entries(from.failures.messages)) countMessage(into, message, count);
  if (into.against && from.against) {
    into.against.compared += from.against.compared;
    mergeSample(into.against.differ, from.against.differ);
    into.against.diffs = [...into.against.diffs, ...from.against.diffs].slice(0, SAMPLE_SIZE);
  }
  return into;
};
