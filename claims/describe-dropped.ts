import type { DroppedValue } from './shape-claims.ts';

const MAX_LOG_CHARS = 240;
const MAX_PATH_CHARS = 60;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this replaces
const EVERY_UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g;

/** Key names come from the user's metadata: keep them printable and on one line. */
const printable = (name: string): string =>
  // Nearly every name is clean: one test is cheaper than a replace.
  UNPRINTABLE.test(name) ? name.replace(EVERY_UNPRINTABLE, '?') : name;

/** The dropped value's path, printable and short. */
const printablePath = ({ source, key, field }: DroppedValue): string => {
  let path: string = source;
  if (key !== undefined) path += `.${printable(key)}`;
  if (field !== undefined) path += `.${printable(field)}`;
  return path.length > MAX_PATH_CHARS ? `${path.slice(0, MAX_PATH_CHARS - 1)}…` : path;
};

/**
 * One short log line naming what was dropped and why, never the values (they are personal data).
 * Auth0 keeps 256 characters of a `console.log`, so the list is cut with a count of what is left.
 */
export const describeDropped = (dropped: readonly DroppedValue[]): string => {
  let line = `claims: dropped ${dropped.length}:`;
  for (let index = 0; index < dropped.length; index++) {
    const item = dropped[index] as DroppedValue;
    const part = ` ${printablePath(item)} (${item.reason})`;
    const rest = dropped.length - index - 1;
    // ` +N more`, counted without writing it
    const suffix = rest > 0 ? 7 + (rest < 10 ? 1 : rest < 100 ? 2 : String(rest).length) : 0;
    if (line.length + part.length + suffix > MAX_LOG_CHARS) return `${line} +${dropped.length - index} more`;
    line += part;
  }
  return line;
};
