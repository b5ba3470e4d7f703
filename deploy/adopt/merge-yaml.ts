import {
  type Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  Scalar,
  visit,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import type { ManagedType, Resource } from '../desired-state.ts';
import { findPlaceholders } from '../placeholders.ts';
import { SETTINGS_TYPES } from './selection.ts';

// Adopted resources into tenant.yaml's text: appended to their type's list (or set, for settings and
// trigger bindings), everything already there kept as written, comments included.

export interface AdoptedEntry {
  readonly type: ManagedType;
  readonly name: string;
  /** In tenant.yaml's shape, placeholders in. */
  readonly item: Resource;
  /** With --replace: the position of the declared entry it replaces (in its list), or -1 for settings. */
  readonly replaces?: number;
  /** With --replace: the declared entry's fields (resolved) that still hold the live value: kept as written. */
  readonly unchanged?: readonly string[];
}

/** The YAML output options that keep an untouched tenant.yaml byte for byte (a test holds it). */
export const YAML_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

const nodeOf = (doc: Document, value: unknown): Node => {
  const node = doc.createNode(value) as Node;
  // A placeholder is replaced as text before the YAML is parsed: quoted, its value cannot end the
  // scalar early (a `#` starting a comment, a `: ` starting a map).
  visit(node, {
    Scalar: (_key, scalar) => {
      if (typeof scalar.value === 'string' && findPlaceholders(scalar.value).length)
        scalar.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return node;
};

/** The new map, keeping the declared pairs whose fields are unchanged (their placeholders, comments). */
const replaced = (doc: Document, old: unknown, entry: AdoptedEntry): Node => {
  const next = nodeOf(doc, entry.item);
  if (!isMap(old) || !isMap(next)) return next;
  for (const pair of next.items) {
    const field = isScalar(pair.key) ? String(pair.key.value) : undefined;
    const kept =
      field !== undefined && entry.unchanged?.includes(field)
        ? old.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === field)
        : undefined;
    if (kept) pair.value = kept.value;
  }
  next.commentBefore = old.commentBefore;
  return next;
};

/** Adds a top-level section after the others, a blank line before it, as tenant.yaml is laid out. */
const addSection = <T extends Node>(doc: Document, type: ManagedType, node: T): T => {
  if (!isMap(doc.contents)) doc.contents = new YAMLMap() as typeof doc.contents;
  const map = doc.contents as YAMLMap;
  const key = doc.createNode(type) as Scalar;
  if (map.items.length) key.spaceBefore = true;
  map.set(key, node);
  return node;
};

const sectionOf = <T extends YAMLSeq | YAMLMap>(doc: Document, type: ManagedType, make: () => T): T => {
  const found = doc.get(type, true);
  return isSeq(found) || isMap(found) ? (found as T) : addSection(doc, type, make());
};

/** tenant.yaml's text with the entries merged in. */
export const mergeIntoYaml = (text: string, entries: readonly AdoptedEntry[]): string => {
  const doc = parseDocument(text);
  for (const entry of entries) {
    if (SETTINGS_TYPES.includes(entry.type)) {
      const old = doc.get(entry.type, true);
      if (old === undefined || old === null) addSection(doc, entry.type, nodeOf(doc, entry.item));
      else doc.set(entry.type, replaced(doc, old, entry));
      continue;
    }
    if (entry.type === 'triggers') {
      const triggers = sectionOf(doc, 'triggers', () => new YAMLMap());
      triggers.set(entry.name, nodeOf(doc, entry.item.bindings));
      continue;
    }
    const list = sectionOf(doc, entry.type, () => new YAMLSeq());
    const at = entry.replaces ?? -1;
    if (at >= 0 && at < list.items.length) list.items[at] = replaced(doc, list.items[at], entry);
    else list.items.push(nodeOf(doc, entry.item));
  }
  return doc.toString(YAML_OPTIONS);
};
