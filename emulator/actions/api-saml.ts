import type { PostLoginApi } from '../../core/post-login-types.ts';
import type { ApiDeps } from './api-deps.ts';
import { cloneJsonArgs } from './json.ts';

// `api.samlResponse` (post-login API object): setters that shape the SAML response of a `samlp`
// login. The runtime records them; in any other protocol they do nothing, as there is no SAML
// response to shape.

const SETTERS = [
  'setAttribute',
  'setAudience',
  'setRecipient',
  'setCreateUpnClaim',
  'setPassthroughClaimsWithNoMapping',
  'setMapUnknownClaimsAsIs',
  'setMapIdentities',
  'setSignatureAlgorithm',
  'setDigestAlgorithm',
  'setDestination',
  'setLifetimeInSeconds',
  'setSignResponse',
  'setNameIdentifierFormat',
  'setNameIdentifierProbes',
  'setAuthnContextClassRef',
  'setSigningCert',
  'setIncludeAttributeNameFormat',
  'setTypedAttributes',
  'setEncryptionCert',
  'setEncryptionPublicKey',
  'setCert',
  'setKey',
  'setRelayState',
  'setIssuer',
  'setEncryptionAlgorithm',
] as const;

/** A SAML attribute name or option as it lands in the record: `setAudience` -> `audience`. */
const settingName = (setter: string) => setter.charAt(3).toLowerCase() + setter.slice(4);

export const createSamlResponseApi = (deps: ApiDeps): PostLoginApi['samlResponse'] => {
  const api: PostLoginApi['samlResponse'] = {};
  for (const setter of SETTERS) {
    api[setter] = (...args: unknown[]) => {
      const method = `samlResponse.${setter}` as const;
      if (deps.late(method, args)) return;
      if (deps.event.transaction?.protocol !== 'samlp') {
        deps.note(method, args, 'dropped', 'not a SAML login: there is no SAML response to shape');
        return;
      }
      const [first, second] = cloneJsonArgs(args);
      if (setter === 'setAttribute') {
        const current = deps.record.samlResponse.attributes;
        const attributes =
          typeof current === 'object' && current !== null && !Array.isArray(current) ? current : {};
        attributes[String(first)] = second ?? null;
        deps.record.samlResponse.attributes = attributes;
      } else deps.record.samlResponse[settingName(setter)] = first ?? null;
      deps.note(method, args, 'applied');
    };
  }
  return api;
};
