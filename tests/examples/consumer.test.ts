/**
 * The consumer example (examples/consumer) under Pulumi's mocks, reading the REAL outputs of our
 * stacks (evaluated offline) through a mocked StackReference.
 *
 * How the mock answers the StackReference: @pulumi/pulumi's StackReference is a CustomResource of
 * type "pulumi:pulumi:StackReference" *read* with id = the stack name (so the mock monitor's
 * readResource calls newResource with args.id set); its state is { name, outputs,
 * secretOutputNames }. getOutput/requireOutput take a name's secretness from secretOutputNames,
 * while the engine also wraps each secret value inside `outputs` in the secret wire marker (which
 * makes the whole `outputs` property secret). The mock does both, as the engine does.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { promiseOf, toRuntimeConfig } from "../../offline/evaluate";
import { evaluateOk, evaluateStacksOk, readStackConfig, withConfig, type Evaluation } from "../helpers";
import { CONTRACT_VERSION } from "../../infra/outputs";
import { SUPPORTED_CONTRACT_VERSIONS, VpnContractError } from "../../examples/consumer/contract";
import consumerEntryPoint from "../../examples/consumer/index";
import { consume, CONSUMER_PROJECT, readConsumerConfig, type ConsumerArgs, type ConsumerResult } from "../../examples/consumer/program";
import { TYPES } from "../../infra/types";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const SG_INGRESS_RULE = TYPES.securityGroupIngressRule;
const NSG_RULE = TYPES.securityRule;
/** Pulumi's wire marker for a secret value (@pulumi/pulumi runtime/rpc specialSigKey / specialSecretSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

const VPN_STACK = "organization/azure-aws-vpn/dev";

const ARGS: ConsumerArgs = {
  vpnStack: VPN_STACK,
  awsSecurityGroupId: "sg-0123456789abcdef0",
  azureNsgResourceGroupName: "rg-app",
  azureNsgName: "nsg-app",
  azureNsgRuleName: "allow-from-aws-vpc",
  azureNsgRulePriority: 300,
  protocol: "tcp",
  port: 443,
};

interface Registered {
  type: string;
  name: string;
  id?: string;
  /** Inputs as the provider receives them: secret values still wrapped in the wire marker. */
  inputs: Record<string, unknown>;
}

interface PublishedStack {
  outputs: Record<string, unknown>;
  secretOutputNames: string[];
}

function isWireSecret(value: unknown): boolean {
  return value !== null && typeof value === "object" && (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

/** Mocks for the consumer: the referenced stacks by fully qualified name; every other resource echoes its inputs. */
class ConsumerMocks implements pulumi.runtime.Mocks {
  readonly registered: Registered[] = [];

  constructor(private readonly stacks: Record<string, PublishedStack>) {}

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    throw new Error(`the consumer made an unexpected invoke: ${args.token}`);
  }

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
    const inputs = (args.inputs ?? {}) as Record<string, unknown>;
    this.registered.push({ type: args.type, name: args.name, id: args.id, inputs });
    if (args.type === STACK_REFERENCE) {
      const name = inputs["name"];
      assert.equal(typeof name, "string", "a StackReference is read with its stack name as input");
      assert.equal(args.id, name, "a StackReference is read with id = its stack name");
      const stack = this.stacks[name as string];
      if (stack === undefined) throw new Error(`no stack ${String(name)}`);
      const outputs = Object.fromEntries(
        Object.entries(stack.outputs).map(([key, value]) => [key, stack.secretOutputNames.includes(key) ? { [SIG_KEY]: SECRET_SIG, value } : value]),
      );
      return { id: args.id, state: { name, outputs, secretOutputNames: stack.secretOutputNames } };
    }
    return { id: `${args.name}-id`, state: { ...inputs } };
  }

  ofType(type: string): Registered[] {
    return this.registered.filter((r) => r.type === type);
  }
}

/** Runs the consumer against `published` under fresh mocks (after any VPN evaluation). */
async function runConsumer(published: PublishedStack, args: ConsumerArgs = ARGS): Promise<{ mocks: ConsumerMocks; result: ConsumerResult }> {
  const mocks = new ConsumerMocks({ [VPN_STACK]: published });
  await pulumi.runtime.setMocks(mocks, CONSUMER_PROJECT, "dev", false);
  const result = await consume(args);
  // Wait until every rule is registered (its id resolves once the mock answered).
  await promiseOf(pulumi.all([...result.awsIngressRules.map((r) => r.id), result.azureNsgRule.id]));
  return { mocks, result };
}

/** Our stack's outputs as the engine publishes them (absent outputs are not published). */
function published(evaluation: Evaluation, secretOutputNames: string[] = []): PublishedStack {
  assert.equal(evaluation.error, undefined, `the ${evaluation.stack} stack failed to evaluate: ${evaluation.error?.message}`);
  return { outputs: structuredClone(evaluation.outputs), secretOutputNames };
}

function azurePrefixes(evaluation: Evaluation): string[] {
  return (evaluation.outputs["azure"] as { vnetAddressSpace: string[] }).vnetAddressSpace;
}

function vpcCidr(evaluation: Evaluation): string {
  return (evaluation.outputs["aws"] as { vpcCidr: string }).vpcCidr;
}

/** What the consumer's rules admit, read from the registered inputs (secret markers unwrapped). */
function unwrap(value: unknown): unknown {
  return isWireSecret(value) ? (value as Record<string, unknown>)["value"] : value;
}

function assertRulesAdmitExactly(mocks: ConsumerMocks, prefixes: string[], cidr: string): void {
  const sgRules = mocks.ofType(SG_INGRESS_RULE);
  assert.deepEqual(
    sgRules.map((r) => unwrap(r.inputs["cidrIpv4"])).sort(),
    [...prefixes].sort(),
    "one AWS ingress rule per Azure VNet prefix, and nothing else",
  );
  for (const rule of sgRules) {
    assert.equal(rule.inputs["securityGroupId"], ARGS.awsSecurityGroupId);
    assert.equal(rule.inputs["ipProtocol"], "tcp");
    assert.equal(rule.inputs["fromPort"], 443);
    assert.equal(rule.inputs["toPort"], 443);
  }
  const nsgRules = mocks.ofType(NSG_RULE);
  assert.equal(nsgRules.length, 1, "one NSG rule");
  const nsgRule = nsgRules[0]!;
  assert.equal(unwrap(nsgRule.inputs["sourceAddressPrefix"]), cidr, "the NSG rule admits exactly the VPC CIDR");
  assert.equal(nsgRule.inputs["sourceAddressPrefixes"], undefined, "no other sources");
  assert.deepEqual(unwrap(nsgRule.inputs["destinationAddressPrefixes"]), prefixes, "to the VNet");
  assert.equal(nsgRule.inputs["direction"], "Inbound");
  assert.equal(nsgRule.inputs["access"], "Allow");
  assert.equal(nsgRule.inputs["protocol"], "Tcp");
  assert.equal(nsgRule.inputs["destinationPortRange"], "443");
  assert.equal(nsgRule.inputs["networkSecurityGroupName"], ARGS.azureNsgName);
  assert.equal(nsgRule.inputs["resourceGroupName"], ARGS.azureNsgResourceGroupName);
}

describe("examples/consumer: reads our outputs through a StackReference", () => {
  let dev: Evaluation;
  let prod: Evaluation;
  // Evaluations first (evaluateStack sets its own mocks); the consumer sets its mocks afterwards.
  before(async () => ({ dev, prod } = await evaluateStacksOk("dev", "prod")));

  it("reads the dev stack's real outputs: contract version, SG rules for exactly the Azure prefixes, NSG rule for exactly the VPC CIDR", async () => {
    const { mocks, result } = await runConsumer(published(dev));
    const reads = mocks.ofType(STACK_REFERENCE);
    assert.equal(reads.length, 1);
    assert.equal(reads[0]!.inputs["name"], VPN_STACK);
    assert.equal(result.vpn.contractVersion, CONTRACT_VERSION);
    assertRulesAdmitExactly(mocks, azurePrefixes(dev), vpcCidr(dev));
    assert.deepEqual(await promiseOf(result.admittedAzurePrefixes), azurePrefixes(dev));
    assert.equal(await promiseOf(result.admittedVpcCidr), vpcCidr(dev));
    // The typed Outputs carry the real values, field by field.
    assert.deepEqual(await promiseOf(result.vpn.azure), dev.outputs["azure"]);
    assert.deepEqual(await promiseOf(result.vpn.aws), dev.outputs["aws"]);
    assert.deepEqual(await promiseOf(result.vpn.tunnels), dev.outputs["tunnels"]);
    assert.equal(await promiseOf(result.vpn.routing), dev.outputs["routing"]);
    assert.deepEqual(await promiseOf(result.vpn.testHosts), dev.outputs["testHosts"]);
    assert.equal(await promiseOf(result.vpn.monitoring), undefined, "dev publishes no monitoring output");
    // Nothing is secret when the VPN stack publishes nothing secret.
    assert.equal(await pulumi.isSecret(result.admittedAzurePrefixes), false);
    assert.equal(await pulumi.isSecret(result.admittedVpcCidr), false);
  });

  it("reads the prod stack (BGP, transit gateway, four tunnels, no test hosts)", async () => {
    const { mocks, result } = await runConsumer(published(prod));
    assertRulesAdmitExactly(mocks, azurePrefixes(prod), vpcCidr(prod));
    assert.equal(await promiseOf(result.vpn.testHosts), undefined, "testHosts is not published without test VMs");
    assert.equal((await promiseOf(result.vpn.tunnels)).length, 4);
    assert.deepEqual(await promiseOf(result.vpn.monitoring), prod.outputs["monitoring"], "the optional monitoring output, as published");
    assert.equal((await promiseOf(result.vpn.monitoring))?.awsTunnelAlarmNames.length, 4);
  });

  it("declares one AWS ingress rule per Azure prefix when the VNet has several", async () => {
    const devTwoPrefixes = await evaluateOk("dev", withConfig("dev", { vnetAddressSpace: ["172.10.0.0/16", "172.11.0.0/16"] }));
    assert.deepEqual(azurePrefixes(devTwoPrefixes), ["172.10.0.0/16", "172.11.0.0/16"]);
    const { mocks } = await runConsumer(published(devTwoPrefixes));
    assert.equal(mocks.ofType(SG_INGRESS_RULE).length, 2);
    assertRulesAdmitExactly(mocks, azurePrefixes(devTwoPrefixes), vpcCidr(devTwoPrefixes));
  });

  for (const secret of ["azure", "aws"] as const) {
    it(`keeps a secret output secret: the VPN stack's \`${secret}\` output marked secret`, async () => {
      const { mocks, result } = await runConsumer(published(dev, [secret]));
      const azureSecret = secret === "azure";
      // What the consumer derives from the secret output is secret; what it derives from the other is not.
      assert.equal(await pulumi.isSecret(result.vpn.azure), azureSecret);
      assert.equal(await pulumi.isSecret(result.vpn.aws), !azureSecret);
      assert.equal(await pulumi.isSecret(result.vpn.tunnels), false, "an output not marked secret is not tainted by another");
      assert.equal(await pulumi.isSecret(result.admittedAzurePrefixes), azureSecret);
      assert.equal(await pulumi.isSecret(result.admittedVpcCidr), !azureSecret);
      for (const rule of result.awsIngressRules) assert.equal(await pulumi.isSecret(rule.cidrIpv4), azureSecret, "SG rule cidrIpv4");
      assert.equal(await pulumi.isSecret(result.azureNsgRule.sourceAddressPrefix), !azureSecret, "NSG rule sourceAddressPrefix");
      // On the wire: the providers (and the state) get the value marked secret, never in the clear.
      for (const rule of mocks.ofType(SG_INGRESS_RULE)) assert.equal(isWireSecret(rule.inputs["cidrIpv4"]), azureSecret, "SG rule cidrIpv4 on the wire");
      const nsgRule = mocks.ofType(NSG_RULE)[0]!;
      assert.equal(isWireSecret(nsgRule.inputs["sourceAddressPrefix"]), !azureSecret, "NSG rule sourceAddressPrefix on the wire");
      assert.equal(isWireSecret(nsgRule.inputs["destinationAddressPrefixes"]), azureSecret, "NSG rule destinationAddressPrefixes on the wire");
      // No resource name carries a value of the secret output.
      const secretValues = secret === "azure" ? azurePrefixes(dev) : [vpcCidr(dev)];
      for (const r of mocks.registered) for (const value of secretValues) assert.ok(!r.name.includes(value), `${r.type} ${r.name} names a secret value`);
      // And the rules still admit exactly the right addresses.
      assertRulesAdmitExactly(mocks, azurePrefixes(dev), vpcCidr(dev));
    });
  }

  it("fails with a clear message on an unsupported contractVersion, before declaring any rule", async () => {
    const unsupported = CONTRACT_VERSION + 1;
    assert.ok(!SUPPORTED_CONTRACT_VERSIONS.includes(unsupported));
    const stack = published(dev);
    stack.outputs["contractVersion"] = unsupported;
    const mocks = new ConsumerMocks({ [VPN_STACK]: stack });
    await pulumi.runtime.setMocks(mocks, CONSUMER_PROJECT, "dev", false);
    await assert.rejects(consume(ARGS), (err: unknown) => {
      assert.ok(err instanceof VpnContractError, `expected a VpnContractError, got ${String(err)}`);
      assert.equal(
        err.message,
        `Stack ${VPN_STACK} publishes outputs contract version ${unsupported}, but this consumer supports only version ${CONTRACT_VERSION}. ` +
          `Update infra/outputs.ts from the azure-aws-vpn project and adapt this program to the fields that changed ` +
          `(README.md, "Outputs: the contract").`,
      );
      return true;
    });
    assert.deepEqual(mocks.registered.map((r) => r.type), [STACK_REFERENCE], "nothing but the StackReference was declared");
  });

  it("fails with a clear message when the stack publishes no contractVersion", async () => {
    const stack = published(dev);
    delete stack.outputs["contractVersion"];
    await pulumi.runtime.setMocks(new ConsumerMocks({ [VPN_STACK]: stack }), CONSUMER_PROJECT, "dev", false);
    await assert.rejects(consume(ARGS), (err: unknown) => err instanceof VpnContractError && err.message.startsWith(`Stack ${VPN_STACK} has no contractVersion output`));
  });

  it("refuses an aws:region other than the VPN's region", async () => {
    await pulumi.runtime.setMocks(new ConsumerMocks({ [VPN_STACK]: published(dev) }), CONSUMER_PROJECT, "dev", false);
    await assert.rejects(consume({ ...ARGS, awsRegion: "eu-west-1" }), /VPC is in us-east-1, but this stack's aws:region is eu-west-1/);
  });

  it("index.ts (the `pulumi up` entry point) runs the program from the stack config and exports what it admits", async () => {
    const mocks = new ConsumerMocks({ [VPN_STACK]: published(dev) });
    await pulumi.runtime.setMocks(mocks, CONSUMER_PROJECT, "dev", false);
    pulumi.runtime.setAllConfig(toRuntimeConfig(readStackConfig("dev", `${__dirname}/../../examples/consumer`)));
    const outputs = await consumerEntryPoint();
    assert.deepEqual(Object.keys(outputs).sort(), ["admittedAzurePrefixes", "admittedVpcCidr", "awsIngressRuleIds", "azureNsgRuleId", "vpnContractVersion"]);
    assert.equal(outputs.vpnContractVersion, CONTRACT_VERSION);
    assert.deepEqual(await promiseOf(outputs.admittedAzurePrefixes), azurePrefixes(dev));
    assert.equal(await promiseOf(outputs.admittedVpcCidr), vpcCidr(dev));
    assert.equal((await promiseOf(pulumi.all(outputs.awsIngressRuleIds))).length, azurePrefixes(dev).length);
    assert.equal(await promiseOf(outputs.azureNsgRuleId), "from-aws-vpc-id");
    assertRulesAdmitExactly(mocks, azurePrefixes(dev), vpcCidr(dev));
  });

  it("reads its own example stack config (examples/consumer/Pulumi.dev.yaml), and rejects a bad one with every problem", async () => {
    const raw = readStackConfig("dev", `${__dirname}/../../examples/consumer`);
    await pulumi.runtime.setMocks(new ConsumerMocks({}), CONSUMER_PROJECT, "dev", false);
    pulumi.runtime.setAllConfig(toRuntimeConfig(raw));
    assert.deepEqual(readConsumerConfig(), { ...ARGS, awsRegion: "us-east-1" });
    pulumi.runtime.setAllConfig(
      toRuntimeConfig({
        ...raw,
        [`${CONSUMER_PROJECT}:vpnStack`]: "dev",
        [`${CONSUMER_PROJECT}:port`]: 70000,
        [`${CONSUMER_PROJECT}:azureNsgRulePriority`]: 50,
      }),
    );
    assert.throws(() => readConsumerConfig(), (err: unknown) => {
      assert.ok(err instanceof Error);
      assert.match(err.message, /vpnStack "dev" must be a fully qualified stack name/);
      assert.match(err.message, /port 70000 must be an integer from 1 to 65535/);
      assert.match(err.message, /azureNsgRulePriority 50 must be an integer from 100 to 4096/);
      return true;
    });
  });
});
