#!/usr/bin/env node
import { main } from '../src/cli/main.js';

const code = await main(process.argv);
// `serve` keeps running until a signal; every other command ends here.
if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
