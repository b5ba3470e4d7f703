// JSON as the toolkit stores and compares it: claim values, metadata, tenant records, token payloads.
// Declared once; every layer imports it from here.

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
