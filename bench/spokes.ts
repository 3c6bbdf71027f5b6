/**
 * `npm run bench`, spokes: evaluation time and peak memory of the program with 1, 10 and 50 spokes
 * per side, each in a fresh process (bench/spokes.probe.ts), and how they grow per spoke.
 */
import { execFile } from "node:child_process";
import { loadavg } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { RawConfig } from "../infra/config";

const run = promisify(execFile);

/** The scale stack's config with `n` created spokes on each side (disjoint /16s, one subnet each). */
export function spokesConfig(base: RawConfig, n: number): RawConfig {
  if (!Number.isInteger(n) || n < 0 || n > 50) throw new Error("spokes per side must be an integer from 0 to 50");
  const raw: RawConfig = structuredClone(base);
  raw["azure-aws-vpn:awsSpokes"] = Array.from({ length: n }, (_, i) => ({
    name: `vpc-spoke-${i}`,
    cidr: `10.${100 + i}.0.0/16`,
    subnets: [{ name: `subnet-spoke-${i}`, cidr: `10.${100 + i}.1.0/24`, availabilityZone: "us-east-1a" }],
  }));
  raw["azure-aws-vpn:azureSpokes"] = Array.from({ length: n }, (_, i) => ({
    name: `vnet-spoke-${i}`,
    addressSpace: [`10.${150 + i}.0.0/16`],
    subnets: [{ name: `snet-spoke-${i}`, cidr: `10.${150 + i}.1.0/24` }],
  }));
  return raw;
}

export interface SpokeSample {
  spokes: number;
  resources: number;
  /** AWS VPC routes among them: one per Azure prefix in every route table (hub and spokes). */
  routes: number;
  /** Wall time of the evaluation alone (SDKs already loaded). */
  evaluationMs: number;
  /** CPU time (user + system) of the evaluation alone. */
  evaluationCpuMs: number;
  /** Peak RSS of the whole process (load + evaluation). */
  peakRssMb: number;
  load: string;
}

export async function measureSpokes(sizes: readonly number[] = [1, 10, 50]): Promise<SpokeSample[]> {
  const samples: SpokeSample[] = [];
  for (const n of sizes) {
    const load = loadavg().map((l) => l.toFixed(1)).join(" / ");
    const { stdout } = await run(process.execPath, ["--import", "tsx", path.join(__dirname, "spokes.probe.ts"), String(n)], { cwd: path.resolve(__dirname, ".."), maxBuffer: 16 * 2 ** 20 });
    samples.push({ ...(JSON.parse(stdout.trim().split("\n").pop()!) as Omit<SpokeSample, "load">), load });
  }
  return samples;
}

/** Growth between consecutive sizes, per added spoke pair. */
export function growth(samples: readonly SpokeSample[]): string[] {
  return samples.slice(1).map((s, i) => {
    const p = samples[i]!;
    const d = s.spokes - p.spokes;
    return `${p.spokes} -> ${s.spokes} spokes per side: +${((s.resources - p.resources) / d).toFixed(1)} resources, +${((s.evaluationMs - p.evaluationMs) / d).toFixed(1)} ms wall, +${((s.evaluationCpuMs - p.evaluationCpuMs) / d).toFixed(1)} ms CPU, +${((s.peakRssMb - p.peakRssMb) / d).toFixed(2)} MB peak RSS per spoke pair`;
  });
}

/** The bench section: title, headers, rows and notes (scripts/bench.ts renders it). */
export async function spokesSection(sizes: readonly number[] = [1, 10, 50]): Promise<{ title: string; headers: string[]; rows: (string | number)[][]; notes: string[] }> {
  const samples = await measureSpokes(sizes);
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  return {
    title: "5. Evaluation cost with spokes (scale stack, N created spokes per side; fresh process each)",
    headers: ["spokes per side", "resources", "of which AWS routes", "evaluation wall (s)", "evaluation CPU (s)", "peak RSS (MB)", "load before (1/5/15)"],
    rows: samples.map((s) => [s.spokes, s.resources, s.routes, (s.evaluationMs / 1000).toFixed(2), (s.evaluationCpuMs / 1000).toFixed(2), s.peakRssMb.toFixed(0), s.load]),
    notes: [
      ...growth(samples),
      `Resources grow faster than linearly: every AWS route table (the hub's and each AWS spoke's) gets one route per Azure prefix (the hub VNet's and each Azure spoke's), so routes grow as (AWS spokes + 1) x (Azure prefixes): ${first.routes} routes at ${first.spokes}, ${last.routes} at ${last.spokes} spokes per side. Evaluation time and memory follow the resource count.`,
      `From ${first.spokes} to ${last.spokes} spokes per side: resources x${(last.resources / first.resources).toFixed(2)}, evaluation CPU x${(last.evaluationCpuMs / first.evaluationCpuMs).toFixed(2)}, peak RSS x${(last.peakRssMb / first.peakRssMb).toFixed(2)}.`,
      "Evaluation = evaluateStack under Pulumi mocks with the SDKs already loaded (what `npm run plan` adds per spoke); peak RSS is the whole process. CPU time is user + system of the process during the evaluation, less sensitive than wall time to other load on the machine.",
    ],
  };
}
