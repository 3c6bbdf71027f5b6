/**
 * One operation of the real Pulumi CLI on a program, in a process of its own (tests/engine/harness.ts
 * `run`): the program is an Automation API inline program, which the CLI drives over Pulumi's own
 * language-runtime server (`--client`), the way it drives any Node.js program. Reads a ProgramJob
 * as JSON on stdin, writes a ProgramResult as JSON to the file named by its argument.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { LocalWorkspace, PulumiCommand, type EngineEvent } from "@pulumi/pulumi/automation";
import type { ProgramJob, ProgramResult } from "./harness";

/** CPU seconds of this process's finished children (the CLI), from /proc (Linux; 0 elsewhere). */
function childrenCpuSeconds(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    // Fields 16 and 17 of proc(5) (cutime, cstime), in clock ticks of 1/100 s.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

async function perform(job: ProgramJob): Promise<ProgramResult> {
  const started = performance.now();
  const loaded = (await import(job.program.module)) as Record<string, unknown>;
  const loadSeconds = (performance.now() - started) / 1000;
  let programSeconds = 0;
  const build = loaded[job.program.export];
  if (typeof build !== "function") throw new Error(`${job.program.module} exports no function ${job.program.export}`);
  const steps: ProgramResult["steps"] = [];
  const errors: string[] = [];
  const onEvent = (event: EngineEvent): void => {
    const meta = event.resourcePreEvent?.metadata;
    if (meta && meta.op !== "same") steps.push({ op: meta.op, urn: meta.urn, type: meta.type });
    const diag = event.diagnosticEvent;
    if (diag && diag.severity === "error") errors.push(diag.message.trim());
  };
  const command = await PulumiCommand.get({ root: job.cliRoot });
  const stack = await LocalWorkspace.createOrSelectStack(
    {
      stackName: job.stack,
      projectName: job.project,
      program: async () => {
        const at = performance.now();
        const outputs = (build as () => Record<string, unknown> | undefined)();
        programSeconds += (performance.now() - at) / 1000;
        return outputs;
      },
    },
    { workDir: job.projectDir, pulumiHome: job.pulumiHome, pulumiCommand: command, envVars: job.env },
  );
  const common = { onEvent, color: "never" as const, ...job.options };
  let outputs: Record<string, unknown> = {};
  const usage = (): ProgramResult["usage"] => {
    const cpu = process.cpuUsage();
    return { loadSeconds, programSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024, cliCpuSeconds: childrenCpuSeconds() };
  };
  try {
    if (job.operation === "up") {
      const result = await stack.up(common);
      outputs = Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
    } else if (job.operation === "preview") await stack.preview(common);
    else if (job.operation === "preview-no-changes") await stack.preview({ ...common, expectNoChanges: true });
    else await stack.destroy({ onEvent, color: "never" });
    return { steps, errors, ok: true, outputs, usage: usage() };
  } catch (error) {
    if (errors.length === 0) errors.push(error instanceof Error ? error.message : String(error));
    return { steps, errors, ok: false, outputs, usage: usage() };
  }
}

const resultFile = process.argv[2];
if (resultFile === undefined) throw new Error("usage: programProcess.ts RESULT_FILE < job.json");
perform(JSON.parse(readFileSync(0, "utf8")) as ProgramJob).then(
  (result) => {
    writeFileSync(resultFile, JSON.stringify(result));
    // A stopped program's registrations may still be rejecting: the run is over, so is the process.
    process.exit(0);
  },
  (error: unknown) => {
    writeFileSync(resultFile, JSON.stringify({ steps: [], errors: [error instanceof Error ? (error.stack ?? error.message) : String(error)], ok: false, outputs: {} } satisfies ProgramResult));
    process.exit(1);
  },
);
