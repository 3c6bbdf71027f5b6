/**
 * `npm run plan [-- --stack prod] [--json] [--out FILE] [--prices FILE] [--traffic-gb N] [--against REF]`
 *
 * Evaluates the program for a stack under Pulumi mocks (nothing is deployed, no cloud account is
 * used) and prints the plan; writes it as Markdown with a Mermaid diagram to out/plan-<stack>.md.
 * The rendering lives in offline/report.ts; this file only parses arguments and prints.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_PRICES_FILE, loadPriceTable, type PriceTable } from "../offline/cost";
import type { Evaluation } from "../offline/evaluate";
import { buildPlanReport, renderJson, renderMarkdown, renderText, scrubSecrets, secretValues } from "../offline/report";

const REPO_ROOT = path.resolve(__dirname, "..");

const USAGE = `usage: npm run plan [-- [--stack NAME] [--json] [--out FILE] [--prices FILE] [--traffic-gb N] [--against REF]]

  --stack NAME     stack to plan (Pulumi.NAME.yaml); default dev
  --json           print the plan as one JSON document on stdout (no banner)
  --out FILE       Markdown plan with the Mermaid diagram; default out/plan-<stack>.md
  --prices FILE    price table to use instead of pricing/prices.json (same shape)
  --traffic-gb N   GB per month through the tunnels, for the per-GB cost lines; default 0
  --against REF    name the disruptive changes from Pulumi.<stack>.yaml at git revision REF (e.g.
                   origin/main) and the update's steps and outages; exit 3 when a protected stack has one not
                   acknowledged, or when a cloud would refuse a step of the update`;

interface Args {
  stack: string;
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

async function run(): Promise<number> {
  let args: Args;
  let prices: PriceTable;
  try {
    args = parseArgs(process.argv.slice(2));
    prices = loadPriceTable(args.prices);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${err instanceof UsageError ? `\n${USAGE}\n` : ""}`);
    return err instanceof UsageError ? 2 : 1;
  }

  let evaluation: Evaluation;
  try {
    // Loaded only now: the Pulumi SDKs take seconds to import, and a usage error should not wait.
    const { evaluateStack } = await import("../offline/evaluate");
    evaluation = await evaluateStack({ stack: args.stack });
  } catch (err) {
    // e.g. no Pulumi.<stack>.yaml
    process.stderr.write(`cannot evaluate stack ${args.stack}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  const report = buildPlanReport(evaluation, { prices, trafficGbPerMonth: args.trafficGb });
  const secrets = secretValues(evaluation);
  const clean = (text: string): string => scrubSecrets(text, secrets);

  if (report.error) {
    process.stdout.write(clean(args.json ? renderJson(report) : renderText(report)));
    return 1;
  }
  let againstText = "";
  let refused = 0;
  if (args.against !== undefined) {
    const { compareAgainst, formatAgainst } = await import("../offline/against");
    const against = compareAgainst(args.against, args.stack, evaluation.raw);
    againstText = `\n${formatAgainst(against)}\n`;
    refused = against.refused.length;
    const { readStackConfigAt } = await import("../offline/against");
    const { updateAgainst } = await import("../offline/update/against");
    const update = await updateAgainst(readStackConfigAt(args.against, args.stack), evaluation);
    againstText += `${update.text}\n`;
    if (update.plan && !update.plan.completes) refused++;
  }
  const out = path.resolve(args.out ?? path.join(REPO_ROOT, "out", `plan-${args.stack}.md`));
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, clean(renderMarkdown(report)));
  const shown = path.relative(process.cwd(), out) || out;
  if (args.json) {
    process.stdout.write(clean(renderJson(report)));
    process.stderr.write(`Markdown plan with the diagram: ${shown}\n${againstText}`);
  } else {
    process.stdout.write(clean(renderText(report)));
    process.stdout.write(`\nMarkdown plan with the Mermaid diagram: ${shown}\n${againstText}`);
  }
  return refused > 0 ? 3 : 0;
}

// `npm run plan | head` closes stdout early: that is not an error.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw err;
});

run().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
