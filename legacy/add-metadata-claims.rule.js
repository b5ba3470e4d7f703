// The legacy Auth0 Rule that the post-login claims Action replaces, kept as the reference the parity
// test compares against. Rules are retired; this file is never deployed.
function addMetadataClaims(user, context, callback) {
  const namespace = configuration.CLAIM_NAMESPACE;
  context.idToken[namespace + 'user_metadata'] = user.user_metadata;
  context.accessToken[namespace + 'app_metadata'] = user.app_metadata;
  return callback(null, user, context);
}
