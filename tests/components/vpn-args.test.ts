/**
 * Vpn's args are checked by the stack config's rules, every problem at once, and phrased for the
 * component's args (`VpnArgs.vpcCidr = ...`), not as stack configuration. Pure: no Pulumi engine.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { describe, it } from "node:test";
import { loadConfig } from "../../infra/config";
import { validateVpnArgs, vpnArgsFromConfig, VpnArgsError, type VpnArgs } from "../../infra/components/vpn";
import { modeConfig } from "../helpers";

const good: VpnArgs = {
  azureLocation: "eastus",
  awsRegion: "us-east-1",
  vnetAddressSpace: ["10.1.0.0/16"],
  azureSubnets: [{ name: "subnet-01", cidr: "10.1.0.0/24" }],
  gatewaySubnetCidr: "10.1.255.0/27",
  vpcCidr: "10.2.0.0/16",
  awsSubnets: [{ name: "subnet-01", cidr: "10.2.0.0/24" }],
};

function problems(args: VpnArgs): string[] {
  try {
    validateVpnArgs(args, "test");
  } catch (err) {
    assert.ok(err instanceof VpnArgsError, String(err));
    return err.issues.map((i) => `${i.key}: ${i.rule}`);
  }
  return [];
}

describe("Vpn args validation", () => {
  it("accepts the minimal args, with the config's defaults", () => {
    const { config } = validateVpnArgs(good, "test");
    assert.equal(config.routing, "static");
    assert.equal(config.gatewaySku, "VpnGw1AZ");
    assert.deepEqual(config.tunnelInsideCidrs, ["169.254.21.0/30", "169.254.22.0/30"]);
  });

  it("lists every problem at once, each named VpnArgs.<arg> with the value and the rule", () => {
    const bad = { ...good, vpcCidr: "10.0.0.0/33", azureLocation: "", routing: "bgp", azureAsn: 65000.5, colour: "blue" } as unknown as VpnArgs;
    let error: unknown;
    try {
      validateVpnArgs(bad, "test");
    } catch (err) {
      error = err;
    }
    assert.ok(error instanceof VpnArgsError);
    const keys = error.issues.map((i) => i.key).sort();
    assert.deepEqual(keys, ["VpnArgs.azureAsn", "VpnArgs.azureLocation", "VpnArgs.colour", "VpnArgs.routing", "VpnArgs.vpcCidr"]);
    assert.match(error.message, /^VpnArgs has 5 problems; nothing was created:/);
    assert.match(error.message, /VpnArgs\.vpcCidr = "10\.0\.0\.0\/33": /);
    assert.doesNotMatch(error.message, /azure-aws-vpn:|azure-native:location|aws:region|stack configuration|pulumi config/);
  });

  it("checks integers, which the schema can only call numbers", () => {
    assert.deepEqual(problems({ ...good, awsAsn: 64512.5 }), ["VpnArgs.awsAsn: must be a whole number"]);
    assert.deepEqual(problems({ ...good, keyRotation: { c1t1: 1.5 } }), ["VpnArgs.keyRotation.c1t1: must be a whole number"]);
  });

  it("an Output or a secret where a plain arg is required: one line per arg, saying it must be plain", () => {
    const plain = /must be a plain value, known when the program runs \(not an Output, another resource's output or a secret\)/;
    const found = problems({ ...good, monitoring: pulumi.secret({ enabled: true }) as unknown as VpnArgs["monitoring"] });
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0]!, /^VpnArgs\.monitoring: /);
    assert.match(found[0]!, plain);
    assert.doesNotMatch(found.join("\n"), /__pulumiOutput|isKnown|promise/);
    const nested = problems({ ...good, vpcCidr: pulumi.output("10.2.0.0/16") as unknown as string, azureSubnets: [{ name: pulumi.output("subnet-01") as unknown as string, cidr: "10.1.0.0/24" }] });
    assert.deepEqual(nested.map((p) => p.split(":")[0]), ["VpnArgs.azureSubnets[0].name", "VpnArgs.vpcCidr"]);
    // sshPublicKey may be an Output.
    assert.deepEqual(problems({ ...good, sshPublicKey: pulumi.output("ssh-ed25519 AAAA") }), []);
  });

  it("the stack program's validated config becomes args that validate to the same config", () => {
    for (const mode of ["static-active-standby", "bgp-active-active-tgw"] as const) {
      const { stack, raw } = modeConfig(mode);
      const { config } = loadConfig(raw, stack);
      assert.deepEqual(validateVpnArgs(vpnArgsFromConfig(config), stack).config, config);
    }
  });
});
