/**
 * Child-process probes for `npm run bench` (each runs in a fresh process, prints one JSON line):
 *   memory <size> [gc]   one evaluation of the static topology with <size> subnets per side.
 *                        Without "gc": peak RSS of the process (nothing forced). With "gc" (run
 *                        under --expose-gc): the live heap after a forced GC, sampled while the
 *                        evaluation registers resources, its maximum, and after the evaluation.
 *   import <module...>   time to require() the modules (run under the same loader as the plan).
 * The test-runner probe is bench/evaluation.probe.ts.
 */
import { scaledConfig } from "./scale";

async function memory(size: number, forceGc: boolean): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (forceGc && gc === undefined) throw new Error("memory gc probe needs node --expose-gc");
  const { evaluateStack, readStackConfig } = await import("../offline/evaluate");
  const raw = scaledConfig(readStackConfig("dev"), size);
  let registered = 0;
  let next = 1;
  let liveAtPeakMb = 0;
  const sample = (): void => {
    gc!();
    liveAtPeakMb = Math.max(liveAtPeakMb, process.memoryUsage().heapUsed / 2 ** 20);
  };
  // GC at registrations 1, 2, 4, ... 64, then every 32: enough samples to see the peak, few enough
  // to keep the probe short.
  const delayFor = forceGc
    ? (): number => {
        registered++;
        if (registered >= next) {
          sample();
          next = next < 64 ? next * 2 : next + 32;
        }
        return 0;
      }
    : undefined;
  const started = performance.now();
  const evaluation = await evaluateStack({ stack: "dev", raw, delayFor });
  const evaluationMs = performance.now() - started;
  if (evaluation.error) throw evaluation.error;
  let liveAfterMb: number | undefined;
  if (forceGc) {
    sample(); // end of evaluation, everything still registered
    evaluation.resources.length = 0;
    gc!();
    liveAfterMb = process.memoryUsage().heapUsed / 2 ** 20;
  }
  const resources = evaluation.resources.length || registered;
  process.stdout.write(`${JSON.stringify({ size, resources, evaluationMs, peakRssMb: process.resourceUsage().maxRSS / 1024, liveAtPeakMb: forceGc ? liveAtPeakMb : undefined, liveAfterMb })}\n`);
}

function importTime(modules: string[]): void {
  const started = performance.now();
  for (const m of modules) {
    const [name, ...members] = m.split(".");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    let v: unknown = require(name!);
    for (const member of members) v = (v as Record<string, unknown>)[member];
  }
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - started })}\n`);
}

const [mode, ...args] = process.argv.slice(2);
(async () => {
  if (mode === "memory") await memory(Number(args[0]), args[1] === "gc");
  else if (mode === "import") importTime(args);
  else throw new Error(`unknown probe ${mode}`);
})().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
