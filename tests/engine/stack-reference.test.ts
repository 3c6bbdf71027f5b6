/**
 * A real StackReference: dev deployed through the real CLI against the fake cloud, then the
 * consumer example (examples/consumer) as a second project and stack on the SAME file backend
 * (same site, passphrase and fake cloud), its committed Pulumi.dev.yaml as its config. The
 * engine's own StackReference (the builtin provider reading dev's checkpoint) must hand the
 * consumer exactly the outputs `pulumi up` of dev returned, and the consumer's rules must admit
 * exactly dev's VNet prefixes and VPC CIDR.
 *
 * The consumer runs as an inline program wrapping examples/consumer's `consume(readConsumerConfig())`
 * (what index.ts runs), exporting index.ts's outputs plus what it read of the contract.
 */
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { stringify } from "yaml";
import { CONSUMER_PROJECT, consume, readConsumerConfig } from "../../examples/consumer/program";
import { OUTPUT_NAMES } from "../../infra/outputs";
import { TYPES } from "../../infra/types";
import { REPO_ROOT } from "../../offline/stackConfig";
import { pulumiCli } from "./cli";
import { cliEnv, committedConfig, newSite, removeSite, run, startSiteCloud, worldOf, type Run, type Site } from "./harness";

const CONSUMER_DIR = path.join(REPO_ROOT, "examples", "consumer");
/** The team's security group the committed consumer config names: it exists before either stack. */
const TEAM_SECURITY_GROUP = "sg-0123456789abcdef0";

const failure = (r: Run): string => `${r.errors.join("\n")}\ncloud refusals: ${r.calls.filter((c) => c.refused).map((c) => c.refused).join("; ")}`;

/** The consumer's project folder beside the site's: its Pulumi.yaml names the site's backend. */
function consumerProject(site: Site): string {
  const dir = path.join(site.root, "consumer");
  mkdirSync(dir, { recursive: true });
  const backend = (readFileSync(path.join(site.root, "project", "Pulumi.yaml"), "utf8").match(/url: (file:\/\/\S+)/) ?? [])[1];
  assert.ok(backend, "the site's Pulumi.yaml names its backend");
  writeFileSync(path.join(dir, "Pulumi.yaml"), stringify({ name: CONSUMER_PROJECT, runtime: "nodejs", backend: { url: backend } }));
  copyFileSync(path.join(CONSUMER_DIR, "Pulumi.dev.yaml"), path.join(dir, "Pulumi.dev.yaml"));
  return dir;
}

/** The consumer's inline program: examples/consumer's, also exporting what it read of the contract. */
async function consumerProgram(): Promise<Record<string, unknown>> {
  const result = await consume(readConsumerConfig());
  const { vpn } = result;
  return {
    // index.ts's outputs
    vpnContractVersion: vpn.contractVersion,
    admittedAzurePrefixes: result.admittedAzurePrefixes,
    admittedVpcCidr: result.admittedVpcCidr,
    awsIngressRuleIds: result.awsIngressRules.map((rule) => rule.securityGroupRuleId),
    azureNsgRuleId: result.azureNsgRule.id,
    // what it read
    read: pulumi.output({ contractVersion: vpn.contractVersion, routing: vpn.routing, azure: vpn.azure, aws: vpn.aws, tunnels: vpn.tunnels, testHosts: vpn.testHosts, monitoring: vpn.monitoring }),
    referencedStack: vpn.stack,
  };
}

interface ConsumerUp {
  outputs: Record<string, { value: unknown; secret: boolean }>;
  seconds: number;
}

async function upConsumer(site: Site, dir: string): Promise<ConsumerUp> {
  const cloud = await startSiteCloud(site);
  const started = process.hrtime.bigint();
  try {
    const cli = pulumiCli();
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "dev", projectName: CONSUMER_PROJECT, program: consumerProgram },
      {
        workDir: dir,
        pulumiHome: path.join(site.root, "home"),
        pulumiCommand: await PulumiCommand.get({ root: cli.automationRoot }),
        envVars: cliEnv(cloud),
      },
    );
    const result = await stack.up({ color: "never" });
    return { outputs: result.outputs, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await cloud.close();
  }
}

describe("StackReference: the consumer example reads dev's outputs through the real engine", () => {
  let site: Site | undefined;
  after(() => site && removeSite(site));

  it("dev up, then the consumer up on the same backend sees exactly dev's outputs", async () => {
    site = newSite("dev", committedConfig("dev"));
    const dev = await run(site, "up");
    assert.ok(dev.ok, failure(dev));
    process.stdout.write(`# stack reference: dev up ${dev.seconds.toFixed(1)} s\n`);

    // The team's security group exists before the consumer (the consumer only adds rules to it).
    const world = worldOf(site);
    world.adopt(TYPES.securityGroup, TEAM_SECURITY_GROUP, { vpcId: (dev.outputs["aws"] as { vpcId: string }).vpcId });

    const consumer = await upConsumer(site, consumerProject(site));
    const value = (name: string): unknown => consumer.outputs[name]?.value;

    assert.equal(value("referencedStack"), "organization/azure-aws-vpn/dev");
    // Every contract output dev published, as `up` returned it; nothing dev did not publish.
    const read = value("read") as Record<string, unknown>;
    const published = Object.fromEntries(OUTPUT_NAMES.filter((name) => dev.outputs[name] !== undefined).map((name) => [name, dev.outputs[name]]));
    const seen = Object.fromEntries(Object.entries(read).filter(([, v]) => v !== undefined));
    assert.deepEqual(seen, published);
    assert.deepEqual(Object.keys(dev.outputs).sort(), Object.keys(published).sort(), "dev publishes only contract outputs");

    const azure = dev.outputs["azure"] as { vnetAddressSpace: string[] };
    const aws = dev.outputs["aws"] as { vpcCidr: string };
    assert.equal(value("vpnContractVersion"), dev.outputs["contractVersion"]);
    assert.deepEqual(value("admittedAzurePrefixes"), azure.vnetAddressSpace);
    assert.equal(value("admittedVpcCidr"), aws.vpcCidr);
    // Nothing dev marked secret, so nothing the consumer derived from it is.
    assert.deepEqual(Object.entries(consumer.outputs).filter(([, o]) => o.secret).map(([k]) => k), []);

    // What the fake cloud was asked to create for the consumer: one SG rule per prefix, one NSG rule.
    const created = worldOf(site).created();
    const sgRules = created.filter((o) => o.type === TYPES.securityGroupIngressRule);
    assert.deepEqual(sgRules.map((o) => o.inputs["cidrIpv4"]).sort(), [...azure.vnetAddressSpace].sort());
    assert.ok(sgRules.every((o) => o.inputs["securityGroupId"] === TEAM_SECURITY_GROUP));
    const nsgRules = created.filter((o) => o.type === TYPES.securityRule && o.urn.includes(CONSUMER_PROJECT));
    assert.equal(nsgRules.length, 1);
    assert.equal(nsgRules[0]!.inputs["sourceAddressPrefix"], aws.vpcCidr);
    assert.deepEqual(nsgRules[0]!.inputs["destinationAddressPrefixes"], azure.vnetAddressSpace);
    process.stdout.write(`# stack reference: consumer up ${consumer.seconds.toFixed(1)} s (${sgRules.length} SG rule${sgRules.length === 1 ? "" : "s"}, 1 NSG rule)\n`);
  });
});
