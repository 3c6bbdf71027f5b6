/**
 * The package over gRPC, as the engine drives it, no CLI: the plugin is started the way the
 * Node.js language host starts a source plugin (@pulumi/pulumi/cmd/run-plugin with the plugin's
 * directory and the engine address, in the user's project directory: here an empty temporary
 * one outside the repository, with no tsconfig.json), with a mock engine (Log, root resource)
 * and a mock resource monitor on 127.0.0.1 that answers registrations with the offline mocks
 * (offline/mocks.ts). Then: GetSchema lists every component; Construct of Vpn for each routing
 * mode registers the same resources, with the same inputs, as the stack program does for the
 * same config; bad args are refused with every problem listed.
 *
 * The plugin runs the compiled package (bin/, built first when stale: tests/plugin/build.ts).
 */
import assert from "node:assert/strict";
import { readdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct, type JavaScriptValue } from "google-protobuf/google/protobuf/struct_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { GetRootResourceResponse } from "@pulumi/pulumi/proto/engine_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import { ConstructRequest, ConstructResponse, GetSchemaRequest, GetSchemaResponse } from "@pulumi/pulumi/proto/provider_pb";
import { UNKNOWN } from "../../policy/values";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { RegisterResourceResponse, ResourceInvokeResponse, SupportsFeatureResponse } from "@pulumi/pulumi/proto/resource_pb";
import { loadConfig, PROJECT } from "../../infra/config";
import { vpnArgsFromConfig } from "../../infra/components/vpn";
import { OfflineMocks } from "../../offline/mocks";
import { COMPONENTS, PACKAGE_NAME, ROOT } from "../../provider/provider";
import { MODES, evaluateMode, modeConfig, readStackConfig, type Evaluation, type Mode } from "../helpers";
import { startComponentPlugin, userProjectDir, type ComponentPlugin } from "../engine/componentPlugin";
import { ensureBuilt } from "./build";
import { TYPES } from "../../infra/types";

const SIG_KEY = "4dabf18193072939515e22adb298388d";

/** A protobuf Struct of a JSON-able value (undefined members dropped, as the wire has no undefined). */
const struct = (value: unknown): Struct => Struct.fromJavaScript(JSON.parse(JSON.stringify(value ?? {})) as Record<string, JavaScriptValue>);

/** Secrets unwrapped (the engine's wire form); the paths that were secret are collected. */
function unwrap(value: unknown, path: string, secrets: string[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => unwrap(v, `${path}[${i}]`, secrets));
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SIG_KEY] !== undefined && "value" in record) {
      secrets.push(path);
      return unwrap(record["value"], path, secrets);
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrap(v, path ? `${path}.${k}` : k, secrets)]));
  }
  return value;
}

interface Registered {
  type: string;
  name: string;
  parent: string;
  urn: string;
  inputs: Record<string, unknown>;
  secretInputs: string[];
  provider: string;
  dependencies: string[];
}

/** A resource monitor and an engine on 127.0.0.1, recording every registration. */
class MockEngine {
  readonly registered: Registered[] = [];
  readonly logs: string[] = [];
  private readonly server = new grpc.Server();
  private mocks = new OfflineMocks();
  private stack = "dev";
  address = "";

  reset(stack: string): void {
    this.registered.length = 0;
    this.logs.length = 0;
    this.mocks = new OfflineMocks();
    this.stack = stack;
  }

  async start(): Promise<void> {
    const unary = <Req, Res>(handler: (req: Req) => Promise<Res> | Res) => (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => {
      Promise.resolve(handler(call.request)).then((res) => callback(null, res), (err: Error) => callback({ code: grpc.status.INTERNAL, details: err.message }));
    };
    this.server.addService(EngineService, {
      log: unary((req: { getMessage(): string }) => {
        this.logs.push(req.getMessage());
        return new Empty();
      }),
      getRootResource: unary(() => new GetRootResourceResponse().setUrn("")),
      setRootResource: unary(() => new Empty()),
      startDebugging: unary(() => new Empty()),
      requirePulumiVersion: unary(() => new Empty()),
    } as unknown as grpc.UntypedServiceImplementation);
    this.server.addService(ResourceMonitorService, {
      supportsFeature: unary((req: { getId(): string }) => new SupportsFeatureResponse().setHassupport(["secrets", "resourceReferences", "replaceWith"].includes(req.getId()))),
      invoke: unary((req: { getTok(): string; getArgs(): Struct | undefined }) => {
        const args = (req.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        // A provider the caller passed is rehydrated from its URN (the SDK's getResource invoke).
        if (req.getTok() === "pulumi:pulumi:getResource") return new ResourceInvokeResponse().setReturn(struct({ urn: args["urn"], id: "provider-id", state: {} }));
        const result = this.mocks.call({ token: req.getTok(), inputs: args } as never);
        return new ResourceInvokeResponse().setReturn(struct(result));
      }),
      registerResource: unary(async (req: {
        getType(): string; getName(): string; getParent(): string; getCustom(): boolean; getObject(): Struct | undefined; getProvider(): string; getDependenciesList(): string[];
      }) => {
        const secretInputs: string[] = [];
        const inputs = unwrap(req.getObject()?.toJavaScript() ?? {}, "", secretInputs) as Record<string, unknown>;
        const parent = this.registered.find((r) => r.urn === req.getParent());
        const qualified = parent ? `${parent.urn.split("::")[2]}$${req.getType()}` : req.getType();
        const urn = `urn:pulumi:${this.stack}::${PROJECT}::${qualified}::${req.getName()}`;
        this.registered.push({ type: req.getType(), name: req.getName(), parent: req.getParent(), urn, inputs, secretInputs, provider: req.getProvider(), dependencies: req.getDependenciesList() });
        const response = new RegisterResourceResponse().setUrn(urn);
        if (!req.getCustom()) return response.setObject(Struct.fromJavaScript({}));
        const { id, state } = await this.mocks.newResource({ type: req.getType(), name: req.getName(), inputs, custom: true } as never);
        return response.setId(id ?? "").setObject(struct(state));
      }),
      registerResourceOutputs: unary(() => new Empty()),
    } as unknown as grpc.UntypedServiceImplementation);
    const port = await new Promise<number>((resolve, reject) => this.server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
    this.address = `127.0.0.1:${port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }
}

interface Plugin extends ComponentPlugin {
  client: ResourceProviderClient;
}

async function startPlugin(engineAddress: string, cwd: string): Promise<Plugin> {
  const started = await startComponentPlugin({ engineAddress, cwd });
  return { ...started, client: new ResourceProviderClient(`127.0.0.1:${started.port}`, grpc.credentials.createInsecure()) };
}

async function stopPlugin(p: Plugin | undefined): Promise<void> {
  p?.client.close();
  await p?.close();
}

let engine: MockEngine;
let plugin: Plugin | undefined;
let projectDir: string;

before(async () => {
  const build = await ensureBuilt();
  if (build.built) console.log(`# built bin/ (tsc -p tsconfig.build.json) in ${(build.ms / 1000).toFixed(1)} s`);
  engine = new MockEngine();
  await engine.start();
  projectDir = userProjectDir();
  plugin = await startPlugin(engine.address, projectDir);
});

after(async () => {
  await stopPlugin(plugin);
  await engine.stop();
  if (projectDir) rmSync(projectDir, { recursive: true, force: true });
});

interface ConstructOptions {
  dryRun?: boolean;
  /** Input name -> URNs it depends on (the caller's resources). */
  inputDependencies?: Record<string, string[]>;
  /** Package -> provider reference ("urn::id"), as the caller's `providers` option sends them. */
  providers?: Record<string, string>;
}

function construct(stack: string, name: string, type: string, inputs: Record<string, unknown>, options: ConstructOptions = {}): Promise<ConstructResponse> {
  const request = new ConstructRequest()
    .setProject(PROJECT)
    .setStack(stack)
    .setDryrun(options.dryRun ?? false)
    .setParallel(4)
    .setMonitorendpoint(engine.address)
    .setType(type)
    .setName(name)
    .setInputs(struct(inputs));
  for (const [input, urns] of Object.entries(options.inputDependencies ?? {})) {
    request.getInputdependenciesMap().set(input, new ConstructRequest.PropertyDependencies().setUrnsList(urns));
  }
  for (const [pkg, ref] of Object.entries(options.providers ?? {})) request.getProvidersMap().set(pkg, ref);
  return new Promise((resolve, reject) => plugin!.client.construct(request, (err, res) => (err ? reject(err) : resolve(res))));
}

/**
 * The mocks hand out placeholder addresses in registration order, and gRPC registrations arrive
 * in another order than in-process ones: compare addresses as placeholders (the wiring by value
 * is tests/program/modes.test.ts's).
 */
function placeholders(value: unknown): unknown {
  if (typeof value === "string") return /^(198\.51\.100|203\.0\.113)\.\d+$/.test(value) ? "<mock address>" : value;
  if (Array.isArray(value)) return value.map(placeholders);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, placeholders(v)]));
  return value;
}

/** What the stack program registered, in the same shape. */
function fromProgram(e: Evaluation): { key: string; inputs: unknown; secrets: string[] }[] {
  return e.resources.map((r) => ({ key: `${r.type}::${r.name}`, inputs: placeholders(r.inputs), secrets: [...r.secretInputPaths].sort() })).sort((a, b) => a.key.localeCompare(b.key));
}

describe("the package over gRPC", () => {
  it("starts from an empty directory outside the repository, running the compiled JavaScript", async () => {
    // The first start after a build is the cold one; a second start shows the warm figure.
    const again = await startPlugin(engine.address, projectDir);
    await stopPlugin(again);
    console.log(`# plugin start (spawn to port): first ${(plugin!.startMs / 1000).toFixed(2)} s, again ${(again.startMs / 1000).toFixed(2)} s`);
    // run-plugin requires the package folder, so package.json's main: compiled JavaScript, which
    // its ts-node hook leaves alone (a TypeScript main was type-checked at every cold start).
    assert.equal(require.resolve(ROOT), path.join(ROOT, "bin", "provider", "index.js"));
    // Nothing written to the user's project (no ts-node cache, no node_modules).
    assert.deepEqual(readdirSync(projectDir), []);
  });

  it("GetSchema lists every component", async () => {
    const response = await new Promise<GetSchemaResponse>((resolve, reject) => plugin!.client.getSchema(new GetSchemaRequest(), (err, res) => (err ? reject(err) : resolve(res))));
    const schema = JSON.parse(response.getSchema()) as { name: string; resources: Record<string, unknown> };
    assert.equal(schema.name, PACKAGE_NAME);
    assert.deepEqual(Object.keys(schema.resources).sort(), Object.keys(COMPONENTS).map((n) => `${PACKAGE_NAME}:index:${n}`).sort());
  });

  for (const mode of MODES) {
    it(`Construct of Vpn (${mode}) registers what the stack program registers, with the same inputs`, async () => {
      const { stack, raw } = modeConfig(mode as Mode);
      const { config } = loadConfig(raw, stack);
      const program = await evaluateMode(mode);
      engine.reset(stack);
      const response = await construct(stack, "vpn", `${PACKAGE_NAME}:index:Vpn`, { ...vpnArgsFromConfig(config) });
      assert.equal(response.getUrn(), `urn:pulumi:${stack}::${PROJECT}::${PACKAGE_NAME}:index:Vpn::vpn`);
      const constructed = engine.registered
        .map((r) => ({ key: `${r.type}::${r.name}`, inputs: placeholders(r.inputs), secrets: [...r.secretInputs].sort() }))
        .sort((a, b) => a.key.localeCompare(b.key));
      assert.deepEqual(constructed.map((r) => r.key), fromProgram(program).map((r) => r.key));
      assert.deepEqual(constructed, fromProgram(program));
      const state = response.getState()?.toJavaScript() as Record<string, unknown>;
      assert.deepEqual(Object.keys(state).filter((k) => state[k] !== null && state[k] !== undefined).sort(), Object.keys(program.outputs).sort());
    });
  }

  describe("what the caller passes reaches the children", () => {
    const KEY_URN = `urn:pulumi:dev::${PROJECT}::tls:index/privateKey:PrivateKey::admin-key`;
    const AWS_PROVIDER = `urn:pulumi:dev::${PROJECT}::pulumi:providers:aws::us-east-1::provider-id`;
    const AZURE_PROVIDER = `urn:pulumi:dev::${PROJECT}::pulumi:providers:azure-native::eastus::provider-id`;
    const devArgs = (): Record<string, unknown> => {
      const { stack, raw } = modeConfig("static-active-standby");
      return { ...vpnArgsFromConfig(loadConfig(raw, stack).config) };
    };
    const keyPair = (): Registered => engine.registered.find((r) => r.type === TYPES.keyPair)!;
    const vm = (): Registered => engine.registered.find((r) => r.type === TYPES.vm)!;

    it("a secret sshPublicKey stays secret on both test hosts; its dependency reaches them; explicit providers are used", async () => {
      engine.reset("dev");
      const args = devArgs();
      args["sshPublicKey"] = { [SIG_KEY]: "1b47061264138c4ac30d75fd1eb44270", value: args["sshPublicKey"] };
      await construct("dev", "vpn", `${PACKAGE_NAME}:index:Vpn`, args, {
        inputDependencies: { sshPublicKey: [KEY_URN] },
        providers: { aws: AWS_PROVIDER, "azure-native": AZURE_PROVIDER },
      });
      assert.ok(keyPair().secretInputs.includes("publicKey"), JSON.stringify(keyPair().secretInputs));
      assert.ok(vm().secretInputs.some((p) => p.startsWith("osProfile")), JSON.stringify(vm().secretInputs));
      assert.ok(keyPair().dependencies.includes(KEY_URN), `KeyPair depends on ${JSON.stringify(keyPair().dependencies)}`);
      const custom = engine.registered.filter((r) => !r.type.startsWith(`${PACKAGE_NAME}:`));
      for (const r of custom.filter((x) => x.type.startsWith("aws:"))) assert.equal(r.provider, AWS_PROVIDER, `${r.type} ${r.name}`);
      for (const r of custom.filter((x) => x.type.startsWith("azure-native:"))) assert.equal(r.provider, AZURE_PROVIDER, `${r.type} ${r.name}`);
      assert.ok(custom.some((r) => r.type.startsWith("aws:")) && custom.some((r) => r.type.startsWith("azure-native:")));
    });

    it("an unknown sshPublicKey in a preview passes through to the children, unknown", async () => {
      engine.reset("dev");
      const args = devArgs();
      // The engine sends a value computed by another resource as unknown in a preview, with that
      // resource as the input's dependency.
      args["sshPublicKey"] = UNKNOWN;
      await construct("dev", "vpn", `${PACKAGE_NAME}:index:Vpn`, args, { dryRun: true, inputDependencies: { sshPublicKey: [KEY_URN] } });
      assert.equal(keyPair().inputs["publicKey"], UNKNOWN);
    });
  });

  it("bad args are refused with every problem listed, and nothing is registered", async () => {
    engine.reset("dev");
    const { stack, raw } = modeConfig("static-active-standby");
    const args = { ...vpnArgsFromConfig(loadConfig(raw, stack).config), vpcCidr: "10.0.0.0/33", routing: "bgp", azureAsn: 65000.5 };
    await assert.rejects(construct("dev", "vpn", `${PACKAGE_NAME}:index:Vpn`, args), (err: Error) => {
      assert.match(err.message, /VpnArgs has 3 problems/);
      for (const key of ["VpnArgs.vpcCidr", "VpnArgs.routing", "VpnArgs.azureAsn"]) assert.ok(err.message.includes(key), `${key} in ${err.message}`);
      return true;
    });
    assert.deepEqual(engine.registered.filter((r) => r.type !== `${PACKAGE_NAME}:index:Vpn`), []);
  });

  it("a secret where a plain arg is required: one line saying the arg must be plain, not the Output's fields", async () => {
    engine.reset("dev");
    const { stack, raw } = modeConfig("static-active-standby");
    const args: Record<string, unknown> = { ...vpnArgsFromConfig(loadConfig(raw, stack).config) };
    args["monitoring"] = { [SIG_KEY]: "1b47061264138c4ac30d75fd1eb44270", value: { enabled: true } };
    await assert.rejects(construct("dev", "vpn", `${PACKAGE_NAME}:index:Vpn`, args), (err: Error) => {
      assert.match(err.message, /VpnArgs has 1 problem; nothing was created:\n {2}- VpnArgs\.monitoring = "\[an Output or a secret\]": must be a plain value/);
      assert.doesNotMatch(err.message, /__pulumiOutput|isKnown|promise/);
      return true;
    });
    assert.deepEqual(engine.registered.filter((r) => r.type !== `${PACKAGE_NAME}:index:Vpn`), []);
  });

  it("a duplicate-URN class (two subnets of one AWS spoke with one name) is refused before the first child registers", async () => {
    engine.reset("scale");
    const { config } = loadConfig(readStackConfig("scale"), "scale");
    const subnets = [{ name: "app", cidr: "10.40.1.0/24", availabilityZone: "us-east-1a" }, { name: "app", cidr: "10.40.2.0/24", availabilityZone: "us-east-1b" }];
    const args = { ...vpnArgsFromConfig(config), awsSpokes: [{ name: "vpc-x", cidr: "10.40.0.0/16", subnets }] };
    await assert.rejects(construct("scale", "vpn", `${PACKAGE_NAME}:index:Vpn`, args), /VpnArgs\.awsSpokes\[0\]\.subnets\[1\]\.name = "app": repeats subnets\[0\]'s name/);
    assert.deepEqual(engine.registered.filter((r) => r.type !== `${PACKAGE_NAME}:index:Vpn`), []);
  });
});
