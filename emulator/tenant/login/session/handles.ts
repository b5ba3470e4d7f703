import { randomBytes } from 'node:crypto';

/** Milliseconds since the epoch; tests pass their own to move time without waiting. */
export type Clock = () => number;

/** An unguessable handle: codes, refresh tokens, session ids. 32 random bytes, base64url. */
export const randomHandle = (): string => randomBytes(32).toString('base64url');

/** A shorter public identifier, for ids that show up in tokens and logs. */
export const publicId = (): string => randomBytes(16).toString('base64url');
