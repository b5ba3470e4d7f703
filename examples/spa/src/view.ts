import type { UserPreferences } from '../../../app/index.ts';
import { type ClaimRow, formatClaimValue } from './claim-rows.ts';
import { currentValue, type FormField } from './preference-form.ts';
import type { NextStep, ResultView } from './result-view.ts';

// DOM rendering only: every value from a token or the API goes in as text, never as markup.

type Children = ReadonlyArray<Node | string>;

export const el = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  children: Children = [],
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
};

export const byId = <T extends HTMLElement>(id: string): T => {
  const node = document.getElementById(id);
  if (!node) throw new Error(`the page has no #${id}`);
  return node as T;
};

/** `preferences.language` -> `preferences-language`, usable in ids. */
const idOf = (path: string): string => path.replaceAll('.', '-');

const table = (head: readonly string[], rows: readonly (readonly (Node | string)[])[]): HTMLTableElement =>
  el('table', {}, [
    el('thead', {}, [
      el(
        'tr',
        {},
        head.map((text) => el('th', { scope: 'col' }, [text])),
      ),
    ]),
    el(
      'tbody',
      {},
      rows.map(([first, ...rest]) =>
        el('tr', {}, [
          el('th', { scope: 'row' }, [first ?? '']),
          ...rest.map((cell) => el('td', {}, [cell])),
        ]),
      ),
    ),
  ]);

/** The contract's fields a token carries: the field, what it means (from claimDocs), its value. */
export const renderClaimRows = (into: HTMLElement, rows: readonly ClaimRow[]): void => {
  into.replaceChildren(
    table(
      ['Field', 'Meaning', 'Value'],
      rows.map((row) => [el('code', {}, [row.path]), row.label, formatClaimValue(row.value)]),
    ),
  );
};

/** Before and after a save, side by side; a changed row says so in words, not only in colour. */
export const renderChanges = (
  into: HTMLElement,
  before: readonly ClaimRow[],
  after: readonly ClaimRow[],
): void => {
  const rows = after.map((row) => {
    const old = before.find((candidate) => candidate.path === row.path)?.value;
    const changed = JSON.stringify(old) !== JSON.stringify(row.value);
    return [
      el('code', {}, [row.path]),
      formatClaimValue(old),
      el('span', changed ? { class: 'changed' } : {}, [
        formatClaimValue(row.value),
        ...(changed ? [el('span', { class: 'visually-hidden' }, [' (changed)'])] : []),
      ]),
    ];
  });
  into.replaceChildren(table(['Field', 'Before', 'After'], rows));
};

const input = (field: FormField, value: string): HTMLInputElement | HTMLSelectElement => {
  const common = {
    id: `field-${idOf(field.path)}`,
    name: field.path,
    'aria-describedby': `hint-${idOf(field.path)}`,
  };
  if (field.options) {
    const choices = value === '' ? ['', ...field.options] : field.options;
    const select = el(
      'select',
      common,
      choices.map((option) => el('option', { value: option }, [option === '' ? '(not set)' : option])),
    );
    select.value = value;
    return select;
  }
  const text = el('input', {
    ...common,
    type: 'text',
    autocomplete: 'off',
    placeholder: `e.g. ${field.example}`,
  });
  text.value = value;
  return text;
};

/** One labelled input per user-editable field, its description as a hint, room for the API's verdict. */
export const renderForm = (
  into: HTMLElement,
  fields: readonly FormField[],
  preferences: UserPreferences,
): void => {
  into.replaceChildren(
    ...fields.map((field) => {
      const id = idOf(field.path);
      return el('div', { class: 'field' }, [
        el('label', { for: `field-${id}` }, [field.label]),
        input(field, currentValue(preferences, field)),
        el('p', { class: 'hint', id: `hint-${id}` }, [field.hint]),
        el('p', { class: 'field-error', id: `error-${id}`, hidden: '' }),
      ]);
    }),
  );
};

export const formInputs = (form: HTMLFormElement): Map<string, string> =>
  new Map([...new FormData(form)].map(([name, value]) => [name, String(value)]));

/** Puts values typed before a login redirect back into the form. */
export const restoreInputs = (form: HTMLFormElement, values: Readonly<Record<string, string>>): void => {
  for (const [name, value] of Object.entries(values)) {
    const control = form.elements.namedItem(name);
    if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement) control.value = value;
  }
};

export const clearFieldErrors = (form: HTMLFormElement): void => {
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    control.setAttribute('aria-describedby', `hint-${control.id.replace(/^field-/, '')}`);
  }
  for (const message of form.querySelectorAll<HTMLElement>('.field-error')) message.hidden = true;
};

/** Marks the field the API refused and moves focus to it, so the keyboard user lands on the fix. */
export const showFieldError = (form: HTMLFormElement, path: string, message: string): boolean => {
  const control = form.elements.namedItem(path);
  if (!(control instanceof HTMLElement)) return false;
  const id = idOf(path);
  const error = byId(`error-${id}`);
  error.textContent = message;
  error.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', `error-${id} hint-${id}`);
  control.focus();
  return true;
};

const NEXT_LABEL: Record<Exclude<NextStep, 'none'>, string> = {
  'log-in': 'Log in again',
  retry: 'Try again',
  'refresh-claims': 'Refresh my claims',
};

/** The outcome of a save; problems are announced at once (role="alert"), success politely. */
export const renderResult = (
  into: HTMLElement,
  view: ResultView,
  onNext: (step: Exclude<NextStep, 'none'>) => void,
): void => {
  into.className = `result ${view.tone}`;
  into.setAttribute('role', view.tone === 'success' ? 'status' : 'alert');
  const next = view.next;
  into.replaceChildren(
    el('p', { class: 'result-title' }, [el('strong', {}, [view.title])]),
    el('p', {}, [view.detail]),
    ...(next === 'none'
      ? []
      : [
          (() => {
            const button = el('button', { type: 'button' }, [NEXT_LABEL[next]]);
            button.addEventListener('click', () => onNext(next));
            return button;
          })(),
        ]),
  );
  into.hidden = false;
};
