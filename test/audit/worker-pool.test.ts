import { describe, expect, it } from 'vitest';
import { workerExecArgv } from '../../audit/worker-pool.ts';

describe('workerExecArgv', () => {
  it("gives a worker the --cpu-prof options with their values, in either spelling, and not tsx's loader", () => {
    const tsx = [
      '--require',
      '/repo/node_modules/tsx/dist/preflight.cjs',
      '--import',
      'file:///tsx/loader.mjs',
    ];
    expect(workerExecArgv(tsx)).toEqual([]);
    expect(
      workerExecArgv([
        '--cpu-prof',
        '--cpu-prof-dir',
        '/tmp/profiles',
        ...tsx,
        '--cpu-prof-interval=500',
        '--cpu-prof-name',
        'audit.cpuprofile',
      ]),
    ).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir',
      '/tmp/profiles',
      '--cpu-prof-interval=500',
      '--cpu-prof-name',
      'audit.cpuprofile',
    ]);
  });
});
