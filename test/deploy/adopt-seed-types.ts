import type { FakeTenant } from '../../emulator/tenant/fake-tenant.ts';

// The rest of what a hand-built tenant holds, one of each type `npm run import` adopts beyond the
// core (adopt-seed.ts): every value one an import can write back as it is read.

type Call = (method: string, path: string, body?: unknown) => Promise<Record<string, unknown>>;

const THEME = {
  displayName: 'Shop theme',
  borders: {
    ...{ button_border_radius: 3, button_border_weight: 1, buttons_style: 'rounded' },
    ...{ input_border_radius: 3, input_border_weight: 1, inputs_style: 'rounded' },
    ...{ show_widget_shadow: true, widget_border_weight: 0, widget_corner_radius: 5 },
  },
  colors: { primary_button: '#112233', body_text: '#1e212a' },
  fonts: { font_url: '', links_style: 'normal', reference_text_size: 16 },
  page_background: { background_color: '#ffffff', background_image_url: '', page_layout: 'center' },
  widget: {
    ...{ header_text_alignment: 'center', logo_height: 52, logo_position: 'center' },
    ...{ logo_url: '', social_buttons_layout: 'bottom' },
  },
};

export const seedShopTypes = async (tenant: FakeTenant, call: Call): Promise<void> => {
  await call('POST', '/emails/provider', {
    name: 'sendgrid',
    enabled: true,
    default_from_address: 'no-reply@shop.example',
    credentials: { api_key: 'sendgrid-key-never-returned' },
  });
  await call('POST', '/network-acls', {
    description: 'Block a bad range',
    active: true,
    priority: 1,
    rule: { action: { block: true }, scope: 'tenant', match: { ipv4_cidrs: ['203.0.113.0/24'] } },
  });
  const attributes = await call('POST', '/user-attribute-profiles', {
    name: 'Shop attributes',
    user_attributes: {
      email: { description: 'Email', label: 'Email', profile_required: true, auth0_mapping: 'email' },
    },
  });
  await call('POST', '/branding/phone/templates', {
    type: 'otp_verify',
    content: { syntax: 'liquid', body: { text: 'Your Shop code is {{code}}' } },
  });
  await call('POST', '/branding/phone/providers', {
    name: 'twilio',
    configuration: { sid: 'ACshop', default_from: '+15550199', delivery_methods: ['text'] },
    credentials: { auth_token: 'twilio-token-never-returned' },
  });
  await call('PUT', '/rules-configs/SHOP_LEGACY_KEY', { value: 'never-returned' });
  await call('POST', '/rate-limit-policies', {
    resource: 'oauth_authentication_api',
    consumer: 'client',
    consumer_selector: 'shop-backend-burst',
    configuration: { action: 'block', limit: 50 },
  });
  await call('POST', '/connection-profiles', { name: 'Shop enterprise profile', enabled_features: ['scim'] });
  await call('POST', '/event-streams', {
    name: 'shop-user-events',
    subscriptions: [{ event_type: 'user.created' }],
    destination: {
      type: 'eventbridge',
      configuration: { aws_account_id: '123456789012', aws_region: 'us-east-1' },
    },
  });
  await call('POST', '/flows/vault/connections', {
    name: 'shop-http-vault',
    app_id: 'HTTP',
    setup: { type: 'BEARER', token: 'vault-token-never-returned' },
  });
  const organization = await call('POST', '/organizations', {
    name: 'shop-wholesale',
    display_name: 'Shop wholesale',
    metadata: { tier: 'gold' },
  });
  const [database] = tenant.state.connections;
  await call('POST', `/organizations/${String(organization.id)}/connections`, {
    connection_id: database?.id,
    assign_membership_on_login: false,
  });
  await call('POST', '/branding/themes', THEME);
  const profile = await call('POST', '/self-service-profiles', {
    name: 'Shop SSO setup',
    allowed_strategies: ['oidc'],
    user_attribute_profile_id: attributes.id,
  });
  await call('PUT', `/self-service-profiles/${String(profile.id)}/custom-text/en/get-started`, {
    introduction: 'Set up SSO to the shop.',
  });
  const module = await call('POST', '/actions/modules', {
    name: 'shop-helpers',
    // The module's own JavaScript: its template literal is escaped so the module, not this file, fills in name.
    code: `module.exports = { greet: (name) => \`Hello \${name}\` };\n`,
    dependencies: [{ name: 'lodash', version: '4.17.21' }],
  });
  const version = await call('POST', `/actions/modules/${String(module.id)}/versions`);
  const exchange = await call('POST', '/actions/actions', {
    name: 'shop-token-exchange',
    code: 'exports.onExecuteCustomTokenExchange = async () => {};\n',
    runtime: 'node22',
    supported_triggers: [{ id: 'custom-token-exchange', version: 'v1' }],
    modules: [{ module_id: module.id, module_version_id: version.id }],
  });
  await call('POST', `/actions/actions/${String(exchange.id)}/deploy`);
  await call('POST', '/token-exchange-profiles', {
    name: 'Shop legacy tokens',
    subject_token_type: 'urn:shop:legacy',
    action_id: exchange.id,
    type: 'custom_authentication',
  });
  await call('PATCH', `/clients/${tenant.state.globalClient.client_id}`, {
    custom_login_page_on: true,
    custom_login_page: '<html><body>Shop classic login</body></html>',
  });
};
