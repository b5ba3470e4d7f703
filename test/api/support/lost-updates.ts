import type { Leaves } from './tenant-writes.ts';

// Tells from the tenant's saved states and the API's answers whether any acknowledged change was
// lost. Every PATCH sets one field to a value no other PATCH sends, so a value is a change's name.

export interface Acknowledged {
  /** The PATCH body: `{"preferences":{"language":"en-x-w3"}}` or `{"display_name":"Writer 2"}`. */
  readonly body: Record<string, unknown>;
  /** The API's 200 answer: the editable values as saved by the write that carried the change. */
  readonly saved: Record<string, unknown>;
}

const EDITABLE = ['preferences.language', 'preferences.timezone', 'preferences.theme', 'display_name'];

const leafValue = (record: Record<string, unknown>, leaf: string): unknown => {
  const [key = '', field] = leaf.split('.');
  const value = record[key];
  return field === undefined ? value : (value as Record<string, unknown> | undefined)?.[field];
};

const changeOf = (body: Record<string, unknown>): [string, unknown] => {
  const [leaf] = EDITABLE.filter((name) => leafValue(body, name) !== undefined);
  return [leaf ?? '?', leafValue(body, leaf ?? '')];
};

const view = (read: (leaf: string) => unknown): string =>
  JSON.stringify(EDITABLE.map((leaf) => read(leaf) ?? null));

/**
 * What was lost, as sentences (empty when nothing was):
 * - a field never goes back to a value it had before: a write from a stale read would bring it back
 *   (values in `retried` may: a request retried after its instance died may have been saved twice);
 * - each acknowledged change's answer is a state the tenant held, showing its value or the value of a
 *   change answered with the same state (one write carried both, in order).
 */
export const lostUpdates = (
  states: readonly Leaves[],
  acknowledged: readonly Acknowledged[],
  retried: ReadonlySet<string> = new Set(),
): string[] => {
  const problems: string[] = [];
  const [first] = states;
  for (const leaf of Object.keys(first ?? {})) {
    const earlier = new Set<string>();
    let current = JSON.stringify(first?.[leaf] ?? null);
    states.forEach((state, index) => {
      const next = JSON.stringify(state[leaf] ?? null);
      if (next === current) return;
      earlier.add(current);
      if (earlier.has(next) && !retried.has(next))
        problems.push(`write ${index}: ${leaf} went back to ${next}`);
      current = next;
    });
  }
  const held = new Set(states.map((state) => view((leaf) => state[leaf])));
  const byAnswer = new Map<string, Acknowledged[]>();
  for (const ack of acknowledged) {
    const key = view((leaf) => leafValue(ack.saved, leaf));
    byAnswer.set(key, [...(byAnswer.get(key) ?? []), ack]);
  }
  for (const [answer, group] of byAnswer) {
    if (!held.has(answer)) problems.push(`answer ${answer} is no state the tenant held`);
    for (const ack of group) {
      const [leaf] = changeOf(ack.body);
      const shown = JSON.stringify(leafValue(ack.saved, leaf));
      const sameWrite = group.map((other) => changeOf(other.body)).filter(([name]) => name === leaf);
      if (!sameWrite.some(([, value]) => JSON.stringify(value) === shown)) {
        problems.push(`${JSON.stringify(ack.body)} was answered with ${leaf} = ${shown}`);
      }
    }
  }
  return problems;
};
