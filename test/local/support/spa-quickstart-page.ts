// A single-page app as auth0-angular's and auth0-react's quickstarts configure spa-js: the domain
// alone (no scheme, no issuer), the client id and the redirect. It logs in, reads its user through
// the Management API with the user's own token (and is refused another user), then logs in silently
// in a hidden iframe, and shows what it got in #result.

/** The quickstarts' Auth0Client options: domain (no scheme), clientId and the redirect; nothing else. */
export const quickstartPage = (tenantDomain: string, clientId: string): string => `<!doctype html>
<html><head><title>spa-js quickstart</title></head><body>
<button id="login" hidden>Log in</button><pre id="result" hidden></pre>
<script src="/auth0-spa-js.js"></script>
<script>
const client = new auth0.Auth0Client({
  domain: ${JSON.stringify(tenantDomain)},
  clientId: ${JSON.stringify(clientId)},
  authorizationParams: {
    redirect_uri: window.location.origin + '/',
    // The Management API's audience as "Get Management API Access Tokens for Single-Page Applications" writes it.
    audience: 'https://${tenantDomain}/api/v2/',
    scope: 'openid profile email read:current_user',
  },
});
(async () => {
  if (new URLSearchParams(location.search).has('code')) {
    await client.handleRedirectCallback();
    const claims = await client.getIdTokenClaims();
    const accessToken = await client.getTokenSilently();
    const read = async (userId) => {
      const answer = await fetch('https://${tenantDomain}/api/v2/users/' + encodeURIComponent(userId), {
        headers: { authorization: 'Bearer ' + accessToken },
      });
      return { status: answer.status, email: (await answer.json()).email };
    };
    // No refresh token (the quickstarts' default): a silent login in a hidden iframe.
    const silent = await client.getTokenSilently({ cacheMode: 'off' });
    const result = document.getElementById('result');
    result.textContent = JSON.stringify({
      sub: claims.sub,
      iss: claims.iss,
      accessToken,
      profile: await read(claims.sub),
      bob: await read('auth0|bob'),
      silent: silent.split('.').length === 3,
    });
    result.hidden = false;
    return;
  }
  const login = document.getElementById('login');
  login.hidden = false;
  login.onclick = () => client.loginWithRedirect();
})().catch((error) => { document.body.append('error: ' + (error.error_description || error.message)); console.error(error); });
</script></body></html>`;
