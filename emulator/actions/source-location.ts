import { SourceMap, type SourceMapPayload } from 'node:module';

// Where in its TypeScript source an Action failed. The build writes a source map beside each bundle
// (`<name>.js.map`, never deployed); the runtime reads the first stack frame inside the bundle and
// maps it back, so a failure reads "actions/x.ts:12:5" instead of a column of minified line 1.

export interface SourceLocation {
  /** As the map names it, relative to the bundle's folder unless `sourceRoot` says otherwise. */
  file: string;
  /** 1-based, as editors count. */
  line: number;
  column: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The bundle's own first frame in a stack (`<bundleFile>:line:column`, both 1-based). */
const firstBundleFrame = (
  stack: string,
  bundleFile: string,
): { line: number; column: number } | undefined => {
  const match = new RegExp(`${escapeRegExp(bundleFile)}:(\\d+):(\\d+)`).exec(stack);
  return match ? { line: Number(match[1]), column: Number(match[2]) } : undefined;
};

/** Reads a source map's JSON; `undefined` when it is not one, so a bad map never hides the failure. */
export const parseSourceMap = (text: string | undefined): SourceMap | undefined => {
  if (text === undefined) return undefined;
  try {
    return new SourceMap(JSON.parse(text) as SourceMapPayload);
  } catch {
    return undefined;
  }
};

/**
 * The source line a thrown error came from: through the map when there is one, else the bundle's
 * own line and column. `undefined` when the stack never passes through the bundle.
 */
export const locateFailure = (
  error: unknown,
  bundleFile: string,
  map: SourceMap | undefined,
): SourceLocation | undefined => {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== 'string') return undefined;
  const frame = firstBundleFrame(stack, bundleFile);
  if (frame === undefined) return undefined;
  const entry = map?.findEntry(frame.line - 1, frame.column - 1) as
    | { originalSource?: string; originalLine?: number; originalColumn?: number }
    | undefined;
  if (entry?.originalSource !== undefined && entry.originalLine !== undefined) {
    return {
      file: entry.originalSource,
      line: entry.originalLine + 1,
      column: (entry.originalColumn ?? 0) + 1,
    };
  }
  return { file: bundleFile, ...frame };
};
