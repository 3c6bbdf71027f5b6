import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scaledConfig } from "../../bench/scale";
import { validateConfig } from "../../infra/config";
import { readStackConfig } from "../helpers";

describe("the bench's scaled topology", () => {
  it("is a valid config with the asked number of subnets per side", () => {
    for (const size of [1, 128, 250]) {
      const raw = scaledConfig(readStackConfig("dev"), size);
      const result = validateConfig(raw, "dev");
      assert.ok(result.ok, `size ${size}: ${JSON.stringify(result)}`);
      assert.equal((raw["azure-aws-vpn:azureSubnets"] as unknown[]).length, size);
      assert.equal((raw["azure-aws-vpn:awsSubnets"] as unknown[]).length, size);
    }
  });

  it("refuses sizes outside 1..250", () => {
    for (const size of [0, 251, 1.5]) assert.throws(() => scaledConfig(readStackConfig("dev"), size), /1 to 250/);
  });
});
