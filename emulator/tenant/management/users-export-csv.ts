// Auth0's users export job in CSV format: a header row naming each requested field (its `export_as`,
// else its name), then one row per user. Sources: Auth0 docs "Bulk User Exports"
// (https://auth0.com/docs/manage-users/user-migration/bulk-user-exports): string values are escaped
// against CSV injection (inner double quotes doubled, a single quote prepended, the whole wrapped in
// double quotes), except Auth0's own ISO 8601 dates; whole `user_metadata` / `app_metadata` cannot be
// exported in CSV, only fields named one by one. Auth0 Community, "Missing fields in Auth0 bulk user
// export" (https://community.auth0.com/t/missing-fields-in-auth0-bulk-user-export/189560): a field
// holding an array or object (`identities`) comes out blank; name its elements (`identities[0].provider`).
// Not documented, so chosen here: a missing value is an empty cell, numbers and booleans are written
// as JSON writes them, and a header cell is quoted only when it must be (RFC 4180).

/** The dates Auth0 itself writes on a user, which the export leaves unescaped. */
const AUTH0_DATES: ReadonlySet<string> = new Set([
  'created_at',
  'updated_at',
  'last_login',
  'last_password_reset',
]);
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;

/** A cell as Auth0 writes a string: `"'` + the text with `"` doubled + `"`. */
const escapedString = (text: string): string => `"'${text.replaceAll('"', '""')}"`;

const headerCell = (name: string): string =>
  /[",\r\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name;

/** One cell: `field` is the requested path, `value` what the user holds there. */
export const csvCell = (field: string, value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string')
    return AUTH0_DATES.has(field) && ISO_8601.test(value) ? value : escapedString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return '';
};

export interface CsvField {
  readonly name: string;
  readonly export_as?: string;
}

/** The whole file: header, then one row per user (`valueAt` reads a field's path from a user). */
export const usersExportCsv = <U>(
  fields: readonly CsvField[],
  users: readonly U[],
  valueAt: (user: U, name: string) => unknown,
): string => {
  const header = fields.map((field) => headerCell(field.export_as ?? field.name)).join(',');
  const rows = users.map((user) =>
    fields.map((field) => csvCell(field.name, valueAt(user, field.name))).join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
};
