/**
 * What the Pulumi CLI needs to start a Node.js policy pack folder (`--policy-pack policy`): the
 * Node.js language host's RunPlugin. Pulumi v3.276 runs a policy pack folder only through the
 * language plugin of the pack's runtime (pkg/resource/plugin ExecPlugin: PulumiPolicy.yaml's
 * `runtime: nodejs` -> LanguageRuntime("nodejs").RunPlugin); its older fallback to a
 * `pulumi-analyzer-policy-nodejs` on PATH is gone from the engine's host (it survives only in
 * sdk/go/common's copy, which the CLI does not use), and pulumi-language-nodejs is not among the
 * Go modules our registries serve.
 *
 * So this is a language host of our own, in-process, that implements RunPlugin (and the
 * Handshake and GetPluginInfo the engine asks first) and nothing else. The CLI attaches to it
 * through PULUMI_DEBUG_LANGUAGES=nodejs:<port>, as it attaches to the fake cloud's providers.
 * RunPlugin does for a policy pack what pulumi-language-nodejs's does (sdk/nodejs/cmd/
 * pulumi-language-nodejs, RunPlugin with its PolicyProxy): the engine sends the stack it runs for
 * only in the analyzer's ConfigureStack request, so the host first serves the analyzer itself,
 * takes ConfigureStack, then starts the pack with PULUMI_NODEJS_ORGANIZATION/PROJECT/STACK/
 * DRY_RUN and PULUMI_CONFIG set from it and forwards every request to it. The pack runs under
 * Pulumi's policy-pack runner (`@pulumi/pulumi/cmd/run-policy-pack`, which registers ts-node as
 * the real host's does), started by tools/bin/pulumi-analyzer-policy-nodejs in the pack's folder
 * with the engine's address and the pack's folder; its output streams back to the engine, then
 * its exit code.
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as langproto from "@pulumi/pulumi/proto/language_pb";
import * as langrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import * as anproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as anrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../../offline/stackConfig";

/** The launcher the CLI's old fallback ran (`pulumi-analyzer-policy-nodejs`). */
const LAUNCHER = path.join(REPO_ROOT, "tools", "bin", "pulumi-analyzer-policy-nodejs");

export interface PolicyLanguageHost {
  /** PULUMI_DEBUG_LANGUAGES's value: `nodejs:PORT`. */
  debugLanguages: string;
  /** Every policy pack RunPlugin started: its folder, arguments and the stack it was told. */
  started: { dir: string; args: string[]; stack: string }[];
  close(): Promise<void>;
}

function unimplemented<Req, Res>(what: string): grpc.handleUnaryCall<Req, Res> {
  return (_call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, details: `${what} is not implemented by the engine suite's policy language host`, name: "Unimplemented", message: what, metadata: new grpc.Metadata() });
}

function unimplementedStream<Req, Res>(what: string): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: `${what} is not implemented by the engine suite's policy language host` });
}

/** Environment entries `KEY=value` as an object. */
function envOf(entries: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const entry of entries) {
    const eq = entry.indexOf("=");
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

function service(started: PolicyLanguageHost["started"], tellStack: boolean): langrpc.ILanguageRuntimeServer {
  return {
    handshake: (_call, callback) => callback(null, new langproto.LanguageHandshakeResponse()),
    getPluginInfo: (_call, callback) => callback(null, new plugproto.PluginInfo().setVersion("3.276.0")),
    runPlugin: (call) => {
      const req = call.request;
      const info = req.getInfo();
      const dir = info?.getProgramDirectory() || info?.getRootDirectory() || req.getPwd();
      if (req.getKind() !== "analyzer") {
        call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: `RunPlugin of a ${req.getKind()} plugin is not implemented by the engine suite's policy language host` });
        return;
      }
      const write = (response: langproto.RunPluginResponse): void => void (call.writable && call.write(response));
      void runPolicyPack(dir, [...req.getArgsList(), "."], envOf(req.getEnvList()), started, tellStack, {
        stdout: (chunk) => write(new langproto.RunPluginResponse().setStdout(chunk)),
        stderr: (chunk) => write(new langproto.RunPluginResponse().setStderr(chunk)),
        exit: (code) => {
          write(new langproto.RunPluginResponse().setExitcode(code));
          call.end();
        },
        cancelled: (stop) => call.on("cancelled", stop),
      });
    },
    getRequiredPlugins: unimplemented("GetRequiredPlugins"),
    getRequiredPackages: unimplemented("GetRequiredPackages"),
    run: unimplemented("Run"),
    installDependencies: unimplementedStream("InstallDependencies"),
    runtimeOptionsPrompts: unimplemented("RuntimeOptionsPrompts"),
    template: unimplemented("Template"),
    about: unimplemented("About"),
    getProgramDependencies: unimplemented("GetProgramDependencies"),
    generateProgram: unimplemented("GenerateProgram"),
    generateProject: unimplemented("GenerateProject"),
    generatePackage: unimplemented("GeneratePackage"),
    pack: unimplemented("Pack"),
    link: unimplemented("Link"),
    cancel: (_call, callback) => callback(null, new emptyproto.Empty()),
  };
}

interface PluginOutput {
  stdout(chunk: Buffer): void;
  stderr(chunk: Buffer): void;
  exit(code: number): void;
  cancelled(stop: () => void): void;
}

type Unary = grpc.handleUnaryCall<unknown, unknown>;
type Definition = grpc.MethodDefinition<unknown, unknown>;

/**
 * The policy proxy: serves the Analyzer service to the engine (its port is the plugin's first
 * line of stdout), starts the pack when ConfigureStack names the stack, then forwards.
 */
async function runPolicyPack(dir: string, args: string[], env: NodeJS.ProcessEnv, started: PolicyLanguageHost["started"], tellStack: boolean, out: PluginOutput): Promise<void> {
  const proxy = new grpc.Server();
  let resolvePack: (client: grpc.Client) => void = () => undefined;
  let rejectPack: (error: Error) => void = () => undefined;
  const pack = new Promise<grpc.Client>((resolve, reject) => {
    resolvePack = resolve;
    rejectPack = reject;
  });
  pack.catch(() => undefined);
  let child: ReturnType<typeof spawn> | undefined;
  const stop = (code: number): void => {
    proxy.forceShutdown();
    out.exit(code);
  };
  out.cancelled(() => (child ? child.kill() : stop(1)));

  const start = (request: anproto.AnalyzerStackConfigureRequest): void => {
    const set = (key: string, value: string): void => {
      if (value !== "") env[key] = value;
    };
    set("PULUMI_NODEJS_ORGANIZATION", request.getOrganization());
    set("PULUMI_NODEJS_PROJECT", request.getProject());
    if (tellStack) set("PULUMI_NODEJS_STACK", request.getStack());
    set("PULUMI_NODEJS_DRY_RUN", String(request.getDryRun()));
    set("PULUMI_CONFIG", JSON.stringify(Object.fromEntries(request.getConfigMap().toArray())));
    started.push({ dir, args, stack: tellStack ? request.getStack() : "" });
    const proc = spawn(LAUNCHER, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    child = proc;
    let port = "";
    proc.stdout?.on("data", (chunk: Buffer) => {
      if (port.endsWith("\n")) return out.stdout(chunk);
      // The pack's first line is its port, for us (the engine talks to the proxy).
      const text = port + chunk.toString("utf8");
      const newline = text.indexOf("\n");
      if (newline < 0) return void (port = text);
      port = text.slice(0, newline + 1);
      resolvePack(new grpc.Client(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure()));
      if (newline + 1 < text.length) out.stdout(Buffer.from(text.slice(newline + 1)));
    });
    proc.stderr?.on("data", (chunk: Buffer) => out.stderr(chunk));
    proc.on("close", (code) => {
      rejectPack(new Error(`the policy pack exited (code ${code ?? "none"}) before it served`));
      stop(code ?? 1);
    });
  };

  const forward = (definition: Definition): Unary => (call, callback) => {
    pack.then(
      (client) => client.makeUnaryRequest(definition.path, definition.requestSerialize, definition.responseDeserialize, call.request, callback),
      (error: Error) => callback({ code: grpc.status.UNAVAILABLE, details: error.message, name: "Unavailable", message: error.message, metadata: new grpc.Metadata() }),
    );
  };
  const handlers: Record<string, Unary> = {};
  for (const [name, definition] of Object.entries(anrpc.AnalyzerService) as [string, Definition][]) handlers[name] = forward(definition);
  // Answered here: the pack is not running yet when the engine shakes hands.
  handlers["handshake"] = (_call, callback) => callback(null, new anproto.AnalyzerHandshakeResponse());
  const configureStack = handlers["configureStack"]!;
  handlers["configureStack"] = (call, callback) => {
    if (!child) start(call.request as anproto.AnalyzerStackConfigureRequest);
    configureStack(call, callback);
  };
  proxy.addService(anrpc.AnalyzerService, handlers);
  const port = await new Promise<number>((resolve, reject) => proxy.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  out.stdout(Buffer.from(`${port}\n`));
}

export interface PolicyLanguageHostOptions {
  /**
   * Pass the stack ConfigureStack names on to the pack (default true, as pulumi-language-nodejs
   * does); false starts the pack without it, as a host without the policy proxy would.
   */
  tellStack?: boolean;
}

/** Starts the host on loopback. */
export async function startPolicyLanguageHost(options: PolicyLanguageHostOptions = {}): Promise<PolicyLanguageHost> {
  const server = new grpc.Server();
  const started: PolicyLanguageHost["started"] = [];
  server.addService(langrpc.LanguageRuntimeService, service(started, options.tellStack ?? true));
  const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return {
    debugLanguages: `nodejs:${port}`,
    started,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
