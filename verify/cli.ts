/**
 * `npm run verify`: is the deployed VPN up, as both clouds see it?
 *
 *   pulumi stack output --json | npm run verify
 *
 * Exit 0 only when every declared tunnel, BGP session and prefix is up; 1 when something is
 * down or could not be read; 2 when the input or the command line is wrong (never a stack trace).
 */
import { readFileSync } from "node:fs";
import { editDistance } from "../infra/catalog";
import { createEc2Client, observeAws, type AwsClientOptions } from "./aws";
import { createNetworkClient, observeAzure, type AzureClientOptions } from "./azure";
import { evaluate, formatReport, OutputsError, parseArmId, parseOutputs, type Observations, type Report, type VerifyOutputs } from "./health";

export interface VerifyOptions {
  aws?: AwsClientOptions;
  azure?: AzureClientOptions;
}

/** Asks both clouds (concurrently) and returns what they said. */
export async function observe(outputs: VerifyOutputs, options: VerifyOptions = {}): Promise<Observations> {
  const awsErrors: string[] = [];
  const azureErrors: string[] = [];
  const ec2 = createEc2Client(outputs.aws.region, options.aws);
  const network = createNetworkClient(parseArmId(outputs.azure.gatewayId).subscriptionId, options.azure);
  try {
    const [aws, azure] = await Promise.all([observeAws(outputs, ec2, awsErrors), observeAzure(outputs, network, azureErrors, options.azure)]);
    return { aws, azure: azure.connections, bgpPeers: azure.bgpPeers, learnedRoutes: azure.learnedRoutes, errors: [...awsErrors, ...azureErrors] };
  } finally {
    ec2.destroy();
  }
}

export async function verify(outputs: VerifyOutputs, options: VerifyOptions = {}): Promise<Report> {
  return evaluate(outputs, await observe(outputs, options));
}

/** What `--help` prints. */
export const USAGE = `npm run verify: asks AWS and Azure whether every tunnel, BGP session and prefix of a deployed stack is up.

Usage:
  pulumi stack output --json | npm run verify
  npm run verify -- --file FILE     the same outputs, saved in FILE (see examples/verify-outputs.dev.json)
  npm run verify -- --help          this text

Credentials: AWS's default chain (AWS_PROFILE, aws sso login, environment keys, a role) and Azure's
DefaultAzureCredential (az login, environment, managed or workload identity).

Exit codes: 0 every tunnel, session and prefix is up; 1 something is down or could not be read;
2 the input or the command line is wrong.`;

const FLAGS = ["--file", "--help", "-h"] as const;

/** The command line: --file F (else standard input) or --help; anything else is refused by name. */
export function parseArgs(argv: readonly string[]): { help: true } | { help: false; file?: string } {
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--file" || arg.startsWith("--file=")) {
      const value = arg === "--file" ? argv[++i] : arg.slice("--file=".length);
      if (value === undefined || value === "" || value.startsWith("--")) throw new OutputsError("--file needs a path: npm run verify -- --file outputs.json");
      if (file !== undefined) throw new OutputsError("--file is given twice; verify reads one stack's outputs");
      file = value;
      continue;
    }
    const near = arg.startsWith("-") ? FLAGS.find((flag) => editDistance(arg.split("=")[0]!, flag) <= 2) : undefined;
    throw new OutputsError(arg.startsWith("-")
      ? `Unknown option ${arg}${near ? ` (did you mean ${near}?)` : ""}. npm run verify -- --help lists the options.`
      : `Unexpected argument ${JSON.stringify(arg)}: verify takes --file FILE or the outputs on standard input (npm run verify -- --help).`);
  }
  return { help: false, ...(file !== undefined ? { file } : {}) };
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new OutputsError("No input: pipe in `pulumi stack output --json`, or pass --file F (npm run verify -- --help).");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The command; `options` only for tests (endpoints of local fakes). */
export async function main(argv: readonly string[], options: VerifyOptions = {}): Promise<number> {
  let outputs: VerifyOutputs;
  try {
    const args = parseArgs(argv);
    if (args.help) {
      console.log(USAGE);
      return 0;
    }
    outputs = parseOutputs(args.file !== undefined ? readInput(args.file) : await readStdin());
    // The Azure subscription comes from the gateway's id: refuse a bad one here, not in the SDK.
    parseArmId(outputs.azure.gatewayId);
  } catch (error) {
    console.error(error instanceof OutputsError ? error.message : `Cannot read the outputs: ${(error as Error).message}`);
    return 2;
  }
  try {
    const report = await verify(outputs, options);
    console.log(formatReport(report));
    return report.healthy ? 0 : 1;
  } catch (error) {
    // Whatever the SDKs throw beyond what observe() reports: one line, not a stack trace.
    console.error(`verify could not ask the clouds: ${(error as Error).message}`);
    return error instanceof OutputsError ? 2 : 1;
  }
}

/** The file's text; a missing or unreadable file is bad input, said in one line. */
function readInput(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputsError(code === "ENOENT" ? `--file ${file}: no such file` : `--file ${file}: cannot read it (${(error as Error).message})`);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
