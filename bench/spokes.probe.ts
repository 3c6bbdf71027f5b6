/**
 * Child process of bench/spokes.ts: loads the SDKs, evaluates the scale stack with N created
 * spokes per side once, prints one JSON line (resources, evaluation wall and CPU time, peak RSS).
 */
import { spokesConfig } from "./spokes";
import { TYPES } from "../infra/types";

(async () => {
  const n = Number(process.argv[2]);
  const { evaluateStack, readStackConfig } = await import("../offline/evaluate");
  const raw = spokesConfig(readStackConfig("scale"), n);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const evaluation = await evaluateStack({ stack: "scale", raw });
  const evaluationMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (evaluation.error) throw evaluation.error;
  process.stdout.write(`${JSON.stringify({ spokes: n, resources: evaluation.resources.length, routes: evaluation.resources.filter((r) => r.type === TYPES.route).length, evaluationMs, evaluationCpuMs: (used.user + used.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
})().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
