import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectedFields } from '../../../emulator/tenant/login/endpoints/suspension-forms.ts';

// What a person types into the local tenant's form page becomes `event.prompt.fields`: whatever
// they type, every field they named arrives with its value, and nothing else does.

const text = (exclude: RegExp) =>
  fc
    .string({ unit: fc.constantFrom('a', 'B', '9', ' ', '_', '-', 'é', '=', '\n', '\r', '.', '_') })
    .map((value) => value.replace(exclude, '').trim());
const fieldName = text(/[=\r\n]/g).filter((name) => name !== '');
const fieldValue = text(/[\r\n]/g);

describe('the form page fields', () => {
  it('gives every named field its value, from inputs and free lines alike, the later one winning', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fieldName, fieldValue),
        fc.dictionary(fieldName, fieldValue),
        fc.constantFrom('\n', '\r\n'),
        (inputs, lines, newline) => {
          const params: Record<string, string> = {
            state: 'unused',
            more_fields: Object.entries(lines)
              .map(([name, value]) => `  ${name} = ${value}  `)
              .join(newline),
          };
          for (const [name, value] of Object.entries(inputs)) params[`field.${name}`] = value;
          expect(collectedFields(params)).toEqual({ ...inputs, ...lines });
        },
      ),
    );
  });

  it('keeps a field named __proto__ as a field, and skips lines with no name', () => {
    const fields = collectedFields({ more_fields: '__proto__=x\n=orphan\n   \nno equals sign' });
    expect(Object.keys(fields)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(fields)).toBe(Object.prototype);
  });
});
