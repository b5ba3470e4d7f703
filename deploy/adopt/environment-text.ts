// An environment file's JSON in the layout the mapping files are written in: the file and its
// "values" / "secrets" one key per line, each value on its line (`["a", "b"]`), so an import's
// additions show in review as added lines and an untouched file keeps its bytes (a test holds it).

const inline = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    return entries.length
      ? `{ ${entries.map(([key, item]) => `${JSON.stringify(key)}: ${inline(item)}`).join(', ')} }`
      : '{}';
  }
  return JSON.stringify(value);
};

const block = (value: Readonly<Record<string, unknown>>, depth: number): string => {
  const entries = Object.entries(value);
  if (!entries.length) return '{}';
  const indent = '  '.repeat(depth + 1);
  const lines = entries.map(([key, item]) => {
    const shown =
      depth === 0 && item && typeof item === 'object' && !Array.isArray(item)
        ? block(item as Record<string, unknown>, depth + 1)
        : inline(item);
    return `${indent}${JSON.stringify(key)}: ${shown}`;
  });
  return `{\n${lines.join(',\n')}\n${'  '.repeat(depth)}}`;
};

/** The file's text: the top level and its objects expanded, everything deeper on one line. */
export const environmentText = (file: Readonly<Record<string, unknown>>): string => `${block(file, 0)}\n`;
