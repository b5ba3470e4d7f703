import { describe, expect, it } from 'vitest';
import { lostUpdates } from './support/lost-updates.ts';

// The multi-instance tests trust this check to see a lost update: it must.

describe('the lost-update check', () => {
  it('finds a write that brought back a replaced value, and an answer no write saved', () => {
    const states = [
      { 'preferences.language': undefined, display_name: 'A' },
      { 'preferences.language': 'en-x-w0', display_name: 'A' },
      { 'preferences.language': undefined, display_name: 'Writer 2' },
    ];
    const acknowledged = [
      {
        body: { preferences: { language: 'en-x-w0' } },
        saved: { preferences: { language: 'en-x-w0' }, display_name: 'A' },
      },
      { body: { display_name: 'Writer 2' }, saved: { display_name: 'Writer 3' } },
    ];
    expect(lostUpdates(states, acknowledged)).toEqual([
      'write 2: preferences.language went back to null',
      'answer [null,null,null,"Writer 3"] is no state the tenant held',
      '{"display_name":"Writer 2"} was answered with display_name = "Writer 3"',
    ]);
  });
});
