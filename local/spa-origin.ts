import { LocalError } from './errors.ts';

/** Where `npm start` serves the sample app: an origin the local SPA client lists, on loopback. */
export interface SpaOrigin {
  /** `http://localhost:5173`. */
  readonly origin: string;
  readonly host: 'localhost' | '127.0.0.1';
  readonly port: number;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const LOOPBACK = new Set(['localhost', '127.0.0.1']);

const asLoopback = (origin: string): SpaOrigin | undefined => {
  if (!URL.canParse(origin)) return undefined;
  const url = new URL(origin);
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname) || url.port === '') return undefined;
  return { origin: url.origin, host: url.hostname as SpaOrigin['host'], port: Number(url.port) };
};

/**
 * The origins the mapping lets the sample app use: listed in SPA_ORIGINS, with `<origin>/callback` in
 * SPA_CALLBACKS and `<origin>/` in SPA_LOGOUT_URLS (the app logs in and out there), plain http on
 * localhost or 127.0.0.1 with a port. The mapping is the one place the SPA client's lists are kept,
 * so `npm start` serves where the tenant will let the app log in, never on a port of its own choosing.
 */
export const allowedSpaOrigins = (values: Readonly<Record<string, unknown>>): SpaOrigin[] => {
  const callbacks = strings(values.SPA_CALLBACKS);
  const logouts = strings(values.SPA_LOGOUT_URLS);
  return strings(values.SPA_ORIGINS)
    .map(asLoopback)
    .filter((spa): spa is SpaOrigin => spa !== undefined)
    .filter((spa) => callbacks.includes(`${spa.origin}/callback`) && logouts.includes(`${spa.origin}/`));
};

/** The first allowed origin, or the one on `port`; refuses a port the mapping does not list. */
export const pickSpaOrigin = (
  values: Readonly<Record<string, unknown>>,
  mappingFile: string,
  port?: number,
): SpaOrigin => {
  const allowed = allowedSpaOrigins(values);
  const spa = port === undefined ? allowed[0] : allowed.find((candidate) => candidate.port === port);
  if (spa) return spa;
  const listed = allowed.map((candidate) => candidate.origin).join(', ') || 'none';
  const wanted = port === undefined ? 'http://localhost:<port>' : `http://localhost:${port}`;
  throw new LocalError(
    'E_SPA_ORIGIN_NOT_ALLOWED',
    `${mappingFile} lets the sample app log in from ${listed}; to serve it at ${wanted}, add "${wanted}" to SPA_ORIGINS, "${wanted}/callback" to SPA_CALLBACKS and "${wanted}/" to SPA_LOGOUT_URLS there`,
  );
};
