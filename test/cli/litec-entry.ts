// A `litec` process entry run from source (node --import tsx test/cli/litec-entry.ts ...), like bin/litec.js does for dist/.
import { runCli } from '../../src/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
