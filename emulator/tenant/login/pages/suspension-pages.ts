import type { SuspendedLogin } from '../../../actions/index.ts';
import { LOGIN_PATHS } from '../paths.ts';
import { escapeHtml, page } from './pages.ts';

// The pages Universal Login shows where a post-login Action paused the login for the user: an MFA
// challenge or enrollment (`api.authentication.*`, `api.multifactor.enable`) and a form
// (`api.prompt.render`). The local tenant has no second factor to send and no form editor, so its
// pages say what the Action asked and let the person (or a test) complete it; submitting resumes
// the flow as Auth0 does once the user is done.

/** The factors the user may complete: what the Action named, or what `multifactor.enable` asked for. */
export const offeredFactors = (suspended: SuspendedLogin): string[] =>
  suspended.factors && suspended.factors.length > 0
    ? suspended.factors.map((factor) => factor.type)
    : [suspended.provider === undefined || suspended.provider === 'any' ? 'otp' : suspended.provider];

const hiddenState = (state: string) => `<input type="hidden" name="state" value="${escapeHtml(state)}">`;

export const mfaPage = (suspended: SuspendedLogin, clientName: string): string => {
  const enrolling = suspended.kind === 'mfa-enrollment';
  const title = enrolling ? 'Secure your account' : 'Verify your identity';
  const factors = offeredFactors(suspended);
  const ask = enrolling
    ? `${escapeHtml(clientName)} asks you to set up a second factor (Action ${escapeHtml(suspended.action)}).`
    : `${escapeHtml(clientName)} asks for a second factor (Action ${escapeHtml(suspended.action)}).`;
  return page(
    title,
    `<p>${ask}</p><p>Local tenant: no code is sent. Pick the factor to ${enrolling ? 'enroll' : 'complete'} it.</p>` +
      `<form method="post" action="${LOGIN_PATHS.mfaForm}">${hiddenState(suspended.state)}` +
      factors
        .map((type) => `<button name="factor" value="${escapeHtml(type)}">${escapeHtml(type)}</button>`)
        .join('') +
      '</form>',
  );
};

/**
 * A form's fields live in Auth0's form editor, which the local tenant does not have: the page offers
 * the fields the Action prefilled, and lets the person add the others, one `name=value` per line.
 */
export const promptPage = (suspended: SuspendedLogin, clientName: string): string => {
  const prompt = suspended.prompt ?? { id: '' };
  const prefilled = Object.entries(prompt.fields ?? {});
  const vars = Object.keys(prompt.vars ?? {});
  return page(
    `Form ${prompt.id}`,
    `<p>${escapeHtml(clientName)}: the Action ${escapeHtml(suspended.action)} rendered the form <code>${escapeHtml(prompt.id)}</code>.</p>` +
      (vars.length > 0 ? `<p>Variables passed: ${vars.map(escapeHtml).join(', ')}</p>` : '') +
      `<form method="post" action="${LOGIN_PATHS.promptForm}">${hiddenState(suspended.state)}` +
      prefilled
        .map(
          ([name, value]) =>
            `<label>${escapeHtml(name)} <input name="field.${escapeHtml(name)}" value="${escapeHtml(
              typeof value === 'string' ? value : JSON.stringify(value),
            )}"></label><br>`,
        )
        .join('') +
      '<label>Other fields, one <code>name=value</code> per line<br><textarea name="more_fields" rows="4" cols="40"></textarea></label><br>' +
      '<button>Submit</button></form>',
  );
};
