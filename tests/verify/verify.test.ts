/**
 * `npm run verify` against local fake clouds (tests/verify/fake-clouds.ts): both SDKs really
 * send their requests, parse EC2 XML and ARM JSON, retry throttling and poll the long-running
 * BGP operations; no test reaches a cloud.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import type { TokenCredential } from "@azure/identity";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { insideAddresses } from "../../infra/addressing";
import type { StackOutputs } from "../../infra/outputs";
import { createEc2Client, DEFAULT_AWS_MAX_ATTEMPTS } from "../../verify/aws";
import { main, verify, type VerifyOptions } from "../../verify/cli";
import { formatReport, OutputsError, parseOutputs } from "../../verify/health";
import { startFakeClouds, type CloudState, type FakeClouds } from "./fake-clouds";

const SUB = "00000000-0000-0000-0000-000000000001";
const RG = "rg-azure-aws";
const ARM = `/subscriptions/${SUB}/resourceGroups/${RG}/providers/Microsoft.Network`;
const VPC = "10.0.0.0/16";
const VNET = "172.10.0.0/16";
const TUNNELS = [
  { id: "c1t1", vpn: "vpn-0aaa", ip: "3.1.1.1", inside: "169.254.21.0/30" },
  { id: "c1t2", vpn: "vpn-0aaa", ip: "3.1.1.2", inside: "169.254.21.4/30" },
  { id: "c2t1", vpn: "vpn-0bbb", ip: "3.2.2.1", inside: "169.254.22.0/30" },
  { id: "c2t2", vpn: "vpn-0bbb", ip: "3.2.2.2", inside: "169.254.22.4/30" },
];

function outputs(routing: "static" | "bgp", tunnels = TUNNELS): StackOutputs {
  return {
    contractVersion: 1,
    routing,
    azure: {
      resourceGroupName: RG,
      vnetId: `${ARM}/virtualNetworks/vnet-azure`,
      vnetName: "vnet-azure",
      vnetAddressSpace: [VNET],
      gatewayId: `${ARM}/virtualNetworkGateways/vpn-azure-aws`,
      gatewayPublicIps: ["20.1.1.1", "20.1.1.2"],
    },
    aws: { region: "us-east-1", vpcId: "vpc-0abc", vpcCidr: VPC, gatewayKind: "vgw", gatewayId: "vgw-0abc", routeTableIds: ["rtb-0abc"] },
    tunnels: tunnels.map((t) => ({
      id: t.id,
      awsOutsideIp: t.ip,
      insideCidr: t.inside,
      awsVpnConnectionId: t.vpn,
      azureLocalNetworkGatewayId: `${ARM}/localNetworkGateways/lng-${t.id}`,
      azureConnectionId: `${ARM}/connections/cn-${t.id}`,
    })),
  };
}

/** A healthy stack as both clouds report it. */
function healthy(routing: "static" | "bgp", tunnels = TUNNELS): CloudState {
  const state: CloudState = { vpnConnections: {}, azureConnections: {}, bgpPeers: [], learnedRoutes: [], ec2Throttles: 0, armThrottles: 0 };
  for (const t of tunnels) {
    const c = (state.vpnConnections[t.vpn] ??= { state: "available", staticRoutesOnly: routing === "static", telemetry: [], routes: routing === "static" ? [VNET] : [] });
    c.telemetry.push({ outsideIp: t.ip, status: "UP", statusMessage: routing === "bgp" ? "1 BGP ROUTES" : "", acceptedRouteCount: routing === "bgp" ? 1 : 0 });
    state.azureConnections[`cn-${t.id}`] = { status: "Connected", ingress: 1234, egress: 5678 };
    const { aws, azure } = insideAddresses(t.inside);
    if (routing === "bgp") {
      state.bgpPeers.push({ localAddress: azure, neighbor: aws, asn: 64512, state: "Connected", routesReceived: 1 });
      state.learnedRoutes.push({ localAddress: azure, network: VPC, nextHop: aws, sourcePeer: aws, origin: "EBgp", asPath: "64512" });
    }
  }
  if (routing === "static") state.learnedRoutes.push({ localAddress: "172.10.0.4", network: VPC, nextHop: "", sourcePeer: "172.10.0.4", origin: "Network", asPath: "" });
  return state;
}

const AWS_ENV = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AZURE_TOKEN_CREDENTIALS", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_USERNAME"];
const savedEnv: Record<string, string | undefined> = {};

/** AWS credentials through the default chain's environment provider; no shared files, no IMDS. */
function setTestEnv(withAwsKeys: boolean): void {
  for (const k of AWS_ENV) delete process.env[k];
  process.env.AWS_CONFIG_FILE = "/nonexistent/aws-config";
  process.env.AWS_SHARED_CREDENTIALS_FILE = "/nonexistent/aws-credentials";
  // Never let the chain probe the instance metadata address.
  process.env.AWS_EC2_METADATA_DISABLED = "true";
  if (withAwsKeys) {
    process.env.AWS_ACCESS_KEY_ID = "AKIATESTONLY0000000";
    process.env.AWS_SECRET_ACCESS_KEY = "test-only-secret";
  }
}

let clouds: FakeClouds;

/** Test credential by default; `defaultAzureCredential` leaves the SDK's DefaultAzureCredential in place. */
function options(azure: "testCredential" | "defaultAzureCredential" = "testCredential"): VerifyOptions {
  const credential: TokenCredential | undefined =
    azure === "testCredential" ? { getToken: async () => ({ token: clouds.token, expiresOnTimestamp: Date.now() + 3_600_000 }) } : undefined;
  return {
    aws: { endpoint: clouds.ec2Endpoint, maxAttempts: 3, retryDelayMs: 10 },
    azure: { endpoint: clouds.armEndpoint, ca: clouds.ca, credential, maxRetries: 3, retryDelayInMs: 10, lroIntervalMs: 5 },
  };
}

async function run(stack: StackOutputs, state: CloudState) {
  Object.assign(clouds.state, state);
  clouds.requests.length = 0;
  const report = await verify(parseOutputs(JSON.stringify(stack)), options());
  return { report, text: formatReport(report) };
}

describe("verify against local fake clouds", () => {
  before(async () => {
    for (const k of AWS_ENV) savedEnv[k] = process.env[k];
    clouds = await startFakeClouds(healthy("bgp"));
  });
  after(async () => {
    await clouds.close();
    for (const k of AWS_ENV) {
      if (savedEnv[k] === undefined) delete process.env[k];
      else process.env[k] = savedEnv[k];
    }
  });
  beforeEach(() => setTestEnv(true));
  afterEach(() => setTestEnv(true));

  it("all up (BGP): every tunnel, session and prefix ok, healthy; the BGP calls were polled as long-running operations", async () => {
    const { report, text } = await run(outputs("bgp"), healthy("bgp"));
    assert.deepEqual(report.problems, []);
    assert.equal(report.healthy, true);
    assert.deepEqual(report.tunnels.map((t) => [t.id, t.up]), TUNNELS.map((t) => [t.id, true]));
    assert.equal(report.bgp.length, 4);
    assert.ok(report.bgp.every((b) => b.up && b.state === "Connected"));
    assert.equal(report.prefixes.filter((p) => p.ok).length, 8);
    assert.match(text, /c1t1\s+UP \(1 BGP ROUTES\)\s+Connected in 1234 B \/ out 5678 B\s+ok/);
    assert.match(text, /Verdict: HEALTHY/);
    assert.ok(clouds.requests.some((r) => /POST .*\/getBgpPeerStatus$/.test(r)));
    assert.ok(clouds.requests.some((r) => /GET \/operations\/\d+$/.test(r)), "polled the Azure-AsyncOperation");
    assert.ok(clouds.requests.some((r) => /GET \/operationResults\/\d+$/.test(r)), "read the result at Location");
    assert.deepEqual(clouds.requests.filter((r) => r.startsWith("EC2")).sort(), ["EC2 DescribeVpnConnections vpn-0aaa", "EC2 DescribeVpnConnections vpn-0bbb"]);
  });

  it("all up (static): static routes on AWS, the local network gateways' prefix on Azure, no BGP call", async () => {
    const { report } = await run(outputs("static", TUNNELS.slice(0, 2)), healthy("static", TUNNELS.slice(0, 2)));
    assert.deepEqual(report.problems, []);
    assert.equal(report.healthy, true);
    assert.deepEqual(report.bgp, []);
    assert.ok(!clouds.requests.some((r) => r.includes("getBgpPeerStatus")));
  });

  it("one tunnel down: that row fails with AWS's status message and Azure's status, the verdict names it", async () => {
    const state = healthy("bgp");
    const t = state.vpnConnections["vpn-0bbb"].telemetry[1];
    Object.assign(t, { status: "DOWN", statusMessage: "IPSEC IS DOWN", acceptedRouteCount: 0 });
    state.azureConnections["cn-c2t2"].status = "NotConnected";
    const { report, text } = await run(outputs("bgp"), state);
    assert.equal(report.healthy, false);
    assert.deepEqual(report.tunnels.filter((r) => !r.up).map((r) => r.id), ["c2t2"]);
    assert.match(text, /c2t2\s+DOWN \(IPSEC IS DOWN\)\s+NotConnected/);
    assert.ok(report.problems.some((p) => p.startsWith("c2t2: AWS reports the tunnel DOWN (IPSEC IS DOWN)")));
    assert.ok(report.problems.some((p) => p.startsWith("c2t2: Azure reports the connection NotConnected")));
    assert.ok(report.problems.every((p) => p.startsWith("c2t2")), report.problems.join("\n"));
  });

  it("with the monitoring output: names the down tunnel's alarm, alert, log group and workspace; nothing when healthy", async () => {
    const monitoring = {
      awsLogGroupName: "/azure-aws-vpn/prod/vpn-aws-logs-abc",
      awsLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/azure-aws-vpn/prod/vpn-aws-logs-abc",
      awsSnsTopicArn: "arn:aws:sns:us-east-1:123456789012:vpn-topic",
      awsTunnelAlarmNames: TUNNELS.map((t) => `alarm-${t.id}`),
      awsConnectionAlarmNames: ["alarm-c1", "alarm-c2"],
      azureWorkspaceId: `${ARM.replace("Microsoft.Network", "Microsoft.OperationalInsights")}/workspaces/law`,
      azureActionGroupId: `${ARM.replace("Microsoft.Network", "Microsoft.Insights")}/actionGroups/ag`,
      azureTunnelAlertNames: TUNNELS.map((t) => `alert-${t.id}`),
      azureBgpAlertNames: TUNNELS.map((t) => `bgp-${t.id}`),
    };
    const healthyRun = await run({ ...outputs("bgp"), monitoring }, healthy("bgp"));
    assert.equal(healthyRun.report.whereToLook, undefined);
    const state = healthy("bgp");
    Object.assign(state.vpnConnections["vpn-0bbb"].telemetry[1], { status: "DOWN", statusMessage: "IPSEC IS DOWN", acceptedRouteCount: 0 });
    const { report, text } = await run({ ...outputs("bgp"), monitoring }, state);
    assert.equal(report.whereToLook?.length, 1);
    assert.match(report.whereToLook![0]!, /^c2t2: CloudWatch alarm alarm-c2t2, Azure alert alert-c2t2; AWS tunnel logs in log group \/azure-aws-vpn\/prod\/vpn-aws-logs-abc/);
    assert.match(text, /Where to look \(the stack's logs and alarms\):\n {2}- c2t2: .*IKEDiagnosticLog/);
  });

  it("BGP Idle: the session row shows Idle and the verdict fails, though IPsec is up", async () => {
    const state = healthy("bgp");
    state.bgpPeers[0].state = "Idle";
    state.bgpPeers[0].routesReceived = 0;
    const { report, text } = await run(outputs("bgp"), state);
    assert.equal(report.healthy, false);
    assert.ok(report.tunnels.every((t) => t.up));
    assert.deepEqual(report.bgp.filter((b) => !b.up).map((b) => [b.tunnel, b.neighbor, b.state]), [["c1t1", "169.254.21.1", "Idle"]]);
    assert.match(text, /c1t1\s+169\.254\.21\.1\s+169\.254\.21\.2\s+Idle\s+0\s+FAIL/);
    assert.ok(report.problems.includes("c1t1: BGP with 169.254.21.1 is Idle on the Azure gateway, not Connected."));
  });

  it("routes missing: Azure has not learned the VPC from one peer, AWS accepted no route on another tunnel", async () => {
    const state = healthy("bgp");
    state.learnedRoutes = state.learnedRoutes.filter((r) => r.sourcePeer !== "169.254.21.5");
    state.vpnConnections["vpn-0bbb"].telemetry[0].acceptedRouteCount = 0;
    const { report } = await run(outputs("bgp"), state);
    assert.equal(report.healthy, false);
    assert.deepEqual(report.prefixes.filter((p) => !p.ok).map((p) => [p.side, p.tunnel]), [["Azure learned", "c1t2"], ["AWS learned", "c2t1"]]);
    assert.ok(report.problems.includes(`c1t2: the Azure gateway has not learned ${VPC} over BGP from 169.254.21.5.`));
    assert.ok(report.problems.includes(`c2t1: AWS accepted 0 routes over BGP, expected at least 1 (${VNET}).`));
  });

  it("routes missing (static): the AWS connection lacks the VNet's static route", async () => {
    const state = healthy("static", TUNNELS.slice(0, 2));
    state.vpnConnections["vpn-0aaa"].routes = [];
    const { report } = await run(outputs("static", TUNNELS.slice(0, 2)), state);
    assert.equal(report.healthy, false);
    assert.ok(report.problems.includes(`c1t1: the AWS VPN connection vpn-0aaa has no available static route for ${VNET}.`));
  });

  it("throttled then fine: both SDKs retry (EC2 RequestLimitExceeded, ARM 429 with retry-after) and the stack is healthy", async () => {
    const state = { ...healthy("bgp"), ec2Throttles: 1, armThrottles: 1 };
    const { report } = await run(outputs("bgp"), state);
    assert.deepEqual(report.problems, []);
    assert.equal(report.healthy, true);
    assert.equal(clouds.requests.filter((r) => r.startsWith("EC2")).length, 3, "2 connections + 1 retry");
    assert.equal(clouds.requests.filter((r) => r.includes("/connections/")).length, 5, "4 connections + 1 retry");
  });

  it("throttled throughout: a clear message after the configured attempts, not healthy", async () => {
    const state = { ...healthy("bgp"), ec2Throttles: 100, armThrottles: 0 };
    const { report } = await run(outputs("bgp", TUNNELS.slice(0, 2)), state);
    clouds.state.ec2Throttles = 0;
    assert.equal(report.healthy, false);
    assert.deepEqual(report.problems, ["AWS: VPN connection vpn-0aaa: throttled (RequestLimitExceeded) on all 3 attempts. Wait a minute and run verify again."]);
    assert.equal(clouds.requests.filter((r) => r.startsWith("EC2")).length, 3);
  });

  it("no credentials: one message per cloud saying how to sign in; nothing is sent", async () => {
    setTestEnv(false);
    // DefaultAzureCredential restricted to its environment credential, which finds no AZURE_* settings.
    process.env.AZURE_TOKEN_CREDENTIALS = "EnvironmentCredential";
    Object.assign(clouds.state, healthy("bgp"));
    clouds.requests.length = 0;
    const report = await verify(parseOutputs(JSON.stringify(outputs("bgp"))), options("defaultAzureCredential"));
    assert.equal(report.healthy, false);
    assert.equal(report.problems.length, 2, report.problems.join("\n"));
    assert.match(report.problems[0], /^AWS: no credentials found \(.*\)\. Set AWS_PROFILE/);
    assert.match(report.problems[1], /^Azure: no usable credential \(AggregateAuthenticationError: EnvironmentCredential is unavailable\..*\)\. Run `az login`/);
    assert.deepEqual(clouds.requests, []);
    assert.ok(report.tunnels.every((t) => t.aws === "not read" && t.azure === "not read"));
  });

  it("resource not found: names the missing VPN connection and Azure connection, still reports the others", async () => {
    const state = healthy("bgp");
    delete state.vpnConnections["vpn-0bbb"];
    delete state.azureConnections["cn-c1t2"];
    const { report, text } = await run(outputs("bgp"), state);
    assert.equal(report.healthy, false);
    assert.ok(report.problems.includes("AWS: VPN connection vpn-0bbb does not exist in us-east-1 (InvalidVpnConnectionID.NotFound). Is the stack deployed, and are these credentials for the stack's account?"), report.problems.join("\n"));
    assert.ok(report.problems.includes("Azure: connection cn-c1t2 (c1t2) does not exist (ResourceNotFound). Is the stack deployed, and is this the stack's subscription?"), report.problems.join("\n"));
    assert.deepEqual(report.tunnels.filter((t) => t.up).map((t) => t.id), ["c1t1"]);
    assert.match(text, /c2t1\s+not read/);
  });

  it("the CLI reads --file, prints the report and exits 0 only when healthy (1 when not, 2 for bad input)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "verify-"));
    const out: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (line: string) => out.push(line);
    console.error = (line: string) => out.push(line);
    try {
      writeFileSync(path.join(dir, "outputs.json"), JSON.stringify(outputs("bgp")));
      writeFileSync(path.join(dir, "bad.json"), JSON.stringify({ contractVersion: 2 }));
      Object.assign(clouds.state, healthy("bgp"));
      assert.equal(await main(["--file", path.join(dir, "outputs.json")], options()), 0);
      clouds.state.bgpPeers[2].state = "Connecting";
      assert.equal(await main(["--file", path.join(dir, "outputs.json")], options()), 1);
      assert.equal(await main(["--file", path.join(dir, "bad.json")], options()), 2);
    } finally {
      [console.log, console.error] = [log, error];
      rmSync(dir, { recursive: true, force: true });
    }
    assert.match(out[0], /Verdict: HEALTHY/);
    assert.match(out[1], /Verdict: NOT HEALTHY, 1 problem:\n {2}- c2t1: BGP with 169\.254\.22\.1 is Connecting/);
    assert.match(out[2], /contract version 1:\n {2}- contractVersion: .*\n {2}- routing: .*/);
  });
});

describe("the EC2 client's retries", () => {
  it("keep the SDK's standard backoff unless a fixed delay is set (the tests set 10 ms: a throttling backoff starts at 500 ms)", async () => {
    const standard = await createEc2Client("us-east-1").config.retryStrategy();
    assert.ok(!(standard instanceof ConfiguredRetryStrategy));
    assert.equal("mode" in standard ? standard.mode : undefined, "standard");
    const fixed = await createEc2Client("us-east-1", { maxAttempts: 3, retryDelayMs: 10 }).config.retryStrategy();
    assert.ok(fixed instanceof ConfiguredRetryStrategy);
    assert.equal(await createEc2Client("us-east-1").config.maxAttempts(), DEFAULT_AWS_MAX_ATTEMPTS);
  });
});

describe("verify input", () => {
  it("refuses non-JSON and names what to pipe in", () => {
    assert.throws(() => parseOutputs("Current stack outputs (5):"), (e: unknown) => e instanceof OutputsError && /pulumi stack output --json/.test(e.message));
  });
  it("names a malformed Azure resource id before any call", () => {
    const stack = outputs("bgp");
    stack.tunnels[1].azureConnectionId = "cn-c1t2";
    assert.throws(() => parseOutputs(JSON.stringify(stack)), (e: unknown) => e instanceof OutputsError && /tunnels\.1\.azureConnectionId: must be an Azure resource id/.test(e.message));
  });
  it("accepts the outputs of a stack with test hosts (fields verify does not read)", () => {
    const stack = { ...outputs("bgp"), testHosts: { awsPrivateIp: "10.0.1.10", azurePrivateIp: "172.10.1.4", pingFromAws: "ping", pingFromAzure: "ping" } };
    assert.equal(parseOutputs(JSON.stringify(stack)).tunnels.length, 4);
  });
});
