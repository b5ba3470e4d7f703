import type { ClaimContract } from './contract.ts';
import type { ClaimsFor } from './define.ts';

export type { ClaimContract } from './contract.ts';
export { CLAIM_NAMESPACE, claimContract, claimDocs } from './contract.ts';
export type {
  ClaimSpec,
  ClaimsFor,
  ClaimValue,
  ContractField,
  ContractSpec,
  Editor,
  FieldSpec,
  GroupSpec,
  KeySpec,
  MetadataSource,
  TokenKind,
} from './define.ts';
export { claimName, contractFields, defineClaimContract, isGroupSpec } from './define.ts';
export type {
  ClaimDoc,
  ContractDocs,
  ContractDocsSpec,
  DocumentedField,
  FieldDoc,
  GroupDoc,
  KeyDoc,
} from './docs.ts';
export { claimDoc, documentedFields, fieldDoc, groupDoc } from './docs.ts';

/** Custom claims of our ID tokens, as app code reads them (`getUser()` / decoded ID token). */
export type IdTokenClaims = ClaimsFor<ClaimContract, 'id_token'>;
/** Custom claims of access tokens for our API, as the API reads them after verifying the token. */
export type AccessTokenClaims = ClaimsFor<ClaimContract, 'access_token'>;
