/** Escapes what would end a table cell: pipes and line breaks. */
export const tableCell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/**
 * A Markdown table with padded columns, laid out as biome formats Markdown, so a table pasted into
 * README.md passes `npm run lint` unchanged.
 */
export const markdownTable = (header: readonly string[], rows: readonly (readonly string[])[]): string => {
  const widths = header.map((title, column) =>
    Math.max(3, title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`;
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
};
