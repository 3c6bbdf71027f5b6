// Preloaded into each `npm test` shard by `npm test -- --write-weights` (scripts/test.ts): how long
// loading each test file took (its imports the shard had not loaded yet, and its top level), which
// the runner's test durations leave out. Writes { file: ms } as JSON to $AZURE_AWS_VPN_IMPORT_TIMES
// after each test file loads. Plain JavaScript: it is loaded before any TypeScript hook.
"use strict";
const Module = require("node:module");
const { writeFileSync } = require("node:fs");
const { performance } = require("node:perf_hooks");

const out = process.env.AZURE_AWS_VPN_IMPORT_TIMES;
if (out) {
  /** @type {Record<string, number>} */
  const times = {};
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    if (!/\.test\.ts$/.test(request)) return load.call(this, request, parent, isMain);
    const started = performance.now();
    try {
      return load.call(this, request, parent, isMain);
    } finally {
      times[request] = (times[request] ?? 0) + performance.now() - started;
      writeFileSync(out, JSON.stringify(times));
    }
  };
}
