#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (build first: npm run build). In the repo, without a
// build: npx tsx packages/testing/src/cli.ts
require('../dist/cli.js').main(process.argv.slice(2));
