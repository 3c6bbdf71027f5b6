// Every config key's change completes, static active-standby (tests/lifecycle/everyKey.ts).
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { describe, test } from "node:test";
import { everyKeyTests, MODES } from "./everyKey";

describe("every key, static active-standby", () => everyKeyTests("static active-standby"));

test("every mode of tests/lifecycle/everyKey.ts has its test file", () => {
  for (const name of Object.keys(MODES)) assert.ok(existsSync(path.join(__dirname, `every-key-${name.replaceAll(" ", "-")}.test.ts`)), name);
});
