/**
 * The committed schema.json is a valid Pulumi package schema (Pulumi's own metaschema,
 * provider/pulumi-metaschema.json: pkg/codegen/schema/pulumi.json of pulumi/pulumi at commit
 * 1b5949891b3cefcb9974752b24a5ecef0acc86c8, 2026-08-21) and lists every component. That it equals
 * the analyzer's output is the slow check `npm run test:schema` (tests/package/schema.check.ts).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import Ajv2020 from "ajv/dist/2020";
import { COMPONENTS, PACKAGE_NAME, SCHEMA_FILE } from "../../provider/package";

const metaschema = JSON.parse(readFileSync(path.join(__dirname, "../../provider/pulumi-metaschema.json"), "utf8")) as object;
const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as { name: string; resources: Record<string, { isComponent?: boolean }> };

describe("committed schema.json", () => {
  it("validates against Pulumi's package metaschema", () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(metaschema);
    assert.ok(validate(schema), JSON.stringify(validate.errors, null, 2));
  });

  it("a broken schema fails the same check (the check can fail)", () => {
    const validate = new Ajv2020({ strict: false }).compile(metaschema);
    assert.equal(validate({ ...schema, name: "1-not-a-name" }), false);
  });

  it(`is package ${PACKAGE_NAME} with every component, each a component resource`, () => {
    assert.equal(schema.name, PACKAGE_NAME);
    assert.deepEqual(Object.keys(schema.resources).sort(), Object.keys(COMPONENTS).map((n) => `${PACKAGE_NAME}:index:${n}`).sort());
    for (const [token, spec] of Object.entries(schema.resources)) assert.equal(spec.isComponent, true, token);
  });
});
