import { ClaimsError } from '../claims/errors.ts';
import { claimContract, claimDocs } from '../claims/index.ts';
import { claimsTable } from '../claims/reference/claims-markdown.ts';
import { generateAllDocs, staleDocs, writeDocs } from '../claims/reference/generate-docs.ts';
import { UsageError } from '../core/errors.ts';
import { runMain } from '../core/run-main.ts';

// `npm run docs` writes the claims reference and the README's claims table; `--check` only says whether it is stale (for CI);
// `--table` prints the short claims table for the README.
runMain(async () => {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--check' && arg !== '--table');
  if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}; use --check or --table`);
  if (args.includes('--table')) {
    process.stdout.write(claimsTable(claimContract, claimDocs));
    return 0;
  }
  const files = await generateAllDocs(claimContract, claimDocs);
  const stale = await staleDocs(files);
  if (args.includes('--check')) {
    if (stale.length > 0) {
      throw new ClaimsError(
        'E_STALE_GENERATED',
        `${stale.join(', ')} differ from claims/contract.ts: run npm run docs`,
      );
    }
    console.log('docs are up to date');
    return 0;
  }
  await writeDocs(files);
  for (const { file } of files) console.log(`${stale.includes(file) ? 'wrote' : 'unchanged'} ${file}`);
  return 0;
});
