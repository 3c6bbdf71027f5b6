/**
 * Slow (about 20 s, 1.4 GB): the committed schema.json equals what Pulumi's schema analyzer
 * produces from the TypeScript types now. Run with `npm run test:schema`; after changing a
 * component's args or outputs, `npm run schema` rewrites schema.json.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { SCHEMA_FILE, analyzeSchema } from "../../provider/analyze";

describe("schema.json", () => {
  it("equals the schema analyzer's output (run `npm run schema` to update it)", () => {
    assert.equal(readFileSync(SCHEMA_FILE, "utf8"), analyzeSchema());
  });
});
