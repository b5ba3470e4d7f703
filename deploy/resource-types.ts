import type { CollectionType, ManagedType, SingletonType } from './desired-state.ts';
import type { ListedPath, ReadPath } from './management-responses.ts';

// What plan, preflight and deploy need to know of each resource type, as data: how plan reads it,
// which field names a resource, which fields Auth0 owns or never returns, which are secrets. The keys
// a type takes are deploy-cli's (its schema, read at run time: deploy-cli-schema.ts), not listed here.
// `npm run import` reads the tenant through this same table.

/** How plan reads a type that has no reader of its own in read-table.ts (GETs only). */
export type ReadSpec =
  /**
   * A paged list (`page`/`per_page`, or checkpoint `from`/`take`), items under `listKey`; with
   * `detail`, each declared item is read again whole at its own path (the list holds summaries).
   */
  | {
      readonly kind: 'list';
      readonly path: ListedPath;
      readonly listKey: string;
      readonly detail?: (item: Readonly<Record<string, unknown>>) => ReadPath;
      /**
       * Settings each declared item keeps at paths of their own (a self-service profile's custom
       * text): by dot path in tenant.yaml's shape, the path answering it. An empty answer is "not set".
       */
      readonly parts?: (item: Readonly<Record<string, unknown>>) => Readonly<Record<string, ReadPath>>;
    }
  /** One GET answering every resource, as a bare array or under `listKey`. */
  | { readonly kind: 'all'; readonly path: ReadPath; readonly listKey?: string }
  /** One settings object; 404 reads as "not set yet". */
  | { readonly kind: 'object'; readonly path: ReadPath }
  /** One settings object assembled from several GETs, one per top-level key (only those declared). */
  | { readonly kind: 'parts'; readonly parts: Readonly<Record<string, ReadPath>> }
  /** A fixed set of named resources, one GET each (only those declared), the name added back. */
  | {
      readonly kind: 'named';
      /** By identity, the path answering that resource. */
      readonly items: Readonly<Record<string, ReadPath>>;
      /** The fields naming a resource, which the answer lacks (they are in its path). */
      readonly fields: readonly string[];
    };

export interface TypeSpec {
  /** The field that names a resource in tenant.yaml and in the tenant (deploy-cli's identifier). */
  readonly key?: string;
  /** When one field does not name a resource (MFA providers: factor and provider). */
  readonly identity?: (item: Readonly<Record<string, unknown>>) => string;
  /** Fields (dot paths) Auth0 sets or never returns as written: never compared. */
  readonly readOnly: readonly string[];
  /** Fields (dot paths) deploy-cli sends only on create: compared only for a resource not there yet. */
  readonly createOnly?: readonly string[];
  /**
   * Dot paths (`*` matches any key) whose values are secrets: they must come from a secret
   * placeholder (the environment), are masked in plan output, and compare only when Auth0 returns them.
   */
  readonly secretFields: readonly string[];
  /**
   * Deprecated keys deploy-cli sends under their current name (unless that is declared too):
   * plan compares them the same way.
   */
  readonly renamed?: Readonly<Record<string, string>>;
  /** Array fields Auth0 treats as sets: compared without order. */
  readonly setFields?: readonly string[];
  /** Where our own deletes go (deploy-cli's would remove every resource the YAML lacks). */
  readonly deletePath?: (current: Readonly<Record<string, unknown>>) => string;
  /** Resources every tenant has (MFA factors): never counted as unmanaged. */
  readonly fixedSet?: boolean;
  readonly read?: ReadSpec;
  /**
   * Ids of other resources that deploy-cli's YAML writes by name, wherever `key` appears in a
   * resource (a form's `flow_id`, a flow's vault `connection_id`): read back as names.
   */
  readonly references?: readonly {
    readonly key: string;
    readonly path: ListedPath;
    readonly listKey: string;
    /** The field tenant.yaml names it by, when not `key` (a token exchange profile's `action`). */
    readonly as?: string;
  }[];
  /** `body` names a JSON file whose fields are the resource's (forms, flows). */
  readonly jsonBody?: boolean;
  /** A field naming a file whose text is the value (a Rule's or Hook's script). */
  readonly fileField?: string;
  /** Retired by Auth0: still read (and adoptable), and the plan warns while the tenant holds one. */
  readonly retired?: { readonly what: string; readonly since: string; readonly source: string };
}

/** Rules and Hooks end of life (auth0.com/docs/customize/rules, .../customize/hooks). */
export const RULES_RETIREMENT = {
  what: 'Rules and Hooks',
  since: '2026-11-18',
  source: 'https://auth0.com/docs/customize/rules',
} as const;

const id =
  (path: string, field = 'id') =>
  (current: Readonly<Record<string, unknown>>) =>
    `${path}/${encodeURIComponent(String(current[field]))}`;

export const TYPE_SPECS: Readonly<Record<Exclude<ManagedType, 'triggers' | 'actions'>, TypeSpec>> = {
  tenant: {
    readOnly: [],
    secretFields: [],
  },
  clients: {
    key: 'name',
    readOnly: ['client_id', 'client_secret', 'global', 'tenant', 'signing_keys'],
    // deploy-cli strips it from updates (Auth0 takes it only on create), and Auth0 keeps its value.
    createOnly: ['jwt_configuration.secret_encoded'],
    renamed: { cross_origin_auth: 'cross_origin_authentication', oidc_backchannel_logout: 'oidc_logout' },
    secretFields: ['client_secret', 'encryption_key.*'],
    deletePath: id('/clients', 'client_id'),
  },
  resourceServers: {
    key: 'identifier',
    readOnly: ['id', 'is_system'],
    secretFields: ['signing_secret'],
    deletePath: id('/resource-servers'),
  },
  clientGrants: {
    readOnly: ['id'],
    secretFields: [],
    setFields: ['scope'],
    deletePath: id('/client-grants'),
  },
  databases: {
    key: 'name',
    readOnly: ['id', 'provisioning_ticket_url'],
    // Custom database scripts read their credentials from `configuration`; Auth0 returns them encrypted.
    secretFields: ['options.configuration.*'],
    setFields: ['enabled_clients', 'realms'],
    deletePath: id('/connections'),
  },
  connections: {
    key: 'name',
    readOnly: ['id', 'provisioning_ticket_url'],
    secretFields: ['options.client_secret', 'options.app_secret', 'options.configuration.*'],
    setFields: ['enabled_clients', 'realms'],
    deletePath: id('/connections'),
  },
  roles: {
    key: 'name',
    readOnly: ['id'],
    secretFields: [],
    setFields: ['permissions'],
    deletePath: id('/roles'),
  },
  rules: {
    key: 'name',
    readOnly: ['id', 'stage'],
    secretFields: [],
    deletePath: id('/rules'),
  },
  emailTemplates: {
    key: 'template',
    readOnly: [],
    secretFields: [],
    fixedSet: true,
  },
  logStreams: {
    key: 'name',
    // Auth0 names the partner event source (topic) it creates; deploy-cli never sends them.
    readOnly: ['id', 'sink.awsPartnerEventSource', 'sink.azurePartnerTopic'],
    secretFields: [
      ...['sink.httpAuthorization', 'sink.datadogApiKey', 'sink.splunkToken', 'sink.sumoSourceAddress'],
      'sink.mixpanelServiceAccountPassword',
      'sink.segmentWriteKey',
    ],
    deletePath: id('/log-streams'),
  },
  customDomains: {
    key: 'domain',
    readOnly: ['custom_domain_id', 'primary', 'status', 'verification', 'origin_domain_name', 'is_default'],
    secretFields: [],
    deletePath: id('/custom-domains', 'custom_domain_id'),
  },
  guardianFactors: {
    key: 'name',
    readOnly: ['trial_expired'],
    secretFields: [],
    fixedSet: true,
  },
  organizations: {
    key: 'name',
    readOnly: ['id'],
    secretFields: [],
    // Enabled connections by connection name, client grants by client name: sets, in any order.
    setFields: ['connections', 'client_grants', 'discovery_domains', 'clients'],
    deletePath: id('/organizations'),
  },
  branding: {
    // `templates`: deploy-cli's YAML, `[{ template: universal_login, body: ./file.html }]`.
    readOnly: [],
    secretFields: [],
  },
  prompts: {
    readOnly: [],
    secretFields: [],
  },
  emailProvider: {
    // Auth0 never returns the credentials: a changed value cannot be seen, only written.
    readOnly: ['credentials'],
    secretFields: ['credentials.*'],
  },
  attackProtection: {
    readOnly: [],
    secretFields: ['captcha.*.secret'],
  },
  guardianPolicies: {
    readOnly: [],
    secretFields: [],
    setFields: ['policies'],
    read: { kind: 'parts', parts: { policies: '/guardian/policies' } },
  },
  guardianPhoneFactorSelectedProvider: {
    readOnly: [],
    secretFields: [],
    read: { kind: 'object', path: '/guardian/factors/phone/selected-provider' },
  },
  guardianPhoneFactorMessageTypes: {
    readOnly: [],
    secretFields: [],
    setFields: ['message_types'],
    read: { kind: 'object', path: '/guardian/factors/phone/message-types' },
  },
  guardianFactorTemplates: {
    key: 'name',
    readOnly: [],
    secretFields: [],
    fixedSet: true,
    read: {
      kind: 'named',
      items: { sms: '/guardian/factors/sms/templates', phone: '/guardian/factors/phone/templates' },
      fields: ['name'],
    },
  },
  guardianFactorProviders: {
    identity: (item) => `${String(item.name)}/${String(item.provider)}`,
    readOnly: [],
    secretFields: ['auth_token', 'aws_secret_access_key', 'p12', 'server_key'],
    fixedSet: true,
    read: {
      kind: 'named',
      items: {
        'sms/twilio': '/guardian/factors/sms/providers/twilio',
        'phone/twilio': '/guardian/factors/phone/providers/twilio',
        'push-notification/sns': '/guardian/factors/push-notification/providers/sns',
        'push-notification/apns': '/guardian/factors/push-notification/providers/apns',
      },
      fields: ['name', 'provider'],
    },
  },
  riskAssessment: {
    readOnly: [],
    secretFields: [],
    read: {
      kind: 'parts',
      parts: { settings: '/risk-assessments/settings', new_device: '/risk-assessments/settings/new-device' },
    },
  },
  supplementalSignals: {
    readOnly: [],
    secretFields: [],
    read: { kind: 'object', path: '/supplemental-signals' },
  },
  networkACLs: {
    key: 'description',
    readOnly: ['id', 'created_at', 'updated_at'],
    secretFields: [],
    deletePath: id('/network-acls'),
    read: { kind: 'list', path: '/network-acls', listKey: 'network_acls' },
  },
  userAttributeProfiles: {
    key: 'name',
    readOnly: ['id'],
    secretFields: [],
    deletePath: id('/user-attribute-profiles'),
    read: { kind: 'list', path: '/user-attribute-profiles', listKey: 'user_attribute_profiles' },
  },
  phoneTemplates: {
    key: 'type',
    readOnly: ['id', 'channel', 'customizable', 'tenant'],
    secretFields: [],
    deletePath: id('/branding/phone/templates'),
    read: { kind: 'all', path: '/branding/phone/templates', listKey: 'templates' },
  },
  phoneProviders: {
    key: 'name',
    // Auth0 never returns a provider's credentials: a changed value cannot be seen, only written.
    readOnly: ['id', 'channel', 'tenant', 'created_at', 'updated_at', 'credentials'],
    secretFields: ['credentials.*'],
    deletePath: id('/branding/phone/providers'),
    read: { kind: 'all', path: '/branding/phone/providers', listKey: 'providers' },
  },
  rulesConfigs: {
    key: 'key',
    // Auth0 lists the keys only, never a value.
    readOnly: ['value'],
    secretFields: ['value'],
    deletePath: id('/rules-configs', 'key'),
    read: { kind: 'all', path: '/rules-configs' },
    retired: RULES_RETIREMENT,
  },
  rateLimitPolicies: {
    key: 'consumer_selector',
    readOnly: ['id', 'created_at', 'updated_at'],
    // deploy-cli updates only `configuration`.
    createOnly: ['resource', 'consumer'],
    secretFields: [],
    deletePath: id('/rate-limit-policies'),
    read: { kind: 'list', path: '/rate-limit-policies', listKey: 'rate_limit_policies' },
  },
  connectionProfiles: {
    key: 'name',
    readOnly: ['id'],
    secretFields: [],
    deletePath: id('/connection-profiles'),
    read: { kind: 'list', path: '/connection-profiles', listKey: 'connection_profiles' },
  },
  eventStreams: {
    key: 'name',
    readOnly: ['id', 'created_at', 'updated_at', 'destination.configuration.aws_partner_event_source'],
    secretFields: [
      'destination.configuration.webhook_authorization.password',
      'destination.configuration.webhook_authorization.token',
    ],
    deletePath: id('/event-streams'),
    read: { kind: 'list', path: '/event-streams', listKey: 'eventStreams' },
    references: [{ key: 'action_id', path: '/actions/actions', listKey: 'actions' }],
  },
  forms: {
    key: 'name',
    readOnly: ['id', 'created_at', 'updated_at', 'submitted_at', 'embedded_at'],
    secretFields: [],
    deletePath: id('/forms'),
    read: {
      kind: 'list',
      path: '/forms',
      listKey: 'forms',
      detail: (form) => `/forms/${encodeURIComponent(String(form.id))}`,
    },
    references: [{ key: 'flow_id', path: '/flows', listKey: 'flows' }],
    jsonBody: true,
  },
  flows: {
    key: 'name',
    readOnly: ['id', 'created_at', 'updated_at', 'executed_at'],
    secretFields: [],
    deletePath: id('/flows'),
    read: {
      kind: 'list',
      path: '/flows',
      listKey: 'flows',
      detail: (flow) => `/flows/${encodeURIComponent(String(flow.id))}`,
    },
    references: [{ key: 'connection_id', path: '/flows/vault/connections', listKey: 'connections' }],
    jsonBody: true,
  },
  flowVaultConnections: {
    key: 'name',
    // Auth0 never returns a connection's setup (its credentials): a changed one cannot be seen.
    readOnly: ['id', 'created_at', 'updated_at', 'refreshed_at', 'fingerprint', 'ready', 'setup'],
    secretFields: [],
    deletePath: id('/flows/vault/connections'),
    read: { kind: 'list', path: '/flows/vault/connections', listKey: 'connections' },
  },
  hooks: {
    key: 'name',
    // Secrets are written by deploy-cli and never returned; `triggerId` only on create.
    readOnly: ['id', 'secrets'],
    createOnly: ['triggerId'],
    secretFields: ['secrets.*'],
    deletePath: id('/hooks'),
    read: { kind: 'list', path: '/hooks', listKey: 'hooks' },
    fileField: 'script',
    retired: RULES_RETIREMENT,
  },
  themes: {
    // One theme per tenant (deploy-cli updates the one there, or creates it): named by its path.
    identity: () => 'default',
    readOnly: ['themeId'],
    secretFields: [],
    read: { kind: 'named', items: { default: '/branding/themes/default' }, fields: [] },
  },
  selfServiceProfiles: {
    key: 'name',
    readOnly: ['id', 'created_at', 'updated_at'],
    secretFields: [],
    setFields: ['allowed_strategies'],
    deletePath: id('/self-service-profiles'),
    read: {
      kind: 'list',
      path: '/self-service-profiles',
      listKey: 'self_service_profiles',
      // The only page and language Auth0 has custom text for (deploy-cli reads and writes this one).
      parts: (profile) => ({
        'customText.en.get-started': `/self-service-profiles/${encodeURIComponent(String(profile.id))}/custom-text/en/get-started`,
      }),
    },
    references: [
      {
        key: 'user_attribute_profile_id',
        path: '/user-attribute-profiles',
        listKey: 'user_attribute_profiles',
      },
    ],
  },
  tokenExchangeProfiles: {
    // deploy-cli matches a profile by its subject token type, and updates only name and that type.
    key: 'subject_token_type',
    readOnly: ['id', 'created_at', 'updated_at'],
    createOnly: ['action', 'type'],
    secretFields: [],
    deletePath: id('/token-exchange-profiles'),
    read: { kind: 'list', path: '/token-exchange-profiles', listKey: 'token_exchange_profiles' },
    references: [{ key: 'action_id', as: 'action', path: '/actions/actions', listKey: 'actions' }],
  },
  actionModules: {
    key: 'name',
    // Auth0 returns a secret's name and when it changed, never its value.
    readOnly: [
      ...['id', 'actions_using_module_total', 'latest_version_number', 'latest_version'],
      ...['created_at', 'updated_at', 'secrets.*.updated_at'],
    ],
    secretFields: ['secrets.*.value'],
    setFields: ['dependencies', 'secrets'],
    deletePath: id('/actions/modules'),
    read: { kind: 'list', path: '/actions/modules', listKey: 'modules' },
    fileField: 'code',
  },
  pages: {
    // The login page is the global client's; the others are tenant settings (read-pages.ts).
    key: 'name',
    readOnly: [],
    secretFields: [],
    fixedSet: true,
    fileField: 'html',
  },
};

export type TableType = CollectionType | SingletonType;

/** Whether a dot path such as `options.client_secret` matches a spec path such as `options.*`. */
export const matchesPath = (spec: string, path: readonly string[]): boolean => {
  const parts = spec.split('.');
  return parts.length === path.length && parts.every((part, index) => part === '*' || part === path[index]);
};
