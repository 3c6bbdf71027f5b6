/**
 * `npm run verify`: is the deployed VPN up, as both clouds see it?
 *
 *   pulumi stack output --json --show-secrets | npm run verify
 *   npm run verify -- --file outputs.json
 *
 * Exit 0 only when every declared tunnel, BGP session and prefix is up; 1 when something is
 * down or could not be read; 2 when the input is not the stack's outputs.
 */
import { readFileSync } from "node:fs";
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

/** Where the outputs come from: --file F, else standard input. */
export function inputSource(argv: readonly string[]): { file?: string } {
  const at = argv.indexOf("--file");
  if (at === -1) return {};
  const file = argv[at + 1];
  if (!file) throw new OutputsError("--file needs a path: npm run verify -- --file outputs.json");
  return { file };
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new OutputsError("No input: pipe in `pulumi stack output --json --show-secrets`, or pass --file F.");
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The command; `options` only for tests (endpoints of local fakes). */
export async function main(argv: readonly string[], options: VerifyOptions = {}): Promise<number> {
  let outputs: VerifyOutputs;
  try {
    const { file } = inputSource(argv);
    outputs = parseOutputs(file ? readFileSync(file, "utf8") : await readStdin());
  } catch (error) {
    console.error(error instanceof OutputsError ? error.message : `Cannot read the outputs: ${(error as Error).message}`);
    return 2;
  }
  const report = await verify(outputs, options);
  console.log(formatReport(report));
  return report.healthy ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
