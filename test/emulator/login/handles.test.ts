import { describe, expect, it } from 'vitest';
import { publicId, randomHandle } from '../../../emulator/tenant/login/session/handles.ts';

describe('handles', () => {
  it('are base64url of 32 (handles) and 16 (public ids) random bytes, never repeated across refills of the pool', () => {
    // 1,000 draws of each span many 4 KB refills: a byte handed out twice would repeat a handle.
    const handles = Array.from({ length: 1000 }, () => [randomHandle(), publicId()]).flat();
    expect(new Set(handles).size).toBe(handles.length);
    for (const handle of handles) {
      expect(handle).toMatch(/^[A-Za-z0-9_-]+$/);
      expect([32, 16]).toContain(Buffer.from(handle, 'base64url').length);
    }
    expect(handles.filter((handle) => handle.length === 43)).toHaveLength(1000);
  });
});
