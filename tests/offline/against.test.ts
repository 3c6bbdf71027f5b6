// Disruptive changes named against a git revision: what the pull-request pipeline shows before a deploy.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareAgainst, formatAgainst } from "../../offline/against";
import { readStackConfig } from "../helpers";

describe("plan --against a git revision", () => {
  it("names nothing when the stack file is unchanged", () => {
    const report = compareAgainst("HEAD", "prod");
    assert.equal(report.existed, true);
    assert.deepEqual(report.disruptions, []);
    assert.match(formatAgainst(report), /no disruptive change/);
  });

  it("refuses a gateway generation change in protected prod, naming the setting and the fix", () => {
    const changed = { ...readStackConfig("prod"), "azure-aws-vpn:gatewayGeneration": "Generation1" };
    const report = compareAgainst("HEAD", "prod", changed);
    assert.deepEqual(report.disruptions.map((d) => d.setting), ["gatewayGeneration"]);
    assert.deepEqual(report.refused.map((d) => d.setting), ["gatewayGeneration"]);
    const text = formatAgainst(report);
    assert.match(text, /gatewayGeneration: "Generation2" -> "Generation1"/);
    assert.match(text, /REFUSED/);
    assert.match(text, /acknowledgeDisruption/);
  });

  it("accepts the same change once acknowledged", () => {
    const changed = {
      ...readStackConfig("prod"),
      "azure-aws-vpn:gatewayGeneration": "Generation1",
      "azure-aws-vpn:acknowledgeDisruption": ["gatewayGeneration"],
    };
    const report = compareAgainst("HEAD", "prod", changed);
    assert.equal(report.disruptions.length, 1);
    assert.equal(report.disruptions[0]!.acknowledged, true);
    assert.deepEqual(report.refused, []);
  });

  it("names but does not refuse in an unprotected stack", () => {
    const changed = { ...readStackConfig("dev"), "azure-aws-vpn:publicIpZones": ["1"] };
    const report = compareAgainst("HEAD", "dev", changed);
    assert.deepEqual(report.disruptions.map((d) => d.setting), ["publicIpZones"]);
    assert.deepEqual(report.refused, []);
    assert.match(formatAgainst(report), /stack not protected/);
  });

  it("treats a stack file missing at the revision as a new stack", () => {
    const report = compareAgainst("HEAD", "nosuchstack", readStackConfig("dev"));
    assert.equal(report.existed, false);
    assert.match(formatAgainst(report), /new stack/);
  });
});
