/**
 * Runs the stack program under the real Pulumi CLI and engine against the fake cloud: a scratch
 * project (Pulumi.yaml, the stack's config file), a local file backend with passphrase secrets, a
 * private PULUMI_HOME (no plugin of the real clouds is found or fetched), and the fake providers
 * attached through PULUMI_DEBUG_PROVIDERS.
 *
 * The program runs as an Automation API inline program: the CLI drives it over Pulumi's own
 * language-runtime server in @pulumi/pulumi (`pulumi up --client=...`), because Pulumi's Node.js
 * language host is not among the Go modules our registries serve (see docs/development.md,
 * "Engine suite").
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, type EngineEvent, type Stack } from "@pulumi/pulumi/automation";
import { parse, stringify } from "yaml";
import { PROJECT } from "../../infra/config";
import { TYPES } from "../../infra/types";
import { main } from "../../infra/program";
import { REPO_ROOT } from "../../offline/stackConfig";
import { startFakeCloud, type FakeCloud, type FakePackage } from "./fakeCloud/provider";
import { World, type CloudCall } from "./fakeCloud/world";
import { pulumiCli } from "./cli";

export const PASSPHRASE = "engine-suite-passphrase";

/** The plugin versions the SDKs request (their package.json versions). */
function sdkVersions(): Record<FakePackage, string> {
  const version = (pkg: string): string => (JSON.parse(readFileSync(path.join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  return { aws: version("@pulumi/aws"), "azure-native": version("@pulumi/azure-native"), random: version("@pulumi/random") };
}

/** One deployment's folder: project, backend, PULUMI_HOME and the fake cloud's world file. */
export interface Site {
  root: string;
  stack: string;
}

const projectDir = (site: Site): string => path.join(site.root, "project");
const worldFile = (site: Site): string => path.join(site.root, "world.json");

/** A new site for `stack` with `config` (fully qualified keys) as its stack file's config. */
export function newSite(stack: string, config: Record<string, unknown>): Site {
  const root = mkdtempSync(path.join(tmpdir(), `aav-engine-${stack}-`));
  for (const dir of ["project", "backend", "home"]) mkdirSync(path.join(root, dir));
  writeFileSync(path.join(root, "project", "Pulumi.yaml"), stringify({ name: PROJECT, runtime: "nodejs", backend: { url: `file://${path.join(root, "backend")}` } }));
  const site = { root, stack };
  writeStackConfig(site, config);
  adoptExisting(site, config);
  return site;
}

/** The existing networks a config names (existing spokes), put in the fake cloud before the first run. */
export function adoptExisting(site: Site, config: Record<string, unknown>): void {
  const world = World.load(worldFile(site));
  const list = (key: string): Record<string, unknown>[] => (Array.isArray(config[key]) ? (config[key] as Record<string, unknown>[]) : []);
  const ids = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  for (const spoke of list("azure-aws-vpn:awsSpokes")) {
    if (typeof spoke["vpcId"] !== "string") continue;
    world.adopt(TYPES.vpc, spoke["vpcId"], { cidrBlock: spoke["cidr"] });
    for (const id of ids(spoke["subnetIds"])) world.adopt(TYPES.awsSubnet, id, { vpcId: spoke["vpcId"] });
    for (const id of ids(spoke["routeTableIds"])) world.adopt(TYPES.routeTable, id, { vpcId: spoke["vpcId"] });
  }
  for (const spoke of list("azure-aws-vpn:azureSpokes")) {
    if (typeof spoke["vnetId"] === "string") world.adopt(TYPES.vnet, spoke["vnetId"], { addressSpace: { addressPrefixes: spoke["addressSpace"] } });
  }
}

/** Replaces the site's stack config (the CLI keeps the encryption salt it wrote). */
export function writeStackConfig(site: Site, config: Record<string, unknown>): void {
  const file = path.join(projectDir(site), `Pulumi.${site.stack}.yaml`);
  const salt = existsSync(file) ? /^encryptionsalt: .*$/m.exec(readFileSync(file, "utf8"))?.[0] : undefined;
  writeFileSync(file, `${salt ? `${salt}\n` : ""}${stringify({ config })}`);
}

/** A copy of a site (its backend state and its world), to start a change from. */
export function copySite(site: Site): Site {
  const root = mkdtempSync(path.join(tmpdir(), `aav-engine-${site.stack}-`));
  cpSync(site.root, root, { recursive: true });
  // The backend URL in Pulumi.yaml names the folder.
  const project = path.join(root, "project", "Pulumi.yaml");
  writeFileSync(project, readFileSync(project, "utf8").replaceAll(site.root, root));
  return { root, stack: site.stack };
}

export function removeSite(site: Site): void {
  rmSync(site.root, { recursive: true, force: true });
}

export interface Run {
  /** The engine's step per resource (ResourcePreEvent metadata), in the order it began them. */
  steps: { op: string; urn: string; type: string }[];
  /** What the fake cloud was asked to do, in order, with its refusals. */
  calls: CloudCall[];
  /** The engine's diagnostics of severity error, and the operation's own error. */
  errors: string[];
  ok: boolean;
  outputs: Record<string, unknown>;
  seconds: number;
}

export type Operation = "up" | "preview" | "destroy" | "preview-no-changes";

export interface RunOptions {
  policyPacks?: string[];
  policyPackConfigs?: string[];
}

async function stackOf(site: Site, cloud: FakeCloud): Promise<Stack> {
  const cli = pulumiCli();
  const command = await PulumiCommand.get({ root: cli.automationRoot });
  return LocalWorkspace.createOrSelectStack(
    { stackName: site.stack, projectName: PROJECT, program: async () => main() },
    {
      workDir: projectDir(site),
      pulumiHome: path.join(site.root, "home"),
      pulumiCommand: command,
      envVars: {
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_DEBUG_PROVIDERS: cloud.debugProviders,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        // The CLI's folder, and tools/bin's policy-pack launcher (pulumi-analyzer-policy-nodejs).
        PATH: [cli.root, path.join(REPO_ROOT, "tools", "bin"), process.env["PATH"] ?? ""].join(path.delimiter),
      },
    },
  );
}

/** Runs one operation of the real engine on the site, the fake cloud answering. */
export async function run(site: Site, operation: Operation, options: RunOptions = {}): Promise<Run> {
  const world = World.load(worldFile(site));
  const cloud = await startFakeCloud(world, sdkVersions());
  const steps: Run["steps"] = [];
  const errors: string[] = [];
  const onEvent = (event: EngineEvent): void => {
    const meta = event.resourcePreEvent?.metadata;
    if (meta && meta.op !== "same") steps.push({ op: meta.op, urn: meta.urn, type: meta.type });
    const diag = event.diagnosticEvent;
    if (diag && diag.severity === "error") errors.push(diag.message.trim());
  };
  const started = process.hrtime.bigint();
  let ok = true;
  let outputs: Record<string, unknown> = {};
  try {
    const stack = await stackOf(site, cloud);
    const common = { onEvent, color: "never" as const, ...options };
    if (operation === "up") {
      const result = await stack.up(common);
      outputs = Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
    } else if (operation === "preview") await stack.preview(common);
    else if (operation === "preview-no-changes") await stack.preview({ ...common, expectNoChanges: true });
    else await stack.destroy({ onEvent, color: "never" });
  } catch (error) {
    ok = false;
    const message = error instanceof Error ? error.message : String(error);
    if (errors.length === 0) errors.push(message);
  } finally {
    await cloud.close();
  }
  return { steps, calls: world.calls, errors, ok, outputs, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/** The world after the site's runs (its live objects). */
export function worldOf(site: Site): World {
  return World.load(worldFile(site));
}

/** The repository's Pulumi.<stack>.yaml config, as written (not normalised: the CLI reads it). */
export function committedConfig(stack: string): Record<string, unknown> {
  const text = readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8");
  return (parse(text) as { config: Record<string, unknown> }).config;
}
