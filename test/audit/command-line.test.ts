import { describe, expect, it } from 'vitest';
import { parseAuditCommandLine } from '../../audit/command-line.ts';

describe('npm run audit command line', () => {
  it('takes an export file or an environment, with its options', () => {
    expect(parseAuditCommandLine(['--users', 'export.json.gz', '--json', '--against', 'main'])).toEqual({
      users: 'export.json.gz',
      json: true,
      against: 'main',
      showValues: false,
    });
    expect(parseAuditCommandLine(['--env', 'local', '--show-values', '--workers', '2'])).toEqual({
      env: 'local',
      json: false,
      showValues: true,
      workers: 2,
    });
  });

  it('refuses both sources, neither, and unknown options, showing the usage', () => {
    for (const argv of [
      [],
      ['--users', 'a', '--env', 'dev'],
      ['--user', 'a'],
      ['--env', 'dev', '--workers', '0'],
    ]) {
      expect(() => parseAuditCommandLine(argv)).toThrow(/E_USAGE: .*usage: npm run audit/);
    }
  });
});
