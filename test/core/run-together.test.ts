import { mkdtemp } from 'node:fs/promises';
import { getPriority, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInTurn, runTogether } from '../../core/run-together.ts';

/** Leaves a mark, then waits (up to 10 s) for the other command's: it sees it only if both run at once. */
const meeting = (dir: string, mine: string, theirs: string) =>
  `touch ${path.join(dir, mine)}; i=0; while [ ! -e ${path.join(dir, theirs)} ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; [ -e ${path.join(dir, theirs)} ] && echo met ${theirs}`;

describe('runTogether', () => {
  it("runs the commands at once, keeping each one's output whole and its exit code", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'run-together-'));
    const results = await runTogether([
      { name: 'first', command: meeting(dir, 'a', 'b') },
      { name: 'failing', command: `${meeting(dir, 'b', 'a')}; echo broken >&2; exit 3` },
    ]);
    expect(results.map(({ name, code, output }) => ({ name, code, output }))).toEqual([
      { name: 'first', code: 0, output: 'met b\n' },
      { name: 'failing', code: 3, output: 'met a\nbroken\n' },
    ]);
  });

  it('finds the programs npm scripts name, in node_modules/.bin, from a shell whose PATH lacks it', async () => {
    const inherited = process.env.PATH;
    process.env.PATH = '/usr/bin:/bin';
    try {
      const [result] = await runTogether([{ name: 'biome', command: 'biome --version' }]);
      expect(result).toMatchObject({ code: 0, output: expect.stringMatching(/\d+\.\d+\.\d+/) });
    } finally {
      process.env.PATH = inherited;
    }
  });

  it('runs a command and everything it starts at the niceness asked for', async () => {
    const [alone, started] = await runTogether(
      [
        { name: 'alone', command: 'nice' },
        { name: 'started', command: 'sh -c nice' },
      ],
      { nice: 10 },
    );
    // `nice -n` adds to the niceness it starts with, up to 19.
    const expected = String(Math.min(19, getPriority() + 10));
    expect([alone?.output.trim(), started?.output.trim()]).toEqual([expected, expected]);
  });

  it('sets the environment asked for over its own, for the command and what it starts', async () => {
    const [result] = await runTogether(
      [{ name: 'env', command: 'echo "$GOGC"; sh -c \'echo "$GOMEMLIMIT $HOME"\'' }],
      {
        env: { GOGC: 'off', GOMEMLIMIT: '1536MiB' },
      },
    );
    expect(result?.output).toBe(`off\n1536MiB ${process.env.HOME}\n`);
  });
});

describe('runInTurn', () => {
  it('runs the commands one after another and stops at the first that fails', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'run-in-turn-'));
    const results = await runInTurn([
      { name: 'first', command: `touch ${path.join(dir, 'first')}; echo first` },
      { name: 'second', command: `[ -e ${path.join(dir, 'first')} ] && echo saw first; exit 2` },
      { name: 'third', command: 'echo third' },
    ]);
    expect(results.map(({ name, code, output }) => ({ name, code, output }))).toEqual([
      { name: 'first', code: 0, output: 'first\n' },
      { name: 'second', code: 2, output: 'saw first\n' },
    ]);
  });
});
