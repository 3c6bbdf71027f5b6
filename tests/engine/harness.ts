/**
 * Runs the stack program under the real Pulumi CLI and engine against the fake cloud: a scratch
 * project (Pulumi.yaml, the stack's config file), a local file backend with passphrase secrets, a
 * private PULUMI_HOME (no plugin of the real clouds is found or fetched), and the fake providers
 * attached through PULUMI_DEBUG_PROVIDERS.
 *
 * The program runs as an Automation API inline program: the CLI drives it over Pulumi's own
 * language-runtime server in @pulumi/pulumi (`pulumi up --client=...`), because Pulumi's Node.js
 * language host is not among the Go modules our registries serve (see README.md,
 * "Engine suite").
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { PROJECT, validateConfig, type RawConfig } from "../../infra/config";
import { hubPlan } from "../../infra/hub";
import { list, text } from "../../infra/props";
import { lookupsFor } from "../../offline/existingHub";
import { TYPES } from "../../infra/types";
import type { ProgramRef } from "../../offline/evaluation";
import { REPO_ROOT } from "../../offline/stackConfig";
import { spawn } from "node:child_process";
import { startFakeCloud, type FakeCloud, type FakePackage } from "./fakeCloud/provider";
import { World, type CloudCall } from "./fakeCloud/world";
import { pulumiCli } from "./cli";

export const PASSPHRASE = "engine-suite-passphrase";

/** The plugin versions the SDKs request (their package.json versions). */
export function sdkVersions(): Record<FakePackage, string> {
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

/** A new site for `stack` with `config` (fully qualified keys) as its stack file's config, in `project`. */
export function newSite(stack: string, config: Record<string, unknown>, project: string = PROJECT): Site {
  const root = mkdtempSync(path.join(tmpdir(), `aav-engine-${stack}-`));
  for (const dir of ["project", "backend", "home"]) mkdirSync(path.join(root, dir));
  writeFileSync(path.join(root, "project", "Pulumi.yaml"), stringify({ name: project, runtime: "nodejs", backend: { url: `file://${path.join(root, "backend")}` } }));
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
  adoptExistingHub(world, site.stack, config);
}

/**
 * An existing hub as a platform team has it, one that serves the stack's tunnels: what the offline
 * placeholders answer (offline/existingHub.ts), put in the fake cloud, which answers the program's
 * lookups from it. A test that wants a gateway that cannot serve changes the adopted object.
 */
function adoptExistingHub(world: World, stack: string, config: Record<string, unknown>): void {
  const raw = config as RawConfig;
  const result = validateConfig(raw, stack);
  const answers = result.ok ? lookupsFor(result.config, raw) : undefined;
  if (answers === undefined || !result.ok) return;
  const hub = hubPlan(result.config);
  const group = (subscriptionId: string, name: string): string => `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
  if (hub.azure.vnet) {
    const v = hub.azure.vnet;
    world.adopt(TYPES.resourceGroup, group(v.subscriptionId, v.resourceGroupName), { name: v.resourceGroupName });
    world.adopt(TYPES.vnet, v.id, { name: v.name, addressSpace: { addressPrefixes: result.config.vnetAddressSpace } });
    world.adopt(TYPES.subnet, `${v.id}/subnets/GatewaySubnet`, { name: "GatewaySubnet" });
  }
  const g = hub.azure.gateway;
  const gateway = g && answers("azure-native:network:getVirtualNetworkGateway", { resourceGroupName: g.resourceGroupName, virtualNetworkGatewayName: g.name });
  if (g && gateway) {
    world.adopt(TYPES.resourceGroup, group(g.subscriptionId, g.resourceGroupName), { name: g.resourceGroupName });
    world.adopt(TYPES.gateway, g.id, gateway);
    for (const config of list(gateway, "ipConfigurations")) {
      const id = text(config, "publicIPAddress", "id") ?? "";
      const name = id.split("/").pop() ?? "";
      const pip = answers("azure-native:network:getPublicIPAddress", { publicIpAddressName: name });
      if (pip) world.adopt(TYPES.publicIp, id, pip);
    }
  }
  const a = result.config.existingAws;
  if (a.vpcId) world.adopt(TYPES.vpc, a.vpcId, { cidrBlock: result.config.vpcCidr });
  for (const id of a.subnetIds ?? []) world.adopt(TYPES.awsSubnet, id, { vpcId: a.vpcId });
  for (const id of a.routeTableIds ?? []) world.adopt(TYPES.routeTable, id, { vpcId: a.vpcId });
  const tgw = a.transitGatewayId && answers("aws:ec2transitgateway/getTransitGateway:getTransitGateway", { id: a.transitGatewayId });
  if (a.transitGatewayId && tgw) world.adopt(TYPES.transitGateway, a.transitGatewayId, tgw);
  if (a.transitGatewayRouteTableId) world.adopt(TYPES.tgwRouteTable, a.transitGatewayRouteTableId, { transitGatewayId: a.transitGatewayId });
  const vgw = a.vpnGatewayId && answers("aws:ec2/getVpnGateway:getVpnGateway", { id: a.vpnGatewayId });
  if (a.vpnGatewayId && vgw) world.adopt(TYPES.vpnGateway, a.vpnGatewayId, vgw);
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
  /**
   * The program's process: loading the program's modules, running the program function, its CPU
   * (the SDK's registrations and the Automation API included) and peak RSS, and the CLI's CPU.
   */
  usage?: { loadSeconds: number; programSeconds: number; cpuSeconds: number; peakRssMb: number; cliCpuSeconds: number };
}

export type Operation = "up" | "preview" | "destroy" | "preview-no-changes";

export interface RunOptions {
  policyPacks?: string[];
  policyPackConfigs?: string[];
  /** The program to run instead of the stack program (infra/program.ts's main): a module's export. */
  program?: ProgramRef;
}

/** What the program's process is asked to do (tests/engine/programProcess.ts). */
export interface ProgramJob {
  projectDir: string;
  pulumiHome: string;
  stack: string;
  project: string;
  operation: Operation;
  options: Omit<RunOptions, "program">;
  program: ProgramRef;
  cliRoot: string;
  env: Record<string, string>;
}

export type ProgramResult = Omit<Run, "calls" | "seconds">;

const STACK_PROGRAM: ProgramRef = { module: path.join(REPO_ROOT, "infra", "program.ts"), export: "main" };

/** The project name a site's Pulumi.yaml gives. */
function projectOf(site: Site): string {
  return (parse(readFileSync(path.join(projectDir(site), "Pulumi.yaml"), "utf8")) as { name: string }).name;
}

/** The fake cloud over a site's world, its providers listening. */
export function startSiteCloud(site: Site): Promise<FakeCloud> {
  return startFakeCloud(World.load(worldFile(site)), sdkVersions());
}

/**
 * The CLI's environment for a site's run: passphrase secrets, the fake cloud's providers attached,
 * no update check, no plugin fetched, no prompt; the CLI's folder first on PATH.
 */
export function cliEnv(cloud: FakeCloud): Record<string, string> {
  return {
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_DEBUG_PROVIDERS: cloud.debugProviders,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PATH: [pulumiCli().root, process.env["PATH"] ?? ""].join(path.delimiter),
  };
}

/**
 * Runs one operation of the real engine on the site, the fake cloud answering. The program runs in
 * a process of its own, as under `pulumi up` (the CLI ends a stopped program's process; one that
 * outlived its run would leave its failed registrations rejecting in the test's process).
 */
export async function run(site: Site, operation: Operation, options: RunOptions = {}): Promise<Run> {
  const cloud = await startSiteCloud(site);
  const world = cloud.world;
  const cli = pulumiCli();
  const started = process.hrtime.bigint();
  const { program, ...rest } = options;
  const job: ProgramJob = {
    projectDir: projectDir(site),
    pulumiHome: path.join(site.root, "home"),
    stack: site.stack,
    project: projectOf(site),
    operation,
    options: rest,
    program: program ?? STACK_PROGRAM,
    cliRoot: cli.automationRoot,
    env: cliEnv(cloud),
  };
  const resultFile = path.join(site.root, `result-${process.hrtime.bigint()}.json`);
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tests", "engine", "programProcess.ts"), resultFile], { cwd: REPO_ROOT, stdio: ["pipe", "inherit", "inherit"] });
      child.on("error", reject);
      child.on("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
      child.stdin.end(JSON.stringify(job));
    });
    const result = existsSync(resultFile) ? (JSON.parse(readFileSync(resultFile, "utf8")) as ProgramResult) : { steps: [], errors: [`the program's process exited with ${code} and no result`], ok: false, outputs: {} };
    return { ...result, calls: world.calls, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
  } finally {
    await cloud.close();
    rmSync(resultFile, { force: true });
  }
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
