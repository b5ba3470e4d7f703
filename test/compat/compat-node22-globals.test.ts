import { describe, expect, it } from 'vitest';
import { buildEvent } from '../../emulator/actions/index.ts';
import { loadCompatAction, NS } from './compat-fixture.ts';

// Actions that use globals Node 22 has and Auth0's runtime gives them: FormData and Blob for a
// multipart upload, performance.now() to time a call. Vendor calls are answered by the `fetch` option.

const json = (body: unknown) => Response.json(body);

describe('Actions on Node 22 globals', () => {
  it('a FormData upload reaches the document service as multipart, and its id is saved to app_metadata', async () => {
    const action = await loadCompatAction('identity-upload-formdata');
    let received: FormData | undefined;
    const documents = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      expect(request.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
      received = await request.formData();
      return json({ id: 'doc_123' });
    };
    const outcome = await action.run(buildEvent(), { fetch: documents as typeof fetch });
    expect(outcome.error).toBeUndefined();
    expect(outcome.metadataWrites.app_metadata).toEqual({ document_id: 'doc_123' });
    expect(received?.get('email')).toBe('ada@example.com');
    const profile = received?.get('profile') as File;
    expect(profile.name).toBe('profile.json');
    expect(JSON.parse(await profile.text())).toEqual({
      name: 'Ada Lovelace',
      country: buildEvent().request.geoip.countryCode,
    });
  });

  it('performance.now() times a slow lookup: the log line gives its duration', async () => {
    const action = await loadCompatAction('region-lookup-timing');
    const slowGeo = async () => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return json({ region: 'eu-west' });
    };
    const outcome = await action.run(buildEvent(), { fetch: slowGeo as typeof fetch });
    expect(outcome.idToken?.payload[`${NS}region`]).toBe('eu-west');
    const took = Number(/region lookup took ([\d.]+) ms/.exec(outcome.logs[0] ?? '')?.[1]);
    expect(took).toBeGreaterThanOrEqual(35);
    expect(took).toBeLessThan(5_000);
  });
});
