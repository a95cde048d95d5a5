import { VERSION } from './version.js';

// `ordo --version` answers before the command-line program (commander and every command's
// registration) is even loaded: it is the one command whose cost is startup alone.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import('./cli/main.js');
  await main(process.argv);
}
