/**
 * `npm run bench`'s engine figures, in a process of their own: dev deployed from nothing under the
 * real Pulumi CLI and the fake cloud (tests/engine/harness.ts), then previewed. Prints one JSON
 * line: per operation its wall time and the program process's own figures (Run.usage).
 */
import { committedConfig, newSite, removeSite, run, type Run } from "../tests/engine/harness";

async function main(): Promise<void> {
  const site = newSite("dev", committedConfig("dev"));
  try {
    const figures: Record<string, Pick<Run, "seconds" | "usage" | "ok">> = {};
    for (const operation of ["up", "preview"] as const) {
      const result = await run(site, operation);
      if (!result.ok) throw new Error(`${operation} failed: ${result.errors.join("\n")}`);
      figures[operation] = { seconds: result.seconds, usage: result.usage, ok: result.ok };
    }
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    removeSite(site);
  }
}

void main();
