// Generated from claims/contract.ts by `npm run docs`; do not edit.

/** The namespace of every custom claim; the same in every environment. */
export type ClaimNamespace = "https://claims.identity-as-code.dev/";

/** The user's own profile choices, for the SPA to render with. The user may change the fields marked user-editable through the preferences API. */
export interface UserMetadataClaim {
  /** How the user wants the app to look and speak. */
  preferences?: {
    /** Preferred UI language, a BCP 47 language tag. Also refused, by a check JSON Schema cannot express: not a BCP 47 language tag. */
    language?: string;
    /** Time zone to show dates in, an IANA time zone name. Also refused, by a check JSON Schema cannot express: not an IANA time zone. */
    timezone?: string;
    /** Colour scheme. */
    theme?: "light" | "dark" | "system";
  };
  /** Name the app greets the user with (1-64 characters). Also refused, by a check JSON Schema cannot express: is not in Unicode NFC (send text.normalize("NFC")); has leading or trailing white space. */
  display_name?: string;
}

/** What the user may do in which tenant of the app, for our API to authorize with. Set by administrators only; only in access tokens for our own API. */
export interface AppMetadataClaim {
  /** The app tenant (customer account) the user belongs to. */
  tenant_id?: string;
  /** The user's roles within their app tenant (at most 32). */
  roles?: string[];
  /** The app tenant's subscription plan. */
  plan?: "free" | "pro" | "enterprise";
}

/** Custom claims of ID tokens (what `getUser()` shows). */
export interface IdTokenClaims {
  "https://claims.identity-as-code.dev/user_metadata"?: UserMetadataClaim;
}

/** Custom claims of access tokens for our API. */
export interface AccessTokenClaims {
  "https://claims.identity-as-code.dev/app_metadata"?: AppMetadataClaim;
}
