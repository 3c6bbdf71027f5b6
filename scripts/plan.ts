/**
 * `npm run plan [-- --stack prod] [--dir DIR] [--json] [--out FILE] [--prices FILE] [--traffic-gb N] [--against REF]`
 *
 * Evaluates the program for a stack under Pulumi mocks (nothing is deployed, no cloud account is
 * used) and prints the plan; writes it as Markdown with a Mermaid diagram to out/plan-<stack>.md.
 * The rendering lives in offline/report.ts; this file only parses arguments and prints.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_PRICES_FILE, loadPriceTable, type PriceTable } from "../offline/cost";
import type { Evaluation, EvaluateOptions } from "../offline/evaluate";
import { buildPlanReport, renderJson, renderMarkdown, renderText, scrubSecrets, secretValues } from "../offline/report";

const REPO_ROOT = path.resolve(__dirname, "..");

const USAGE = `usage: npm run plan [-- [--stack NAME] [--dir DIR] [--json] [--out FILE] [--prices FILE] [--traffic-gb N] [--against REF]]

  --stack NAME     stack to plan (Pulumi.NAME.yaml); default dev
  --dir DIR        folder of the stack file, e.g. examples/estates; default the project's
  --json           print the plan as one JSON document on stdout (no banner)
  --out FILE       Markdown plan with the Mermaid diagram; default out/plan-<stack>.md
  --prices FILE    price table to use instead of pricing/prices.json (same shape)
  --traffic-gb N   GB per month through the tunnels, for the per-GB cost lines; default 0
  --against REF    name the disruptive changes from Pulumi.<stack>.yaml at git revision REF (e.g.
                   origin/main) and the update's steps and outages; exit 3 when a protected stack has one not
                   acknowledged, or when a cloud would refuse a step of the update

The policy pack (policy/) runs over the planned resources; exit 4 on a mandatory violation.`;

interface Args {
  stack: string;
  dir?: string;
  json: boolean;
  out?: string;
  prices: string;
  trafficGb: number;
  against?: string;
}

class UsageError extends Error {}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { stack: "dev", json: false, prices: DEFAULT_PRICES_FILE, trafficGb: 0 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--stack":
        args.stack = value();
        if (!/^[A-Za-z0-9_.-]+$/.test(args.stack)) throw new UsageError(`--stack ${JSON.stringify(args.stack)} is not a stack name`);
        break;
      case "--dir":
        args.dir = path.resolve(value());
        break;
      case "--json":
        args.json = true;
        break;
      case "--out":
        args.out = value();
        break;
      case "--prices":
        args.prices = path.resolve(value());
        break;
      case "--traffic-gb": {
        const v = value();
        args.trafficGb = Number(v);
        if (!Number.isFinite(args.trafficGb) || args.trafficGb < 0) throw new UsageError(`--traffic-gb ${JSON.stringify(v)} must be a number of GB >= 0`);
        break;
      }
      case "--against":
        args.against = value();
        break;
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(argv[i])}`);
    }
  }
  return args;
}

/** Where the plan writes; the tests pass their own to run it in-process. */
export interface PlanIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: PlanIo = { stdout: (text) => void process.stdout.write(text), stderr: (text) => void process.stderr.write(text) };

/**
 * The plan command: returns its exit code (0 planned, 1 config refused or evaluation failed,
 * 2 usage, 3 refused by --against, 4 a mandatory policy violation). `evaluation` overrides what is evaluated (tests).
 */
export async function runPlan(argv: readonly string[], io: PlanIo = processIo, evaluation?: Omit<EvaluateOptions, "stack">): Promise<number> {
  try {
    return await plan(argv, io, evaluation);
  } catch (err) {
    // Whatever fails, fail loudly: never exit 0 with nothing printed.
    io.stderr(`plan failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

async function plan(argv: readonly string[], io: PlanIo, evaluationOptions?: Omit<EvaluateOptions, "stack">): Promise<number> {
  let args: Args;
  let prices: PriceTable;
  try {
    args = parseArgs(argv);
    prices = loadPriceTable(args.prices);
  } catch (err) {
    io.stderr(`${err instanceof Error ? err.message : String(err)}\n${err instanceof UsageError ? `\n${USAGE}\n` : ""}`);
    return err instanceof UsageError ? 2 : 1;
  }

  if (args.dir !== undefined) evaluationOptions = { ...evaluationOptions, root: args.dir };
  const stackRoot = evaluationOptions?.root ?? REPO_ROOT;
  if (!existsSync(path.join(stackRoot, `Pulumi.${args.stack}.yaml`))) {
    const stacks = readdirSync(stackRoot).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter((n): n is string => n !== undefined).sort();
    io.stderr(`--stack ${args.stack}: there is no Pulumi.${args.stack}.yaml; the stacks here are ${stacks.join(", ")}\n`);
    return 2;
  }

  let evaluation: Evaluation;
  try {
    // Loaded only now: the Pulumi SDKs take seconds to import, and a usage error should not wait.
    const { evaluateStack } = await import("../offline/evaluate");
    evaluation = await evaluateStack({ ...evaluationOptions, stack: args.stack });
  } catch (err) {
    // e.g. no Pulumi.<stack>.yaml
    io.stderr(`cannot evaluate stack ${args.stack}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const report = buildPlanReport(evaluation, { prices, trafficGbPerMonth: args.trafficGb });
  const secrets = secretValues(evaluation);
  const clean = (text: string): string => scrubSecrets(text, secrets);

  if (report.error || evaluation.error) {
    io.stdout(clean(args.json ? renderJson(report) : renderText(report)));
    io.stderr(clean(`plan of stack ${args.stack} failed: ${report.error ?? evaluation.error!.message}\n`));
    return 1;
  }
  let againstText = "";
  let refused = 0;
  /** What --json adds for --against: the guarded changes and the update model's verdict. */
  let againstJson: Record<string, unknown> | undefined;
  if (args.against !== undefined) {
    const { againstRefuses, compareAgainst, formatAgainst, readStackConfigAt } = await import("../offline/against");
    const against = compareAgainst(args.against, args.stack, evaluation.raw);
    const previousRaw = readStackConfigAt(args.against, args.stack);
    if (previousRaw !== undefined && against.baseErrors === undefined && against.disruptions.length > 0) {
      // What each guarded change does, from the update model: the one source of the summary.
      const { modelDisruptions } = await import("../offline/update/guarded");
      against.disruptions = await modelDisruptions(against.disruptions, args.stack, previousRaw, evaluation.raw);
    }
    againstText = `\n${formatAgainst(against)}\n`;
    refused = againstRefuses(against) ? Math.max(1, against.refused.length) : 0;
    const { updateAgainst } = await import("../offline/update/against");
    const update = await updateAgainst(previousRaw, evaluation);
    againstText += `${update.text}\n`;
    if (update.plan && !update.plan.completes) refused++;
    const plan = update.plan;
    againstJson = {
      ...against,
      refusedByGuards: againstRefuses(against),
      update: plan && {
        completes: plan.completes,
        steps: plan.steps.map((step) => ({ op: step.op, urn: step.urn, reason: step.reason })),
        refusals: plan.refusals,
        engineRefusals: plan.engineRefusals,
        outages: plan.outages,
      },
    };
  }
  const { blocking, formatPolicyViolations, policyViolations } = await import("../offline/policy");
  const violations = policyViolations(evaluation);
  const policyText = `\n${formatPolicyViolations(violations)}\n`;
  const exitCode = refused > 0 ? 3 : blocking(violations).length > 0 ? 4 : 0;
  const out = path.resolve(args.out ?? path.join(REPO_ROOT, "out", `plan-${args.stack}.md`));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, clean(renderMarkdown(report)));
  const shown = path.relative(process.cwd(), out) || out;
  if (args.json) {
    // One document for pipelines: the plan, the policy pack's verdict, the --against verdict and the exit code.
    const document = { ...(JSON.parse(renderJson(report)) as Record<string, unknown>), policy: { violations, blocking: blocking(violations).length }, ...(againstJson ? { against: againstJson } : {}), exitCode };
    io.stdout(clean(`${JSON.stringify(document, null, 2)}\n`));
    io.stderr(`Markdown plan with the diagram: ${shown}\n${policyText}${againstText}`);
  } else {
    io.stdout(clean(renderText(report)));
    io.stdout(`\nMarkdown plan with the Mermaid diagram: ${shown}\n${policyText}${againstText}`);
  }
  return exitCode;
}

/**
 * `npm run plan` as a process: runPlan's code becomes the exit code. `evaluation` overrides what is
 * evaluated (tests/config/fixtures/failing-plan.ts, the test of this at the process boundary).
 */
export function runPlanProcess(argv: readonly string[], evaluation?: Omit<EvaluateOptions, "stack">): void {
  // `npm run plan | head` closes stdout early: that is not an error.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  let settled = false;
  // The event loop emptied with the plan still pending (an Output that can never resolve): fail.
  process.on("beforeExit", () => {
    if (settled) return;
    settled = true;
    process.stderr.write("plan failed: the evaluation stopped without finishing (a promise that never settles)\n");
    process.exitCode = 1;
  });
  void runPlan(argv, processIo, evaluation).then((code) => {
    settled = true;
    process.exitCode = code;
  });
}

if (require.main === module) runPlanProcess(process.argv.slice(2));
