#!/usr/bin/env node
'use strict';
require('../dist/src/cli/start.js').start(process.argv);
