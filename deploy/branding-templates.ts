import type { Resource } from './desired-state.ts';
import { DeployError } from './errors.ts';
import { loadNamedFile } from './named-files.ts';
import type { KeywordMappings } from './placeholders.ts';

// tenant.yaml's `branding.templates`, as deploy-cli's YAML writes them:
// `[{ template: universal_login, body: ./universal_login.html }]`. "Customize Universal Login Page
// Templates" (https://auth0.com/docs/customize/login-pages/universal-login/customize-templates):
// there is one page template, and it must hold the tags the prompts render into. deploy-cli only
// warns about another template name and skips it; Auth0 refuses a body without the tags, after the
// writes before it: preflight refuses both first.

const BRANDING_TEMPLATE = 'universal_login';
const REQUIRED_TEMPLATE_TAGS = ['auth0:head', 'auth0:widget'];

/** The declared templates with their bodies read (keywords replaced), as the tenant must hold them. */
export const loadBrandingTemplates = async (
  templates: unknown,
  tenantDir: string,
  keywords: KeywordMappings,
): Promise<Resource[]> => {
  if (!Array.isArray(templates)) {
    throw new DeployError(
      'E_UNKNOWN_KEY',
      'branding templates must be a list: [{ template: universal_login, body: ./universal_login.html }]',
    );
  }
  return Promise.all(
    (templates as Resource[]).map(async (template) => {
      if (template.template !== BRANDING_TEMPLATE) {
        throw new DeployError(
          'E_UNKNOWN_KEY',
          `branding template "${String(template.template)}" is not one Auth0 has; the only one is ${BRANDING_TEMPLATE}`,
        );
      }
      const body = await loadNamedFile(tenantDir, 'branding', BRANDING_TEMPLATE, template.body, keywords);
      const missing = REQUIRED_TEMPLATE_TAGS.filter((tag) => !body.includes(tag));
      if (missing.length > 0) {
        throw new DeployError(
          'E_UNKNOWN_KEY',
          `branding template ${String(template.body)} lacks ${missing.map((tag) => `{%- ${tag} -%}`).join(' and ')}, which Auth0 requires in a Universal Login page template`,
        );
      }
      return { ...template, body };
    }),
  );
};
