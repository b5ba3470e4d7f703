import type { OAuthErrorCode } from '../oauth-error.ts';

// The response types and modes of Auth0's `/authorize` ("Authentication API: Authorize"; "Implicit
// Flow with Form Post"; "Hybrid Flow"; "Configure Silent Authentication" for web_message), with the
// rules of OAuth 2.0 Multiple Response Type Encoding Practices: a response that carries a token is
// never put in the query string, and its default mode is the fragment.

/** What `/authorize` hands the app at its redirect URI. */
export interface ResponseType {
  readonly code: boolean;
  readonly idToken: boolean;
  readonly token: boolean;
}

export type ResponseMode = 'query' | 'fragment' | 'form_post' | 'web_message';

/** Every combination Auth0 serves, spelled as discovery lists them. */
export const RESPONSE_TYPES = [
  'code',
  'token',
  'id_token',
  'id_token token',
  'code id_token',
  'code token',
  'code id_token token',
] as const;

export const RESPONSE_MODES: readonly ResponseMode[] = ['query', 'fragment', 'form_post', 'web_message'];

const SPELLINGS = new Map(
  RESPONSE_TYPES.map((type) => [[...type.split(' ')].sort().join(' '), type] as const),
);

export type ParsedResponseType =
  | { ok: true; responseType: ResponseType; responseMode: ResponseMode }
  | { ok: false; error: OAuthErrorCode; description: string; responseMode: ResponseMode };

/**
 * Reads `response_type` (its words in any order) and `response_mode`. An error is sent back in the
 * mode the request asked for when that mode is known, else in the response type's default.
 */
export const parseResponseType = (
  responseType: string | undefined,
  responseMode: string | undefined,
): ParsedResponseType => {
  const words = (responseType ?? '').split(' ').filter(Boolean);
  const spelled = SPELLINGS.get([...words].sort().join(' '));
  const parts = {
    code: words.includes('code'),
    idToken: words.includes('id_token'),
    token: words.includes('token'),
  };
  const carriesTokens = parts.idToken || parts.token;
  const defaultMode: ResponseMode = carriesTokens ? 'fragment' : 'query';
  const asked = RESPONSE_MODES.find((mode) => mode === responseMode);
  const mode = asked ?? defaultMode;
  if (responseMode !== undefined && asked === undefined) {
    return {
      ok: false,
      error: 'invalid_request',
      description: `Unsupported response mode: ${responseMode}; use one of ${RESPONSE_MODES.join(', ')}`,
      responseMode: defaultMode,
    };
  }
  if (spelled === undefined) {
    return {
      ok: false,
      error: 'unsupported_response_type',
      description: `Unsupported response type: ${responseType ?? '(none)'}`,
      responseMode: mode,
    };
  }
  if (carriesTokens && mode === 'query') {
    return {
      ok: false,
      error: 'invalid_request',
      description: `response_mode=query cannot carry tokens (response_type=${spelled}); use fragment or form_post`,
      responseMode: defaultMode,
    };
  }
  return { ok: true, responseType: parts, responseMode: mode };
};
