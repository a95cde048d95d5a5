#!/usr/bin/env node
// CommonJS (bin/package.json): Node starts a CommonJS entry without its ES module loader.
require('../dist/ordo.cjs');
