/**
 * `awsRegion` decides where the AWS resources go: every AWS resource (and the AMI lookup) carries
 * it as `region`, so a `Vpn` whose awsRegion differs from the caller's aws provider still builds
 * in awsRegion, where its zones were checked.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { evaluateStack, evaluateStacksOk, modeConfig, type Evaluation } from "../helpers";
import { OTHER_REGION } from "./fixtures/vpn-in-another-region";

const awsResources = (e: Evaluation) => e.resources.filter((r) => r.type.startsWith("aws:"));

function regionsOf(e: Evaluation): Map<string, unknown> {
  return new Map(awsResources(e).map((r) => [`${r.type} ${r.name}`, r.inputs["region"]]));
}

describe("awsRegion", () => {
  it("is the region of every AWS resource of every committed stack", async () => {
    const stacks = await evaluateStacksOk("dev", "prod", "scale");
    for (const [stack, e] of Object.entries(stacks)) {
      const expected = e.config?.awsRegion;
      assert.equal(typeof expected, "string", `${stack} names aws:region`);
      assert.ok(awsResources(e).length > 10, `${stack} has AWS resources`);
      for (const [resource, region] of regionsOf(e)) assert.equal(region, expected, `${stack}: ${resource}`);
    }
  });

  it("wins over the aws provider's region: a Vpn in eu-west-1 from a us-east-1 stack builds every AWS resource in eu-west-1", async () => {
    const { stack, raw } = modeConfig("bgp-active-active-tgw");
    assert.notEqual(raw["aws:region"], OTHER_REGION);
    const e = await evaluateStack({ stack, raw, program: { module: path.join(__dirname, "fixtures", "vpn-in-another-region.ts"), export: "vpnInAnotherRegion" } });
    assert.equal(e.error, undefined, e.error?.message);
    const regions = regionsOf(e);
    assert.ok(regions.size > 10);
    for (const [resource, region] of regions) assert.equal(region, OTHER_REGION, resource);
    const output = e.outputs["aws"] as { region?: string } | undefined;
    assert.equal(output?.region, OTHER_REGION, "the outputs contract names the region the resources are in");
  });
});
