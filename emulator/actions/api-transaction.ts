import type { JsonObject } from '../../core/json.ts';
import type { PostLoginApi, TransactionMetadataValue } from '../../core/post-login-types.ts';
import { type ApiDeps, given } from './api-deps.ts';
import { cloneJson, utf8Bytes } from './json.ts';
import { jsonBytes } from './json-size.ts';

import { redirectRefusal } from './redirect-rules.ts';

// `api.transaction`, `api.prompt`, `api.rules` and `api.validation` of the post-login API object
// (https://auth0.com/docs/actions/reference/post-login/post-login-api-object).
// Transaction metadata limits: Actions Limitations (https://auth0.com/docs/customize/actions/limitations).

export const MAX_TRANSACTION_METADATA_KEY_CHARS = 64;
export const MAX_TRANSACTION_METADATA_VALUE_BYTES = 8 * 1024;
export const MAX_TRANSACTION_METADATA_TOTAL_BYTES = 16 * 1024;

const metadataProblem = (key: unknown, value: unknown): string | undefined => {
  if (typeof key !== 'string' || key === '') return 'the key must be a non-empty string';
  if (key.length > MAX_TRANSACTION_METADATA_KEY_CHARS)
    return `keys are limited to ${MAX_TRANSACTION_METADATA_KEY_CHARS} characters`;
  if (value === null) return undefined;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value)))
      return 'numbers must pass a safety check (Number.isSafeInteger); serialize large ones as strings';
    return undefined;
  }
  if (typeof value === 'boolean') return undefined;
  if (typeof value !== 'string') return 'values must be a string, number or boolean (serialize objects)';
  if (utf8Bytes(value) > MAX_TRANSACTION_METADATA_VALUE_BYTES)
    return `values are limited to ${MAX_TRANSACTION_METADATA_VALUE_BYTES / 1024} KB`;
  return undefined;
};

export const createTransactionApi = (deps: ApiDeps): PostLoginApi['transaction'] => ({
  setMetadata: (key, value) => {
    const args = [key, value];
    if (deps.late('transaction.setMetadata', args)) return deps.self();
    const problem = metadataProblem(key, value);
    if (problem !== undefined)
      deps.fail(
        'transaction.setMetadata',
        args,
        new deps.errors.TypeError(`Transaction metadata: ${problem}.`),
      );
    const next = { ...deps.record.transactionMetadata };
    if (value === null) delete next[key];
    else next[key] = value as TransactionMetadataValue;
    if (jsonBytes(next) > MAX_TRANSACTION_METADATA_TOTAL_BYTES) {
      deps.fail(
        'transaction.setMetadata',
        args,
        new deps.errors.Error(
          `Transaction metadata is limited to ${MAX_TRANSACTION_METADATA_TOTAL_BYTES / 1024} KB in all.`,
        ),
      );
    }
    deps.record.transactionMetadata = next;
    // "updated in real-time in the event.transaction.metadata object"
    const live = deps.liveEvent()?.transaction?.metadata;
    if (live !== undefined) {
      if (value === null) delete live[key];
      else live[key] = value as TransactionMetadataValue;
    }
    deps.note('transaction.setMetadata', args, 'applied');
    return deps.self();
  },
});

const jsonObjectOr = (value: unknown): JsonObject | undefined => {
  const copy = cloneJson(value ?? null);
  return typeof copy === 'object' && copy !== null && !Array.isArray(copy) ? copy : undefined;
};

export const createPromptApi = (deps: ApiDeps): PostLoginApi['prompt'] => ({
  render: (promptId, options) => {
    const args = given(promptId, options);
    if (deps.late('prompt.render', args)) return;
    if (typeof promptId !== 'string' || promptId === '')
      deps.fail('prompt.render', args, new deps.errors.TypeError('prompt.render needs a prompt (form) id.'));
    // A form needs the user's browser, like a redirect: refused where Auth0 refuses redirects.
    const refusal = redirectRefusal(deps.event);
    if (refusal !== undefined)
      deps.fail(
        'prompt.render',
        args,
        new deps.errors.Error(refusal.replace('Redirects are', 'Prompts are')),
        'refused',
      );
    const fields = jsonObjectOr(options?.fields);
    const vars = jsonObjectOr(options?.vars);
    deps.record.prompt = { id: promptId, ...(fields ? { fields } : {}), ...(vars ? { vars } : {}) };
    deps.note('prompt.render', args, 'applied');
  },
});

export const createRulesApi = (deps: ApiDeps, executedRules: readonly string[]): PostLoginApi['rules'] => ({
  wasExecuted: (ruleId) => {
    const ran = executedRules.includes(String(ruleId));
    deps.note('rules.wasExecuted', [ruleId], 'applied');
    return ran;
  },
});

export const createValidationApi = (deps: ApiDeps): PostLoginApi['validation'] => ({
  error: (errorCode, errorMessage) => {
    const args = [errorCode, errorMessage];
    if (deps.late('validation.error', args)) return deps.self();
    deps.record.validationError = { code: String(errorCode), message: String(errorMessage) };
    deps.note('validation.error', args, 'applied');
    return deps.self();
  },
});
