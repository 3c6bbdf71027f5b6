/**
 * `npm run interop [-- --stack dev --stack prod] [--no-negatives] [--details]`: negotiates every
 * tunnel the program declares with real strongSwan (and FRR for BGP) peers in network namespaces.
 */
import { parseArgs } from "node:util";
import { checkInterop, formatNegatives, stackViews } from "./check";
import { formatResults, InteropEnvironmentError } from "./netns";
import { formatFailover } from "./failover";
import { formatRotation } from "./rotation";
import { measureStack } from "./sites";
import { startupCheck } from "./startup";

async function run(): Promise<number> {
  const { values } = parseArgs({
    options: {
      stack: { type: "string", multiple: true },
      "no-negatives": { type: "boolean", default: false },
      details: { type: "boolean", default: false },
      "no-startup": { type: "boolean", default: false },
      "startup-delay": { type: "string", default: "60" },
      "no-rotation": { type: "boolean", default: false },
    },
  });
  const stacks = values.stack ?? ["dev", "prod"];
  const started = performance.now();
  const views = await stackViews(stacks);
  const report = await checkInterop(views, { negatives: !values["no-negatives"] });
  console.log(`Interop check of ${stacks.join(", ")}: ${views.length} tunnels, each side configured only from its declared resources.\n`);
  console.log(formatResults(report.positives, { details: values.details }));
  if (report.negatives.length > 0) console.log(`\n${formatNegatives(report.negatives)}`);
  const startupOk = values["no-startup"] ? true : await startupCheck(views, Number(values["startup-delay"]));
  const rotationOk = values["no-rotation"] ? true : await rotationAndFailover(stacks);
  console.log(`\n${report.ok && startupOk && rotationOk ? "PASS" : "FAIL"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return report.ok && startupOk && rotationOk ? 0 : 1;
}

/** Rotation and failover for each stack checked, figures printed. */
async function rotationAndFailover(stacks: string[]): Promise<boolean> {
  console.log("\nRotation and failover between two sites (a ping every 50 ms between the workload prefixes):");
  const results = await Promise.all(stacks.map(async (stack, i) => measureStack(await stackViews([stack]), `r${i}`)));
  for (const r of results) console.log(`  ${formatRotation(r.rotation)}\n  ${formatFailover(r.failover)}`);
  return results.every((r) => r.rotation.tunnelBack && r.failover.resumed);
}

run().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof InteropEnvironmentError) console.error(err.message);
    else console.error(err instanceof Error ? err.stack ?? err.message : String(err));
    process.exit(2);
  },
);
