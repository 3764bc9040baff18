#!/usr/bin/env node
/**
 * The `supervision-bot` command. The CLI is TypeScript compiled to dist/ by `npm run build`
 * (also run by `npm install` through `prepare`); this file only finds it.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'supervision-bot: the compiled CLI is missing (' +
      path.relative(process.cwd(), entry) +
      '). Run `npm run build` in the project folder first.\n',
  );
  process.exit(2);
}
require(entry)
  .main(process.argv.slice(2))
  .catch((err) => {
    process.stderr.write(
      `supervision-bot: unexpected failure: ${err && err.message ? err.message : err}\n`,
    );
    process.exitCode = 1;
  });
