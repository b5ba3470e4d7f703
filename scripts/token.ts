import { runMain } from '../core/run-main.ts';
import { formatTokens, tokensForUser } from '../local/local-tokens.ts';
import { parseTokenCommandLine } from '../local/token-command-line.ts';

// `npm run token -- --user <email> [--audience A] [--scope S] [--json]`: tokens for a seeded user of the
// running `npm start` tenant, through its real /authorize + PKCE + /oauth/token. What it did goes to
// stderr; stdout holds only the tokens (shell assignments, or the token response with --json).
runMain(async () => {
  const request = parseTokenCommandLine(process.argv.slice(2));
  const result = await tokensForUser(request);
  console.error(
    `logged ${result.user} in at ${result.tenantUrl} as client ${result.clientId}, audience ${result.audience}, scope "${result.tokens.scope}"`,
  );
  console.log(formatTokens(result, request.json));
  return 0;
});
