import type { ChangeClass, ContractChange } from './contract-compare.ts';

// What a contract change needs before it may merge: a version that says what kind of change it is
// (semver: breaking -> major, compatible -> minor, docs -> patch), and a changelog line app teams
// can read for every change, in the section of the new version.

export const CHANGELOG_FILE = 'docs/CLAIMS-CHANGELOG.md';

export interface GateResult {
  readonly ok: boolean;
  readonly problems: string[];
}

type Version = readonly [number, number, number];

const parseVersion = (text: string): Version | undefined => {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
};

/** The least bump each class of change needs. */
const NEEDED: Record<ChangeClass, 'major' | 'minor' | 'patch'> = {
  breaking: 'major',
  compatible: 'minor',
  docs: 'patch',
};

const bumpOf = (before: Version, after: Version): 'major' | 'minor' | 'patch' | 'none' | 'down' => {
  for (const [index, level] of (['major', 'minor', 'patch'] as const).entries()) {
    if (after[index] === before[index]) continue;
    return (after[index] ?? 0) > (before[index] ?? 0) ? level : 'down';
  }
  return 'none';
};

/** The text under `## <version>` up to the next `## ` heading, or undefined when there is none. */
export const changelogSection = (changelog: string, version: string): string | undefined => {
  const lines = changelog.split('\n');
  const escaped = version.replace(/\./g, '\\.');
  const start = lines.findIndex((line) => new RegExp(`^##\\s+\\[?v?${escaped}\\]?(\\s|$)`).test(line));
  if (start < 0) return undefined;
  const end = lines.findIndex((line, index) => index > start && /^##\s/.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
};

const mentions = (section: string, subject: string): boolean =>
  section.split('\n').some((line) => /^\s*[-*]\s/.test(line) && line.includes(subject));

export const gateContractChanges = (
  changes: readonly ContractChange[],
  versions: { readonly before: string; readonly after: string },
  changelog: string | undefined,
): GateResult => {
  const problems: string[] = [];
  if (changes.length === 0) return { ok: true, problems };
  const before = parseVersion(versions.before);
  const after = parseVersion(versions.after);
  if (!after)
    problems.push(
      `the contract's version "${versions.after}" is not MAJOR.MINOR.PATCH; set claimContract.version`,
    );
  else if (before) {
    const strongest = changes.some((change) => change.class === 'breaking')
      ? 'breaking'
      : changes.some((change) => change.class === 'compatible')
        ? 'compatible'
        : 'docs';
    const needed = NEEDED[strongest];
    const bump = bumpOf(before, after);
    const rank = { major: 3, minor: 2, patch: 1, none: 0, down: -1 };
    if (rank[bump] < rank[needed])
      problems.push(
        `${strongest} changes need a new ${needed} version: the contract is still ${versions.after} (was ${versions.before}); raise claimContract.version in claims/contract.ts`,
      );
  }
  if (changelog === undefined)
    problems.push(`${CHANGELOG_FILE} does not exist; add it with a section for ${versions.after}`);
  else {
    const section = changelogSection(changelog, versions.after);
    if (section === undefined)
      problems.push(`${CHANGELOG_FILE} has no "## ${versions.after}" section; add one listing the changes`);
    else {
      for (const change of changes) {
        if (!change.subjects.some((subject) => mentions(section, subject)))
          problems.push(
            `${CHANGELOG_FILE} ## ${versions.after} has no line for "${change.message}"; add a "- " line naming ${change.subjects.map((subject) => `\`${subject}\``).join(' or ')}`,
          );
      }
    }
  }
  return { ok: problems.length === 0, problems };
};
