import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { API_SCOPES } from '../../api/api-scopes.ts';
import { TENANT_YAML } from '../../core/paths.ts';

describe('API scopes', () => {
  it('tenant.yaml declares on our API exactly the scopes the code checks', async () => {
    const yaml = parse((await readFile(TENANT_YAML, 'utf8')).replace(/'@@\w+@@'/g, '[]')) as {
      resourceServers: { name: string; scopes: { value: string }[] }[];
    };
    const api = yaml.resourceServers.find((server) => server.name === 'Preferences API');
    expect(api?.scopes.map((scope) => scope.value).sort()).toEqual(Object.values(API_SCOPES).sort());
  });
});
