/**
 * `npm run bench [-- --no-tests] [--ms-per-minute N] [--sizes 1,8,32,128] [--runs N]`
 *
 * Not part of the test suite. Prints a compact table and writes it as Markdown to out/bench.md:
 *   1. Deploy critical path: the program evaluated under mocks whose resources take time in
 *      proportion to their typical provisioning time (table below), so the evaluation plays a
 *      simulated `pulumi up`. Compares the simulated time with the sum of all provisioning times
 *      and with the lower bound the dependencies force (longest path through the dependency graph
 *      the SDK recorded, weighted by provisioning time).
 *   2. Evaluation cost as the topology grows (each size in its own child process, for a clean
 *      peak RSS).
 *   3. Test suite time (`npm test`) and the time to import each provider SDK in a fresh process.
 */
import { execFile, spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { RawConfig } from "../infra/config";
import type { Evaluation, RegisteredResource } from "../offline/evaluate";

const REPO_ROOT = path.resolve(__dirname, "..");
const run = promisify(execFile);

// ---- 1. provisioning times -------------------------------------------------------------------------

interface Provisioning {
  minutes: number;
  basis: string;
}

const S = 1 / 60; // one second, in minutes
const MS_LEARN_GATEWAY = "Microsoft Learn, 'About VPN Gateway' / 'Tutorial: Create a VPN gateway': creating a gateway 'can take 45 minutes or more'; 30-45 min typical, 40 used";
const AWS_VPN_GUIDE = "AWS Site-to-Site VPN User Guide, 'Get started': the connection stays 'pending' for several minutes; 5-10 min typical, 7.5 used";
const AWS_TGW_GUIDE = "AWS Transit Gateway Guide, 'Create a transit gateway': 'pending' until available, ~5 min typical";
const OBSERVED = "typical ARM/EC2 API round trip (no published figure; order of magnitude)";

/** Typical provisioning time per resource type, in minutes. Components and unknown types: 0. */
export const PROVISIONING_MINUTES: Readonly<Record<string, Provisioning>> = {
  "azure-native:network:VirtualNetworkGateway": { minutes: 40, basis: MS_LEARN_GATEWAY },
  "azure-native:network:VirtualNetworkGatewayConnection": { minutes: 2, basis: "Microsoft Learn, 'Create a site-to-site connection': a connection takes a few minutes; ~2 min" },
  "azure-native:network:LocalNetworkGateway": { minutes: 1, basis: `~1 min; ${OBSERVED}` },
  "azure-native:compute:VirtualMachine": { minutes: 2, basis: "Azure Linux VM quickstart: a few minutes; ~2 min" },
  "azure-native:network:PublicIPAddress": { minutes: 10 * S, basis: `~10 s; ${OBSERVED}` },
  "azure-native:network:VirtualNetwork": { minutes: 10 * S, basis: `~10 s; ${OBSERVED}` },
  "azure-native:network:Subnet": { minutes: 10 * S, basis: `~10 s; ${OBSERVED}` },
  "azure-native:network:NetworkSecurityGroup": { minutes: 10 * S, basis: `~10 s; ${OBSERVED}` },
  "azure-native:network:NetworkInterface": { minutes: 10 * S, basis: `~10 s; ${OBSERVED}` },
  "azure-native:resources:ResourceGroup": { minutes: 5 * S, basis: `~5 s; ${OBSERVED}` },
  "aws:ec2/vpnConnection:VpnConnection": { minutes: 7.5, basis: AWS_VPN_GUIDE },
  "aws:ec2transitgateway/transitGateway:TransitGateway": { minutes: 5, basis: AWS_TGW_GUIDE },
  "aws:ec2transitgateway/vpcAttachment:VpcAttachment": { minutes: 2, basis: "AWS Transit Gateway Guide, VPC attachments: 'pending' for ~1-2 min; 2 used" },
  "aws:ec2transitgateway/routeTable:RouteTable": { minutes: 0.5, basis: `~30 s; ${OBSERVED}` },
  "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation": { minutes: 0.5, basis: `~30 s; ${OBSERVED}` },
  "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation": { minutes: 0.5, basis: `~30 s; ${OBSERVED}` },
  "aws:ec2/vpnGateway:VpnGateway": { minutes: 1.5, basis: "AWS Site-to-Site VPN User Guide: the virtual private gateway is 'pending' ~1-2 min" },
  "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment": { minutes: 1, basis: `attaching ~1 min; ${OBSERVED}` },
  "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation": { minutes: 5 * S, basis: `~5 s; ${OBSERVED}` },
  "aws:ec2/vpnConnectionRoute:VpnConnectionRoute": { minutes: 10 * S, basis: `~10 s; ${OBSERVED}` },
  "aws:ec2/customerGateway:CustomerGateway": { minutes: 5 * S, basis: `a few seconds; ${OBSERVED}` },
  "aws:ec2/instance:Instance": { minutes: 1, basis: "EC2: 'pending' to 'running' ~1 min" },
  "aws:ec2/vpc:Vpc": { minutes: 5 * S, basis: `~5 s; ${OBSERVED}` },
  "aws:ec2/subnet:Subnet": { minutes: 5 * S, basis: `~5 s; ${OBSERVED}` },
  "aws:ec2/routeTable:RouteTable": { minutes: 5 * S, basis: `~5 s; ${OBSERVED}` },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": { minutes: 2 * S, basis: `~2 s; ${OBSERVED}` },
  "aws:ec2/route:Route": { minutes: 5 * S, basis: `~5 s; ${OBSERVED}` },
  "aws:ec2/internetGateway:InternetGateway": { minutes: 5 * S, basis: `~5 s; ${OBSERVED}` },
  "aws:ec2/securityGroup:SecurityGroup": { minutes: 5 * S, basis: `~5 s; ${OBSERVED}` },
  "aws:ec2/keyPair:KeyPair": { minutes: 2 * S, basis: `~2 s; ${OBSERVED}` },
  "random:index/randomPassword:RandomPassword": { minutes: 0, basis: "local to Pulumi: no cloud call" },
};

export function minutesFor(type: string): number {
  return PROVISIONING_MINUTES[type]?.minutes ?? 0;
}

export interface CriticalPath {
  stack: string;
  resources: number;
  /** Simulated `pulumi up`: first registration to last creation, in simulated minutes. */
  simulatedMinutes: number;
  /** Every provisioning time added up (one resource at a time). */
  sumMinutes: number;
  /** Longest chain the dependencies force, weighted by provisioning time. */
  lowerBoundMinutes: number;
  chain: { name: string; type: string; minutes: number }[];
  /** Resources registered before a resource they depend on was created (should be none). */
  startedEarly: string[];
  /** Worst SDK latency between a dependency's creation and the dependent's registration (real ms). */
  maxRegistrationLagMs: number;
  /** AWS resources that wait (transitively) for the Azure VPN gateway (should be none). */
  awsBehindAzureGateway: string[];
  unknownTypes: string[];
}

function dependencyUrns(r: RegisteredResource, known: Map<string, RegisteredResource>): string[] {
  const all = new Set([...r.dependencies, ...Object.values(r.propertyDependencies ?? {}).flat()]);
  return [...all].filter((u) => u !== r.urn && known.has(u));
}

export function analyseCriticalPath(evaluation: Evaluation, msPerMinute: number): CriticalPath {
  const custom = evaluation.resources.filter((r) => r.custom);
  const byUrn = new Map(custom.map((r) => [r.urn, r]));
  const deps = new Map(custom.map((r) => [r.urn, dependencyUrns(r, byUrn)]));
  const finish = new Map<string, { minutes: number; via?: string }>();
  const visit = (urn: string, stack: Set<string> = new Set()): number => {
    const done = finish.get(urn);
    if (done) return done.minutes;
    if (stack.has(urn)) throw new Error(`dependency cycle through ${urn}`);
    stack.add(urn);
    let best = 0;
    let via: string | undefined;
    for (const d of deps.get(urn) ?? []) {
      const m = visit(d, stack);
      if (m > best) [best, via] = [m, d];
    }
    stack.delete(urn);
    const minutes = best + minutesFor(byUrn.get(urn)!.type);
    finish.set(urn, { minutes, via });
    return minutes;
  };
  let last: string | undefined;
  let lowerBound = 0;
  for (const r of custom) {
    const m = visit(r.urn);
    if (m > lowerBound) [lowerBound, last] = [m, r.urn];
  }
  const chain: CriticalPath["chain"] = [];
  for (let u = last; u !== undefined; u = finish.get(u)?.via) {
    const r = byUrn.get(u)!;
    chain.unshift({ name: r.name, type: r.type, minutes: minutesFor(r.type) });
  }

  const startedEarly: string[] = [];
  let maxLag = 0;
  for (const r of custom) {
    const ready = Math.max(0, ...(deps.get(r.urn) ?? []).map((d) => byUrn.get(d)!.createdAtMs));
    if (r.requestedAtMs + 1 < ready) startedEarly.push(r.name);
    else if ((deps.get(r.urn) ?? []).length > 0) maxLag = Math.max(maxLag, r.requestedAtMs - ready);
  }

  const gatewayUrns = new Set(custom.filter((r) => r.type === "azure-native:network:VirtualNetworkGateway").map((r) => r.urn));
  const waitsFor = (urn: string, targets: Set<string>, seen = new Set<string>()): boolean => {
    for (const d of deps.get(urn) ?? []) {
      if (targets.has(d)) return true;
      if (!seen.has(d)) {
        seen.add(d);
        if (waitsFor(d, targets, seen)) return true;
      }
    }
    return false;
  };
  const start = Math.min(...custom.map((r) => r.requestedAtMs));
  const end = Math.max(...custom.map((r) => r.createdAtMs));
  return {
    stack: evaluation.stack,
    resources: custom.length,
    simulatedMinutes: (end - start) / msPerMinute,
    sumMinutes: custom.reduce((sum, r) => sum + minutesFor(r.type), 0),
    lowerBoundMinutes: lowerBound,
    chain,
    startedEarly,
    maxRegistrationLagMs: maxLag,
    awsBehindAzureGateway: custom.filter((r) => r.type.startsWith("aws:") && waitsFor(r.urn, gatewayUrns)).map((r) => r.name),
    unknownTypes: [...new Set(custom.map((r) => r.type).filter((t) => PROVISIONING_MINUTES[t] === undefined))],
  };
}

// ---- 2. evaluation cost as the topology grows ------------------------------------------------------

export type ScaleMode = "static-2-tunnels" | "bgp-4-tunnels";

/** A valid config with `size` workload subnets on each side and `size` + 1 VNet prefixes. */
export function scaledConfig(base: RawConfig, mode: ScaleMode, size: number): RawConfig {
  if (size < 1 || size > 250) throw new Error("size must be 1 to 250");
  const raw: RawConfig = structuredClone(base);
  const key = (name: string): string => `azure-aws-vpn:${name}`;
  raw[key("vnetAddressSpace")] = ["10.99.0.0/24", ...Array.from({ length: size }, (_, i) => `10.100.${i}.0/24`)];
  raw[key("gatewaySubnetCidr")] = "10.99.0.0/27";
  raw[key("azureSubnets")] = Array.from({ length: size }, (_, i) => ({ name: `snet-${i}`, cidr: `10.100.${i}.0/24` }));
  raw[key("vpcCidr")] = "10.30.0.0/16";
  raw[key("awsSubnets")] = Array.from({ length: size }, (_, i) => ({ name: `subnet-${i}`, cidr: `10.30.${i}.0/24` }));
  // A transit gateway attachment takes one subnet per zone: scale with a virtual private gateway.
  if (mode === "bgp-4-tunnels") raw[key("awsAttachment")] = "vgw";
  return raw;
}

interface ScaleSample {
  mode: ScaleMode;
  size: number;
  /** Error.stackTraceLimit = 0 in the child (see the finding in section 2). */
  stackTraces: boolean;
  resources: number;
  /** Median of the measured runs. */
  evaluationMs: number;
  runsMs: number[];
  coldEvaluationMs: number;
  peakRssMb: number;
  heapUsedMb: number;
}

async function childEvaluate(mode: ScaleMode, size: number, repeats: number, stackTraces: boolean): Promise<void> {
  const { evaluateStack, readStackConfig } = await import("../offline/evaluate");
  const stack = mode === "static-2-tunnels" ? "dev" : "prod";
  const base = readStackConfig(stack);
  // Warm-up: loads and JIT-compiles the SDKs, so the measured run is the evaluation itself.
  const coldStart = performance.now();
  const warm = await evaluateStack({ stack, raw: scaledConfig(base, mode, 1) });
  const coldEvaluationMs = performance.now() - coldStart;
  if (warm.error) throw warm.error;
  // Pulumi's SDK captures `new Error().stack` for every internal promise (debuggablePromise); under
  // tsx each capture is source-mapped. With the limit at 0 the capture is nearly free. Set after
  // the warm-up: some modules read stack traces while loading.
  if (!stackTraces) Error.stackTraceLimit = 0;
  const runsMs: number[] = [];
  let resources = 0;
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    const evaluation = await evaluateStack({ stack, raw: scaledConfig(base, mode, size) });
    runsMs.push(performance.now() - started);
    if (evaluation.error) throw evaluation.error;
    resources = evaluation.resources.length;
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  const sample: ScaleSample = {
    mode,
    size,
    stackTraces,
    resources,
    evaluationMs: sorted[Math.floor(sorted.length / 2)]!,
    runsMs,
    coldEvaluationMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

async function measureScale(mode: ScaleMode, size: number, repeats: number, stackTraces = true): Promise<ScaleSample> {
  const args = ["--import", "tsx", __filename, "--child-eval", mode, String(size), String(repeats), stackTraces ? "on" : "off"];
  const { stdout } = await run(process.execPath, args, { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
  const last = stdout.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as ScaleSample;
}

// ---- 3. test suite and SDK import times ------------------------------------------------------------

interface TestRun {
  seconds: number;
  exitCode: number | null;
  tests?: number;
  pass?: number;
  fail?: number;
}

function timeTestSuite(): Promise<TestRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn("npm", ["test"], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => {
      const count = (label: string): number | undefined => {
        const m = output.match(new RegExp(`^ℹ ${label} (\\d+)$`, "m"));
        return m ? Number(m[1]) : undefined;
      };
      resolve({ seconds: (performance.now() - started) / 1000, exitCode: code, tests: count("tests"), pass: count("pass"), fail: count("fail") });
    });
  });
}

interface ImportTime {
  what: string;
  medianMs: number;
  minMs: number;
}

const IMPORTS: { what: string; code: string }[] = [
  { what: "nothing (whole node process, for reference)", code: "" },
  { what: "@pulumi/pulumi", code: "require('@pulumi/pulumi')" },
  { what: "@pulumi/random", code: "require('@pulumi/random')" },
  { what: "@pulumi/aws", code: "require('@pulumi/aws')" },
  { what: "@pulumi/aws + ec2, ec2transitgateway", code: "const a = require('@pulumi/aws'); void a.ec2.Vpc; void a.ec2transitgateway.TransitGateway" },
  { what: "@pulumi/azure-native", code: "require('@pulumi/azure-native')" },
  { what: "@pulumi/azure-native + network, resources, compute, authorization", code: "const z = require('@pulumi/azure-native'); void z.network.VirtualNetworkGateway; void z.resources.ResourceGroup; void z.compute.VirtualMachine; void z.authorization.getClientConfigOutput" },
];

async function importTimes(runs: number): Promise<ImportTime[]> {
  const results: ImportTime[] = [];
  for (const item of IMPORTS) {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const script = `const t = performance.now(); ${item.code}; process.stdout.write(String(performance.now() - t));`;
      const started = performance.now();
      const { stdout } = await run(process.execPath, ["-e", script], { cwd: REPO_ROOT });
      const wall = performance.now() - started;
      // The baseline is the whole process; every other figure is the require() itself.
      samples.push(item.code === "" ? wall : Number(stdout));
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)]!;
    results.push({ what: item.what, medianMs: median, minMs: samples[0]! });
  }
  return results;
}

// ---- output ---------------------------------------------------------------------------------------

function table(headers: string[], rows: (string | number)[][]): { text: string[]; markdown: string[] } {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]): string => "  " + r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return {
    text: [line(cells[0]!), "  " + widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)],
    markdown: [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`, ...cells.slice(1).map((r) => `| ${r.join(" | ").replace(/\n/g, " ")} |`)],
  };
}

function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}

interface Options {
  tests: boolean;
  msPerMinute: number;
  sizes: number[];
  runs: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { tests: true, msPerMinute: 100, sizes: [1, 8, 32, 128], runs: 3 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--no-tests") options.tests = false;
    else if (arg === "--ms-per-minute") options.msPerMinute = Number(next());
    else if (arg === "--sizes") options.sizes = next().split(",").map(Number);
    else if (arg === "--runs") options.runs = Number(next());
    else throw new Error(`unknown argument ${arg}\nusage: npm run bench [-- --no-tests] [--ms-per-minute N] [--sizes 1,8,32,128] [--runs N]`);
  }
  if (!(options.msPerMinute > 0) || options.sizes.some((s) => !Number.isInteger(s) || s < 1 || s > 250) || !(options.runs >= 1)) throw new Error("bad --ms-per-minute, --sizes (1..250) or --runs");
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const text: string[] = [];
  const argv = process.argv.slice(2);
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(" ")}` : ""}`;
  const machine = `Node ${process.version}, ${process.platform}/${process.arch}, ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(" / ")} at start`;
  const md: string[] = ["# Benchmark", "", `Run ${new Date().toISOString()} on ${machine}. Reproduce: \`${command}\`. Timings on a shared or loaded machine vary by tens of percent between runs.`, ""];
  process.stdout.write(`${machine}\n`);
  const section = (title: string, body: { text: string[]; markdown: string[] }, notes: string[] = []): void => {
    text.push("", title, ...body.text, ...notes.map((n) => `  ${n}`));
    md.push(`## ${title}`, "", ...body.markdown, "", ...notes.map((n) => `- ${n}`), "");
    process.stdout.write(["", title, ...body.text, ...notes.map((n) => `  ${n}`), ""].join("\n"));
  };

  // 1. Critical path.
  const { evaluateStack } = await import("../offline/evaluate");
  const warm = await evaluateStack({ stack: "dev" }); // warm-up: module loading is not provisioning
  if (warm.error) throw warm.error;
  const paths: CriticalPath[] = [];
  for (const stack of ["dev", "prod"]) {
    // The simulated up sleeps for real: bound it by the longest it could take, not the default.
    const evaluation = await evaluateStack({ stack, delayFor: (type) => minutesFor(type) * options.msPerMinute, timeoutMs: Math.max(120_000, options.msPerMinute * 600) });
    if (evaluation.error) throw evaluation.error;
    paths.push(analyseCriticalPath(evaluation, options.msPerMinute));
  }
  section(
    `1. Simulated pulumi up (1 simulated minute = ${options.msPerMinute} ms)`,
    table(
      ["stack", "resources", "simulated up (min)", "sum, one at a time (min)", "lower bound (min)", "above bound", "excess (real ms)", "critical chain"],
      paths.map((p) => [p.stack, p.resources, fmt(p.simulatedMinutes), fmt(p.sumMinutes), fmt(p.lowerBoundMinutes), `${fmt((p.simulatedMinutes / p.lowerBoundMinutes - 1) * 100)}%`, fmt((p.simulatedMinutes - p.lowerBoundMinutes) * options.msPerMinute, 0), p.chain.map((c) => `${c.name} (${fmt(c.minutes, c.minutes < 1 ? 2 : 1)})`).join(" > ")]),
    ),
    paths.flatMap((p) => [
      `${p.stack}: AWS resources waiting for the Azure VPN gateway: ${p.awsBehindAzureGateway.length === 0 ? "none" : p.awsBehindAzureGateway.join(", ")}; registered before a dependency existed: ${p.startedEarly.length === 0 ? "none" : p.startedEarly.join(", ")}; worst SDK lag dependency-created -> dependent-registered ${fmt(p.maxRegistrationLagMs)} ms (${fmt(p.maxRegistrationLagMs / options.msPerMinute, 2)} simulated min)${p.unknownTypes.length > 0 ? `; no provisioning time for ${p.unknownTypes.join(", ")}` : ""}`,
    ]).concat([
      "The excess over the bound is real CPU time (the SDK preparing and serialising registrations on one event loop), roughly constant whatever the scale: a larger --ms-per-minute shrinks it relative to the run.",
      "Lower bound = longest path through the dependency graph the SDK recorded (RegisterResourceRequest dependencies + propertyDependencies), each resource weighted by its provisioning time; simulated up = first registration to last creation under mocks that sleep for that time.",
      "Provisioning times (minutes): " + Object.entries(PROVISIONING_MINUTES).filter(([, p]) => p.minutes >= 1).map(([t, p]) => `${t.split(":").pop()} ${p.minutes}`).join(", ") + "; everything else seconds (see PROVISIONING_MINUTES in scripts/bench.ts for each figure's basis).",
    ]),
  );

  // 2. Scale.
  const samples: ScaleSample[] = [];
  for (const mode of ["static-2-tunnels", "bgp-4-tunnels"] as const) {
    for (const size of options.sizes) samples.push(await measureScale(mode, size, options.runs));
  }
  const traceless: ScaleSample[] = [];
  const edges = [...new Set([options.sizes[0]!, options.sizes[options.sizes.length - 1]!])];
  for (const mode of ["static-2-tunnels", "bgp-4-tunnels"] as const) {
    for (const size of edges) traceless.push(await measureScale(mode, size, options.runs, false));
  }
  section(
    "2. Evaluation cost as the topology grows (subnets per side; VNet prefixes = subnets + 1)",
    table(
      ["mode", "subnets", "resources", "eval (ms, median)", "ms/resource", "x resources", "x time", "peak RSS (MB)", "heap used (MB)"],
      samples.map((s, i) => {
        const prev = i > 0 && samples[i - 1]!.mode === s.mode ? samples[i - 1] : undefined;
        return [s.mode, s.size, s.resources, fmt(s.evaluationMs, 0), fmt(s.evaluationMs / s.resources, 2), prev ? fmt(s.resources / prev.resources, 2) : "-", prev ? fmt(s.evaluationMs / prev.evaluationMs, 2) : "-", fmt(s.peakRssMb, 0), fmt(s.heapUsedMb, 0)];
      }),
    ),
    [
      `Each size runs in its own child process: a warm-up evaluation of size 1 (module loading and JIT excluded), then ${options.runs} measured evaluation${options.runs === 1 ? "" : "s"} (median shown); peak RSS is the child's maxRSS.`,
      `Cold first evaluation (module loading included), size 1: ${samples.filter((s) => s.size === options.sizes[0]).map((s) => `${s.mode} ${fmt(s.coldEvaluationMs, 0)} ms`).join(", ")}.`,
      `A large share of the evaluation time is stack traces: the SDK runs \`new Error().stack\` for every internal promise (runtime/debuggable.js), and under tsx every trace is source-mapped. With Error.stackTraceLimit = 0 in the child: ${traceless
        .map((t) => {
          const base = samples.find((s) => s.mode === t.mode && s.size === t.size)!;
          return `${t.mode} ${t.size} subnets ${fmt(t.evaluationMs, 0)} ms (${fmt(base.evaluationMs / t.evaluationMs, 1)}x faster)`;
        })
        .join(", ")}.`,
    ],
  );

  // 3. Tests and imports.
  const rows: (string | number)[][] = [];
  if (options.tests) {
    const t = await timeTestSuite();
    rows.push(["npm test (whole suite)", `${fmt(t.seconds, 1)} s`, `exit ${t.exitCode}; ${t.tests ?? "?"} tests, ${t.pass ?? "?"} pass, ${t.fail ?? "?"} fail`]);
  }
  for (const i of await importTimes(options.runs)) rows.push([`import ${i.what}`, `${fmt(i.medianMs, 0)} ms`, `median of ${options.runs} fresh processes (min ${fmt(i.minMs, 0)} ms)`]);
  section("3. Test suite and SDK import times", table(["what", "time", "notes"], rows), ["Import times are the require() call measured inside a fresh `node` process (the first row is a whole empty process, for reference); @pulumi/aws, azure-native and random include loading @pulumi/pulumi. The SDKs load modules lazily: touching the namespaces the program uses costs a little more."]);

  const outFile = path.join(REPO_ROOT, "out", "bench.md");
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, md.join("\n"));
  process.stdout.write(`\nWritten: ${path.relative(process.cwd(), outFile)}\n`);
}

if (require.main !== module) {
  // imported (tests, tools): nothing to run
} else if (process.argv[2] === "--child-eval") {
  childEvaluate(process.argv[3] as ScaleMode, Number(process.argv[4]), Number(process.argv[5] ?? 1), process.argv[6] !== "off").catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
} else {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
