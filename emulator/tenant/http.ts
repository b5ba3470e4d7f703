import { plainResponse } from './plain-response.ts';

// Responses in the Auth0 Management API's shapes: JSON bodies, and errors as
// `{ statusCode, error, message, errorCode }`, which the auth0 SDK turns into its ManagementApiError.

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  421: 'Misdirected Request',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Thrown by a route to answer with an Auth0-shaped error; the tenant's handler turns it into a Response. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly errorCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const reasonPhrase = (status: number): string => REASONS[status] ?? 'Error';

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  plainResponse(status === 204 ? null : JSON.stringify(body), status, {
    'content-type': 'application/json; charset=utf-8',
    ...headers,
  });

export const noContent = (): Response => new Response(null, { status: 204 });

export const errorResponse = (error: ApiError): Response =>
  json(
    {
      statusCode: error.statusCode,
      error: reasonPhrase(error.statusCode),
      message: error.message,
      errorCode: error.errorCode,
    },
    error.statusCode,
    error.headers,
  );

export const badRequest = (message: string, errorCode = 'invalid_body'): ApiError =>
  new ApiError(400, errorCode, message);

export const notFound = (message: string, errorCode = 'inexistent_resource'): ApiError =>
  new ApiError(404, errorCode, message);

export const conflict = (message: string, errorCode = 'conflict'): ApiError =>
  new ApiError(409, errorCode, message);

/** Parses a JSON body; malformed JSON is the caller's error (400), never a crash of the fake. */
export const readJson = async (request: Request): Promise<unknown> => {
  const text = await request.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest('Invalid request payload JSON format', 'invalid_body');
  }
};

/** Reads a JSON object body; Auth0 answers 400 to anything else. */
export const readJsonObject = async (request: Request): Promise<Record<string, unknown>> => {
  const parsed = await readJson(request);
  if (parsed === undefined) return {};
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('Payload validation error: Expected type object but found another type.');
  }
  return parsed as Record<string, unknown>;
};

/** Reads a token-endpoint body, which clients send either form-encoded or as JSON. */
export const readFormOrJson = async (request: Request): Promise<Record<string, string>> => {
  const type = request.headers.get('content-type') ?? '';
  if (type.includes('application/json')) {
    const parsed = await readJson(request);
    const out: Record<string, string> = {};
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [key, value] of Object.entries(parsed)) if (value != null) out[key] = String(value);
    }
    return out;
  }
  return Object.fromEntries(new URLSearchParams(await request.text()));
};
