/**
 * The stack program hands the stack's config to Vpn as args, and Vpn validates them once; the
 * program says every problem of the config keys, exactly as validateConfig (the offline plan's
 * check) does, and builds nothing. Run through the program's own `main` under bare mocks, since
 * the evaluator refuses an invalid config before the program runs.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { before, describe, it } from "node:test";
import { ConfigError, PROJECT, rawFromRuntimeConfig, stackArgs, validateConfig, type RawConfig } from "../../infra/config";
import { validateVpnArgs } from "../../infra/components/vpn";
import { main } from "../../infra/program";
import { readStackConfig, toRuntimeConfig, withConfig } from "../helpers";

/** Runs the program on `raw`; returns the ConfigError it throws and the resources it registered. */
function run(raw: RawConfig): { error: unknown; registered: string[] } {
  registered.length = 0;
  pulumi.runtime.setAllConfig(toRuntimeConfig(raw));
  try {
    main(() => undefined);
  } catch (error) {
    return { error, registered: [...registered] };
  }
  return { error: undefined, registered: [...registered] };
}

const registered: string[] = [];

describe("the stack program's problems are the config's, under config keys", () => {
  before(async () => {
    await pulumi.runtime.setMocks({
      newResource: (args) => {
        registered.push(args.name);
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: (args) => args.inputs,
    }, PROJECT, "dev", false);
  });

  const cases: [string, RawConfig][] = [
    ["bad values, a missing region, an unknown region, an unknown key, a flat nested key", withConfig("dev", {
      vpcCidr: "10.0.0.0/33",
      routing: "bgp",
      azureAsn: 65000.5,
      colour: "blue",
      "ipsec.phase1": "x",
      "aws:region": undefined,
      "azure-native:location": "eastus9",
    })],
    ["an unknown field inside a setting, a bad IPsec value", withConfig("dev", { ipsec: { phase1: { dhGroup: 5, colour: 1 } } })],
    ["test hosts without a key", withConfig("dev", { sshPublicKey: undefined })],
    ["a misspelt namespace and a region setting of ours, with a bad value", withConfig("dev", { "azure-aws-vpm:protect": true, azureLocation: "eastus", vpcCidr: "10.0.0.1/16" })],
  ];
  for (const [name, raw] of cases) {
    it(`${name}: one ConfigError with validateConfig's issues, nothing registered`, () => {
      // As the program sees it: every value a string, ours parsed back.
      const expected = validateConfig(rawFromRuntimeConfig(toRuntimeConfig(raw)), "dev");
      assert.equal(expected.ok, false);
      const { error, registered: names } = run(raw);
      assert.ok(error instanceof ConfigError, String(error));
      assert.deepEqual(error.issues, !expected.ok && expected.errors);
      assert.doesNotMatch(error.message, /VpnArgs/);
      assert.deepEqual(names, []);
    });
  }

  it("the words the stack config has of its own: the regions, keys that are no setting", () => {
    const raw = cases[0]![1];
    const result = validateConfig(raw, "dev");
    assert.ok(!result.ok);
    const rules = Object.fromEntries(result.errors.map((issue) => [issue.key, issue.rule]));
    assert.match(rules["aws:region"]!, /^must be set to an AWS region, e.g. us-east-1 \(pulumi config set aws:region us-east-1\)$/);
    assert.match(rules["azure-native:location"]!, /^is not an Azure location .*did you mean/);
    assert.equal(rules[`${PROJECT}:colour`], "is not a setting of this program (see the config reference in README.md)");
    assert.match(rules[`${PROJECT}:ipsec.phase1`]!, /use pulumi config set --path 'azure-aws-vpn:ipsec\.phase1' <value>$/);
  });

  it("the stack config read as args validates, as Vpn's args, to the config validateConfig gives", () => {
    for (const stack of ["dev", "prod", "scale"]) {
      const raw = readStackConfig(stack);
      const expected = validateConfig(raw, stack);
      assert.ok(expected.ok);
      const { args, issues } = stackArgs(raw);
      assert.deepEqual(issues, []);
      assert.deepEqual(validateVpnArgs(args as never, stack).config, expected.config);
    }
  });
});
