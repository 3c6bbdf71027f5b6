// A malformed key must not hide the problems of the other keys: every problem is reported at once.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateConfig } from "../../infra/config";
import { readStackConfig } from "../helpers";

describe("validation reports every problem at once", () => {
  it("reports a wrong type, an unknown key and address problems together", () => {
    const raw = {
      ...readStackConfig("dev"),
      "azure-aws-vpn:activeActive": "yes",
      "azure-aws-vpn:gatewaySku": "VpnGw1",
      "azure-aws-vpn:vpcCidr": "172.10.0.0/16",
      "azure-aws-vpn:colour": "blue",
    };
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    if (result.ok) return;
    const keys = result.errors.map((e) => e.key);
    for (const expected of ["azure-aws-vpn:activeActive", "azure-aws-vpn:gatewaySku", "azure-aws-vpn:vpcCidr", "azure-aws-vpn:colour"]) {
      assert.ok(keys.includes(expected), `${expected} missing from ${keys.join(", ")}`);
    }
  });

  it("still checks everything but the addresses when a required key is unusable", () => {
    const raw = { ...readStackConfig("dev"), "azure-aws-vpn:vpcCidr": 42, "azure-aws-vpn:gatewaySku": "Basic", "azure-aws-vpn:azureAsn": 65515 };
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.deepEqual(result.errors.map((e) => e.key).sort(), ["azure-aws-vpn:azureAsn", "azure-aws-vpn:gatewaySku", "azure-aws-vpn:vpcCidr"]);
  });
});
