/**
 * The policy pack through the real CLI: `pulumi preview --policy-pack policy --policy-pack-config
 * policy/config.prod.json` on the prod stack, against the fake cloud. prod passes; for every
 * mandatory policy of policy/policies.ts, a config (where one can break it) or a program (where
 * only a program can) that breaks it is refused by the CLI, the engine naming the policy in a
 * mandatory policy event and the CLI in its output.
 *
 * The CLI starts the pack folder through the Node.js language host (./policyHost.ts, attached by
 * PULUMI_DEBUG_LANGUAGES). The breaking programs are the stack program with one change: a stack
 * transformation (as a bug in the program's mapping would be) or one extra resource.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as awsEc2 from "@pulumi/aws/ec2";
import { LocalWorkspace, PulumiCommand, type EngineEvent, type PolicyEvent, type PulumiFn } from "@pulumi/pulumi/automation";
import { PROJECT } from "../../infra/config";
import { main } from "../../infra/program";
import { TYPES } from "../../infra/types";
import { REPO_ROOT } from "../../offline/stackConfig";
import { vpnPolicies } from "../../policy/policies";
import { pulumiCli } from "./cli";
import { cliEnv, committedConfig, newSite, removeSite, run, startSiteCloud, type Site } from "./harness";
import { startPolicyLanguageHost, type PolicyLanguageHost } from "./policyHost";

const PACK = path.join(REPO_ROOT, "policy");
const PROD_CONFIG = path.join(PACK, "config.prod.json");
const POLICY_OPTIONS = { policyPacks: [PACK], policyPackConfigs: [PROD_CONFIG] };

interface PackPreview {
  ok: boolean;
  /** The engine's policy events (one per violation). */
  violations: PolicyEvent[];
  /** What the CLI printed and the operation's error. */
  output: string;
  seconds: number;
}

/**
 * harness.run's preview with the pack, for another inline program, keeping the policy events and
 * the CLI's output (harness.run keeps error diagnostics only, where the engine says just
 * "preview failed").
 */
async function previewWithPack(site: Site, program: PulumiFn): Promise<PackPreview> {
  const cloud = await startSiteCloud(site);
  const violations: PolicyEvent[] = [];
  const onEvent = (event: EngineEvent): void => {
    if (event.policyEvent) violations.push(event.policyEvent);
  };
  const started = process.hrtime.bigint();
  let ok = true;
  let output = "";
  try {
    const cli = pulumiCli();
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: site.stack, projectName: PROJECT, program },
      {
        workDir: path.join(site.root, "project"),
        pulumiHome: path.join(site.root, "home"),
        pulumiCommand: await PulumiCommand.get({ root: cli.automationRoot }),
        envVars: cliEnv(cloud),
      },
    );
    output = (await stack.preview({ onEvent, color: "never", ...POLICY_OPTIONS })).stdout;
  } catch (error) {
    ok = false;
    output = error instanceof Error ? error.message : String(error);
  } finally {
    await cloud.close();
  }
  return { ok, violations, output, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** The stack program with a stack transformation applied to every resource of `type`. */
function transformed(type: string, change: (props: Record<string, unknown>) => Record<string, unknown>): PulumiFn {
  return async () => {
    pulumi.runtime.registerStackTransformation((args) => (args.type === type ? { props: change(args.props as Record<string, unknown>), opts: args.opts } : undefined));
    return main();
  };
}

interface Breach {
  policy: string;
  how: string;
  config?: Record<string, unknown>;
  program?: PulumiFn;
}

const BREACHES: Breach[] = [
  { policy: "ikev2-only", how: "config ipsec.ikeVersion ikev1 (startupAction add, which IKEv1 needs)", config: { "azure-aws-vpn:ipsec": { ikeVersion: "ikev1", startupAction: "add" } } },
  { policy: "strong-ipsec-crypto", how: "config ipsec.phase1.dhGroup 2", config: { "azure-aws-vpn:ipsec": { phase1: { dhGroup: 2 } } } },
  {
    policy: "gateway-sku",
    how: "program: the gateway's SKU VpnGw2 (config validation refuses it, so only a program can)",
    program: transformed(TYPES.gateway, (props) => ({ ...props, sku: { name: "VpnGw2", tier: "VpnGw2" } })),
  },
  {
    policy: "keys-from-secrets",
    how: "program: the Azure connections without sharedKey",
    program: transformed(TYPES.connection, (props) => Object.fromEntries(Object.entries(props).filter(([key]) => key !== "sharedKey"))),
  },
  {
    policy: "keys-generated",
    how: "program: a literal sharedKey on the Azure connections",
    program: transformed(TYPES.connection, (props) => ({ ...props, sharedKey: "Typed.By.A.Person.2024" })),
  },
  {
    policy: "no-open-admin-ports",
    how: "program: an extra security group admitting SSH from 0.0.0.0/0 (config validation refuses such an adminCidr)",
    program: async () => {
      const outputs = main();
      new awsEc2.SecurityGroup("bastion", { vpcId: outputs.aws.apply((a) => a.vpcId), ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] });
      return outputs;
    },
  },
  { policy: "prod-protection", how: "config protect false", config: { "azure-aws-vpn:protect": false } },
  { policy: "prod-monitoring", how: "config monitoring.enabled false", config: { "azure-aws-vpn:monitoring": { enabled: false } } },
];

const mandatory = (r: PackPreview): PolicyEvent[] => r.violations.filter((v) => v.enforcementLevel === "mandatory");
const show = (r: PackPreview): string => `${r.violations.map((v) => `[${v.enforcementLevel}] ${v.policyName}: ${v.message.trim()}`).join("\n")}\n${r.output}`;

describe("the policy pack under the real CLI (pulumi preview --policy-pack policy, prod)", () => {
  let host: PolicyLanguageHost;
  const sites: Site[] = [];
  const site = (config: Record<string, unknown> = {}): Site => {
    const s = newSite("prod", { ...committedConfig("prod"), ...config });
    sites.push(s);
    return s;
  };

  before(async () => {
    host = await startPolicyLanguageHost();
    process.env["PULUMI_DEBUG_LANGUAGES"] = host.debugLanguages;
  });
  after(async () => {
    await host.close();
    sites.forEach(removeSite);
  });

  it("every mandatory policy of the pack has a breach below", () => {
    const names = vpnPolicies(() => "prod").filter((p) => (p.enforcementLevel ?? "mandatory") === "mandatory").map((p) => p.name);
    assert.deepEqual([...names].sort(), BREACHES.map((b) => b.policy).sort());
  });

  it("prod as committed passes with no mandatory violation (harness run)", async () => {
    const result = await run(site(), "preview", POLICY_OPTIONS);
    assert.ok(result.ok, result.errors.join("\n"));
    assert.deepEqual(result.errors, []);
    assert.ok(result.steps.length > 10);
    assert.deepEqual(host.started.at(-1)?.stack, "prod", "the pack was told the stack it runs for");
    process.stdout.write(`# policy preview prod: ${result.seconds.toFixed(1)} s\n`);
  });

  it("prod as committed: the engine reports no policy event at all", async () => {
    const result = await previewWithPack(site(), async () => main());
    assert.ok(result.ok, show(result));
    assert.deepEqual(result.violations, []);
    process.stdout.write(`# policy preview prod (events): ${result.seconds.toFixed(1)} s\n`);
  });

  for (const breach of BREACHES) {
    it(`${breach.policy}: ${breach.how} is refused`, async () => {
      const result = await previewWithPack(site(breach.config), breach.program ?? (async () => main()));
      assert.equal(result.ok, false, `the CLI let it through:\n${show(result)}`);
      const found = mandatory(result);
      assert.ok(found.some((v) => v.policyName === breach.policy), `no mandatory ${breach.policy} violation:\n${show(result)}`);
      assert.deepEqual([...new Set(found.map((v) => v.policyName))], [breach.policy], `only ${breach.policy} is broken:\n${show(result)}`);
      assert.ok(found.every((v) => v.policyPackName === "azure-aws-vpn"));
      assert.match(result.output, new RegExp(`\\b${breach.policy}\\b`), "the CLI's output names the policy");
      process.stdout.write(`# policy ${breach.policy} refused (${found.length} violation${found.length === 1 ? "" : "s"}): ${result.seconds.toFixed(1)} s\n`);
    });
  }

  it("prod-protection fails closed when the pack is not told its stack (no production stack passes for lack of a name)", async () => {
    // A host that starts the pack without PULUMI_NODEJS_STACK: @pulumi/pulumi then answers the
    // placeholder stack "stack", which used to make prod look like a non-production stack.
    const blind = await startPolicyLanguageHost({ tellStack: false });
    process.env["PULUMI_DEBUG_LANGUAGES"] = blind.debugLanguages;
    try {
      const result = await previewWithPack(site({ "azure-aws-vpn:protect": false }), async () => main());
      assert.equal(result.ok, false, `the CLI let an unprotected prod through:\n${show(result)}`);
      const names = new Set(mandatory(result).map((v) => v.policyName));
      assert.ok(names.has("prod-protection") && names.has("prod-monitoring"), show(result));
      assert.match(mandatory(result).map((v) => v.message).join("\n"), /cannot tell which stack this is/);
      process.stdout.write(`# policy without a stack name fails closed: ${result.seconds.toFixed(1)} s\n`);
    } finally {
      process.env["PULUMI_DEBUG_LANGUAGES"] = host.debugLanguages;
      await blind.close();
    }
  });
});
