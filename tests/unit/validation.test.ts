/**
 * validateConfig's driver (infra/config.ts) over the rule groups (infra/validation/): a group runs
 * only when every key it needs passed the schema, so a malformed setting is reported once, by the
 * schema, and not again by a rule that would read it as unset or at its default.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { validateConfig, type ConfigIssue, type RawConfig } from "../../infra/config";
import { RULE_GROUPS } from "../../infra/validation";
import { key, withConfig } from "../helpers";

function errors(raw: RawConfig): ConfigIssue[] {
  const result = validateConfig(raw, "dev");
  assert.equal(result.ok, false);
  return result.ok ? [] : result.errors;
}

describe("rule groups run only when the keys they need parsed", () => {
  it("a malformed adminCidr is not also reported as missing by the test-host rules", () => {
    // dev has testVms: true; without the rule, the adminCidr group sees no adminCidr and says it is required.
    assert.deepEqual(errors(withConfig("dev", { adminCidr: 42 })), [{ key: key("adminCidr"), value: 42, rule: "must be a string" }]);
  });

  it("a key rotation entry that failed the schema is not also reported as naming no tunnel", () => {
    assert.deepEqual(errors(withConfig("dev", { keyRotation: { c9t9: -1 } })), [{ key: key("keyRotation.c9t9"), value: -1, rule: "must be at least 0" }]);
  });

  it("the address rules wait for every address setting", () => {
    // Without the rule the address group would check the subnets against a VPC CIDR that is not there.
    assert.deepEqual(errors(withConfig("dev", { vpcCidr: 16 })), [{ key: key("vpcCidr"), value: 16, rule: "must be a string" }]);
  });

  it("a group still runs when only a key it consults (orDefault) failed, reading that key's default", () => {
    // transitGatewayNeedsBgp needs awsAttachment and consults routing: a malformed routing stands at static.
    const found = errors(withConfig("prod", { routing: 7 }));
    assert.deepEqual(found.map((i) => i.key), [key("routing"), key("awsAttachment")]);
  });

  it("groups have unique names, and no key is both needed and consulted", () => {
    const names = RULE_GROUPS.map((g) => g.name);
    assert.equal(new Set(names).size, names.length, names.join(", "));
    for (const group of RULE_GROUPS) {
      assert.ok(group.needs.length > 0, group.name);
      const both = (group.orDefault ?? []).filter((k) => (group.needs as readonly string[]).includes(k));
      assert.deepEqual(both, [], group.name);
    }
  });
});
