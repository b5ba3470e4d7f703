import { describe, expect, it } from 'vitest';
import { createFakeTenant } from '../../../emulator/tenant/fake-tenant.ts';
import { managementCaller } from './call.ts';

// The types deploy-cli writes through endpoints of their own (themes, Action modules, self-service
// and token exchange profiles), as the local tenant answers them.

const THEME = {
  borders: { buttons_style: 'rounded' },
  colors: { primary_button: '#0059d6' },
  fonts: { links_style: 'normal' },
  page_background: { page_layout: 'center' },
  widget: { logo_position: 'center' },
};

describe('the local tenant’s themes, Action modules and profiles', () => {
  it('Auth0 answers the tenant’s one theme at /branding/themes/default, 404 while there is none', async () => {
    const call = await managementCaller(createFakeTenant());
    expect((await call('GET', '/branding/themes/default')).status).toBe(404);
    const created = await call('POST', '/branding/themes', { ...THEME, displayName: 'Ours' });
    expect((await call('GET', '/branding/themes/default')).body).toEqual(created.body);
    expect((await call('POST', '/branding/themes', THEME)).status).toBe(409);
    const path = `/branding/themes/${created.body.themeId}`;
    const { widget: _widget, ...partial } = THEME;
    expect((await call('PATCH', path, partial)).status).toBe(400);
    await call('PATCH', path, { ...THEME, widget: { logo_position: 'left' } });
    expect((await call('GET', '/branding/themes/default')).body.widget).toEqual({ logo_position: 'left' });
    expect((await call('DELETE', path)).status).toBe(204);
    expect((await call('GET', '/branding/themes/default')).status).toBe(404);
  });

  it('Auth0 answers module secrets by name, unpublishes a changed draft, and keeps a module Actions use', async () => {
    const call = await managementCaller(createFakeTenant());
    const created = await call('POST', '/actions/modules', {
      name: 'helpers',
      code: 'module.exports = {};',
      secrets: [{ name: 'TOKEN', value: 'never-shown' }],
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('never-shown');
    expect(created.body).toMatchObject({ all_changes_published: false, secrets: [{ name: 'TOKEN' }] });
    const path = `/actions/modules/${created.body.id}`;
    expect((await call('POST', `${path}/versions`)).body).toMatchObject({ version_number: 1 });
    expect((await call('GET', path)).body).toMatchObject({
      all_changes_published: true,
      latest_version_number: 1,
    });
    await call('PATCH', path, { code: 'module.exports = { x: 1 };' });
    expect((await call('GET', path)).body).toMatchObject({
      all_changes_published: false,
      latest_version_number: 1,
    });
    expect((await call('GET', `${path}/versions`)).body.versions).toHaveLength(1);
    expect((await call('GET', '/actions/modules')).body).toMatchObject({
      total: 1,
      modules: [{ name: 'helpers' }],
    });

    // An Action uses a published version; the module cannot be deleted while it does.
    const [version] = (await call('GET', `${path}/versions`)).body.versions;
    const action = await call('POST', '/actions/actions', {
      name: 'uses-helpers',
      code: '',
      supported_triggers: [{ id: 'post-login', version: 'v3' }],
      modules: [{ module_id: created.body.id, module_version_id: version.id }],
    });
    expect(action.body.modules).toEqual([
      {
        module_id: created.body.id,
        module_name: 'helpers',
        module_version_id: version.id,
        module_version_number: 1,
      },
    ]);
    expect((await call('GET', path)).body.actions_using_module_total).toBe(1);
    expect((await call('DELETE', path)).status).toBe(400);
    const unpublished = await call('PATCH', `/actions/actions/${action.body.id}`, {
      modules: [{ module_id: created.body.id, module_version_id: 'no-such-version' }],
    });
    expect(unpublished.status).toBe(400);

    // Pinning another published version is a change the deployed version does not hold yet.
    const actionPath = `/actions/actions/${action.body.id}`;
    await call('POST', `${actionPath}/deploy`);
    expect((await call('GET', actionPath)).body.all_changes_deployed).toBe(true);
    const second = await call('POST', `${path}/versions`);
    await call('PATCH', actionPath, {
      modules: [{ module_id: created.body.id, module_version_id: second.body.id }],
    });
    const pinned = await call('GET', actionPath);
    expect(pinned.body.all_changes_deployed).toBe(false);
    expect(pinned.body.deployed_version.modules).toMatchObject([{ module_version_number: 1 }]);
    await call('POST', `${actionPath}/deploy`);
    expect((await call('GET', actionPath)).body.all_changes_deployed).toBe(true);
  });

  it('Auth0 creates a token exchange profile only for a custom-token-exchange Action, and updates only its name and subject token type', async () => {
    const call = await managementCaller(createFakeTenant());
    const action = async (name: string, trigger: string) =>
      (
        await call('POST', '/actions/actions', {
          name,
          code: '',
          supported_triggers: [{ id: trigger, version: 'v1' }],
        })
      ).body.id;
    const exchange = await action('exchange', 'custom-token-exchange');
    const login = await action('login', 'post-login');
    const profile = { name: 'legacy', subject_token_type: 'urn:legacy', type: 'custom_authentication' };
    expect((await call('POST', '/token-exchange-profiles', { ...profile, action_id: login })).status).toBe(
      400,
    );
    const created = await call('POST', '/token-exchange-profiles', { ...profile, action_id: exchange });
    expect(created.status).toBe(201);
    expect((await call('POST', '/token-exchange-profiles', { ...profile, action_id: exchange })).status).toBe(
      409,
    );
    const path = `/token-exchange-profiles/${created.body.id}`;
    expect((await call('PATCH', path, { action_id: login })).status).toBe(400);
    expect((await call('PATCH', path, { name: 'renamed' })).body.name).toBe('renamed');
  });

  it('Auth0 keeps a self-service profile’s custom text for English and the get-started page only', async () => {
    const call = await managementCaller(createFakeTenant());
    const created = await call('POST', '/self-service-profiles', { name: 'sso' });
    const text = `/self-service-profiles/${created.body.id}/custom-text`;
    expect((await call('GET', `${text}/en/get-started`)).body).toEqual({});
    await call('PUT', `${text}/en/get-started`, { introduction: 'Welcome' });
    expect((await call('GET', `${text}/en/get-started`)).body).toEqual({ introduction: 'Welcome' });
    expect((await call('PUT', `${text}/fr/get-started`, { introduction: 'Bienvenue' })).status).toBe(400);
    expect((await call('GET', `/self-service-profiles/${created.body.id}`)).body).not.toHaveProperty(
      'custom_text',
    );
  });
});
