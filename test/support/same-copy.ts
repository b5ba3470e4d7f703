import { isDeepStrictEqual } from 'node:util';

/**
 * Whether a copy equals what it should: the same values and prototypes, keys in the same order (as
 * JSON writes them), and the same property descriptors. The JSON copiers' properties hold to it.
 */
export const sameCopy = (actual: unknown, expected: unknown): boolean =>
  isDeepStrictEqual(actual, expected) &&
  JSON.stringify(actual) === JSON.stringify(expected) &&
  (typeof actual !== 'object' ||
    actual === null ||
    isDeepStrictEqual(Object.getOwnPropertyDescriptors(actual), Object.getOwnPropertyDescriptors(expected)));
