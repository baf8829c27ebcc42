#!/usr/bin/env node
// litec command-line entry: runs the compiled CLI (npm install builds dist/ through the prepare script).
import { runCli } from '../dist/src/cli/main.js';

const code = await runCli(process.argv.slice(2));
process.exitCode = code;
