/**
 * The pack as the Pulumi CLI runs it: the CLI's `pulumi-analyzer-policy` shim starts
 * @pulumi/pulumi's `cmd/run-policy-pack` (resolved from the pack's directory) with the engine
 * address and "." in policy/, with the stack name in PULUMI_NODEJS_STACK. run-policy-pack compiles
 * index.ts with its vendored ts-node (type-checking, with policy/tsconfig.json), PolicyPack reads
 * policy/package.json and serves the analyzer gRPC protocol on the port it prints.
 * The requests are built the way the engine builds them (analyzer_plugin.go): secrets wrapped in
 * the secret signature, unknowns as the unknown sentinel, options with `protect`, and property
 * dependencies for stack analysis. This exercises the SDK's own deserialization and its
 * unknown-checking proxy, which the direct tests only imitate.
 *
 * No Pulumi CLI or cloud account is needed.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzeResponse,
  AnalyzeStackRequest,
  AnalyzerInfo,
  AnalyzerPropertyDependencies,
  AnalyzerResource,
  AnalyzerResourceOptions,
  ConfigureAnalyzerRequest,
  EnforcementLevel,
  PolicyConfig,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { UNKNOWN } from "../../policy/values";
import { connectionProps, gatewayProps, TYPES, urnOf, vpnConnectionProps } from "./fixtures";
import { pluginPort } from "../pluginPort";

const POLICY_DIR = path.resolve(__dirname, "../../policy");
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** A value as the engine marshals a secret for an analyzer (KeepSecrets: true). */
function secret(value: JavaScriptValue): JavaScriptValue {
  return { [SECRET_SIG_KEY]: SECRET_SIG, value };
}

interface Served {
  client: AnalyzerClient;
  child: ChildProcess;
}

/** Starts the pack like `pulumi-analyzer-policy` does and connects to the port it prints. */
async function servePack(stack: string): Promise<Served> {
  const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY_DIR] });
  // The engine address is unused by a pack that neither logs nor reads resources.
  const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", "."], {
    cwd: POLICY_DIR,
    env: { ...process.env, PULUMI_NODEJS_STACK: stack, PULUMI_NODEJS_PROJECT: "azure-aws-vpn", PULUMI_NODEJS_DRY_RUN: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  // A pack that never prints its port is ended here: left running, it would keep the test process alive.
  const port = await pluginPort(child, "the pack", 120_000).catch((err: unknown) => {
    child.kill("SIGKILL");
    throw err;
  });
  return { client: new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()), child };
}

/** Closes the client and ends the pack (the child this test started), waiting for it to exit. */
async function stop(served: Served | undefined): Promise<void> {
  if (served === undefined) return;
  served.client.close();
  const { child } = served;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill();
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Settles a promise from a unary gRPC callback. */
function settle<T>(resolve: (value: T) => void, reject: (err: Error) => void): (err: grpc.ServiceError | null, res: T) => void {
  return (err, res) => (err ? reject(err) : resolve(res));
}

const rpc = {
  getAnalyzerInfo: (client: AnalyzerClient): Promise<AnalyzerInfo> =>
    new Promise((resolve, reject) => void client.getAnalyzerInfo(new Empty(), settle(resolve, reject))),
  analyze: (client: AnalyzerClient, request: AnalyzeRequest): Promise<AnalyzeResponse> =>
    new Promise((resolve, reject) => void client.analyze(request, settle(resolve, reject))),
  analyzeStack: (client: AnalyzerClient, request: AnalyzeStackRequest): Promise<AnalyzeResponse> =>
    new Promise((resolve, reject) => void client.analyzeStack(request, settle(resolve, reject))),
  configure: (client: AnalyzerClient, request: ConfigureAnalyzerRequest): Promise<Empty> =>
    new Promise((resolve, reject) => void client.configure(request, settle(resolve, reject))),
};

function options(protect: boolean): AnalyzerResourceOptions {
  return new AnalyzerResourceOptions().setProtect(protect);
}

function analyzeRequest(type: string, name: string, props: Record<string, JavaScriptValue>): AnalyzeRequest {
  return new AnalyzeRequest()
    .setType(type)
    .setName(name)
    .setUrn(urnOf(type, name))
    .setProperties(Struct.fromJavaScript(props))
    .setOptions(options(false));
}

function stackResource(
  stack: string,
  type: string,
  name: string,
  props: Record<string, JavaScriptValue>,
  protect: boolean,
  propertyDependencies: Record<string, string[]> = {},
): AnalyzerResource {
  const resource = new AnalyzerResource()
    .setType(type)
    .setName(name)
    .setUrn(urnOf(type, name, stack))
    .setProperties(Struct.fromJavaScript(props))
    .setOptions(options(protect));
  for (const [property, urns] of Object.entries(propertyDependencies)) {
    resource.getPropertydependenciesMap().set(property, new AnalyzerPropertyDependencies().setUrnsList(urns));
  }
  return resource;
}

function diagnostics(response: AnalyzeResponse): { policy: string; message: string; level: EnforcementLevel; urn: string }[] {
  return response.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), message: d.getMessage(), level: d.getEnforcementlevel(), urn: d.getUrn() }));
}

/** Test inputs are plain JSON data; Struct wants its own value type. */
function json(props: Record<string, unknown>): Record<string, JavaScriptValue> {
  const parsed: unknown = JSON.parse(JSON.stringify(props));
  assert.ok(parsed !== null && typeof parsed === "object" && !Array.isArray(parsed));
  return parsed as Record<string, JavaScriptValue>;
}

// Each suite starts its pack (about 2.5 s: run-policy-pack type-checks the pack) and stops it. The
// hooks belong to the suites, not to the file: `npm test` runs many files in one process, where a
// file-level hook spans every file of the shard (and, failing, cancels them all).
let prodPack: Served | undefined;
let devPack: Served | undefined;

describe("the policy pack served to the engine (prod stack)", () => {
  before(async () => {
    prodPack = await servePack("prod");
  });
  after(() => stop(prodPack));
  const client = (): AnalyzerClient => {
    assert.ok(prodPack, "the pack is not running");
    return prodPack.client;
  };

  it("announces every policy as mandatory, with the version from policy/package.json", async () => {
    const info = await rpc.getAnalyzerInfo(client());
    assert.equal(info.getName(), "azure-aws-vpn");
    assert.equal(info.getVersion(), "0.1.0");
    assert.deepEqual(
      info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]),
      ["ikev2-only", "strong-ipsec-crypto", "gateway-sku", "keys-from-secrets", "no-open-admin-ports", "keys-generated", "prod-protection", "prod-monitoring"].map((n) => [n, EnforcementLevel.MANDATORY]),
    );
  });

  it("judges a resource with secret and unknown inputs without 'can't run during preview'", async () => {
    const props = json(vpnConnectionProps({ tunnel1IkeVersions: ["ikev1", "ikev2"], tunnel2PresharedKey: UNKNOWN }));
    props["tunnel1PresharedKey"] = secret(String(props["tunnel1PresharedKey"]));
    const response = await rpc.analyze(client(), analyzeRequest(TYPES.vpnConnection, "tunnels-c1-vpn", props));
    assert.deepEqual(diagnostics(response).map((d) => [d.policy, d.level]), [["ikev2-only", EnforcementLevel.MANDATORY]]);
    assert.match(diagnostics(response)[0]!.message, /VpnConnection "tunnels-c1-vpn": tunnel1IkeVersions is \["ikev1","ikev2"\]/);
  });

  it("passes the program's Azure connection and gateway", async () => {
    const conn = json(connectionProps());
    conn["sharedKey"] = secret(String(conn["sharedKey"]));
    assert.deepEqual(diagnostics(await rpc.analyze(client(), analyzeRequest(TYPES.connection, "c1t1", conn))), []);
    assert.deepEqual(diagnostics(await rpc.analyze(client(), analyzeRequest(TYPES.gateway, "azure-gateway", json(gatewayProps("VpnGw2AZ"))))), []);
  });

  it("refuses, in a prod stack, unprotected gateways, test hosts and keys not generated", async () => {
    const key = stackResource("prod", TYPES.password, "k1", {}, false);
    const request = new AnalyzeStackRequest().setResourcesList([
      key,
      stackResource("prod", TYPES.gateway, "azure-gateway", json(gatewayProps("VpnGw2AZ")), false),
      stackResource("prod", TYPES.vm, "test-azure-vm", {}, false),
      stackResource("prod", TYPES.connection, "generated", json({ ...connectionProps(), sharedKey: UNKNOWN }), false, { sharedKey: [key.getUrn()] }),
      stackResource("prod", TYPES.connection, "typed-in", json(connectionProps()), false),
    ]);
    const all = diagnostics(await rpc.analyzeStack(client(), request));
    // prod-monitoring (policy/monitoring.ts, tested on its own) also flags this stack: no monitoring.
    assert.ok(all.some((d) => d.policy === "prod-monitoring" && d.urn === urnOf(TYPES.gateway, "azure-gateway", "prod")), "the served pack runs prod-monitoring");
    const found = all.filter((d) => d.policy !== "prod-monitoring");
    assert.deepEqual(
      found.map((d) => [d.policy, d.urn]),
      [
        ["keys-generated", urnOf(TYPES.connection, "typed-in", "prod")],
        ["prod-protection", urnOf(TYPES.gateway, "azure-gateway", "prod")],
        ["prod-protection", urnOf(TYPES.vm, "test-azure-vm", "prod")],
      ],
    );
    assert.ok(found.every((d) => d.level === EnforcementLevel.MANDATORY));
  });

  it("honours prod-protection's 'exempt' policy config", async () => {
    const config = new ConfigureAnalyzerRequest();
    config.getPolicyconfigMap().set("prod-protection", new PolicyConfig().setEnforcementlevel(EnforcementLevel.MANDATORY).setProperties(Struct.fromJavaScript({ exempt: ["azure-gateway"] })));
    await rpc.configure(client(), config);
    const request = new AnalyzeStackRequest().setResourcesList([stackResource("prod", TYPES.gateway, "azure-gateway", json(gatewayProps("VpnGw2AZ")), false)]);
    assert.deepEqual(diagnostics(await rpc.analyzeStack(client(), request)).filter((d) => d.policy !== "prod-monitoring"), []);
  });
});

describe("the policy pack served to the engine (dev stack)", () => {
  before(async () => {
    devPack = await servePack("dev");
  });
  after(() => stop(devPack));
  it("reads the stack name from the engine's environment: prod-protection and prod-monitoring do not apply to dev", async () => {
    const served = devPack;
    assert.ok(served, "the pack is not running");
    const request = new AnalyzeStackRequest().setResourcesList([
      stackResource("dev", TYPES.gateway, "azure-gateway", json(gatewayProps("VpnGw1AZ")), false),
      stackResource("dev", TYPES.instance, "test-aws-vm", {}, false),
    ]);
    const response = await rpc.analyzeStack(served.client, request);
    assert.deepEqual(diagnostics(response), []);
    assert.deepEqual(response.getNotApplicableList().map((n) => n.getPolicyName()), ["prod-protection", "prod-monitoring"]);
  });
});
