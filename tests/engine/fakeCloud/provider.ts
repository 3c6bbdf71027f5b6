/**
 * The fake cloud's provider plugins: one gRPC ResourceProvider server per package (aws,
 * azure-native, random) on loopback, over one World. The real Pulumi CLI attaches to them through
 * PULUMI_DEBUG_PROVIDERS instead of starting the real plugins, so every Check, Diff, Create,
 * Update and Delete the engine makes reaches the World's rules.
 *
 * Diff answers as the real providers do for our types, from the one table the update model reads
 * (offline/update/replacement.ts): which input changes force a replacement, and whether the
 * provider itself asks for delete-before-replace. The engine applies ignoreChanges and
 * replaceOnChanges itself.
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { randomBytes } from "node:crypto";
import { TYPES } from "../../../infra/types";
import { invokeResult } from "../../../offline/mocks";
import { providerDeletesFirst, REPLACE_TRIGGERS } from "../../../offline/update/replacement";
import { CloudError, updatedState, type Props, type World } from "./world";

/** Pulumi's wire value for an unknown (computed) input. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const FAKE_PACKAGES = ["aws", "azure-native", "random"] as const;
export type FakePackage = (typeof FAKE_PACKAGES)[number];

const typeOfUrn = (urn: string): string => urn.split("::")[2]?.split("$").pop() ?? "";

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

function hasUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(hasUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasUnknown);
  return false;
}

/** The provider's answer to Diff: changed top-level inputs, which of them force a replacement. */
export function diffInputs(type: string, oldInputs: Props, news: Props): { changed: string[]; replaces: string[]; deleteBeforeReplace: boolean } {
  const keys = [...new Set([...Object.keys(oldInputs), ...Object.keys(news)])].sort();
  const changed = keys.filter((k) => hasUnknown(news[k]) || !same(oldInputs[k], news[k]));
  const row = REPLACE_TRIGGERS[type];
  if (!row) throw new Error(`the fake cloud has no replacement rule for ${type}: add a row to offline/update/replacement.ts`);
  const replaces = changed.filter((k) => row.properties.includes(k));
  return { changed, replaces, deleteBeforeReplace: replaces.length > 0 && providerDeletesFirst(type, news) };
}

/**
 * Check as azure-native does it for a name the program left out: the old name when there is an old
 * state, else the logical name and a random suffix. The engine checks again with no old state
 * before a create-before-delete replacement, so the replacement gets a new name.
 */
export function checkInputs(type: string, urn: string, olds: Props, news: Props): Props {
  const autoName = REPLACE_TRIGGERS[type]?.autoName;
  if (autoName === undefined || !type.startsWith("azure-native:") || news[autoName] !== undefined) return news;
  const old = olds[autoName];
  return { ...news, [autoName]: typeof old === "string" ? old : `${urn.split("::").pop() ?? "r"}${randomBytes(4).toString("hex")}` };
}

/** The lookups of existing resources, answered from the world's objects (an existing hub adopted before the run). */
const LOOKUPS: Readonly<Record<string, { type: string; find: (id: string, args: Props) => boolean }>> = {
  "azure-native:network:getVirtualNetworkGateway": { type: TYPES.gateway, find: (id, a) => azureNamed(id, a["resourceGroupName"], "virtualNetworkGateways", a["virtualNetworkGatewayName"]) },
  "azure-native:network:getPublicIPAddress": { type: TYPES.publicIp, find: (id, a) => azureNamed(id, a["resourceGroupName"], "publicIPAddresses", a["publicIpAddressName"]) },
  "aws:ec2transitgateway/getTransitGateway:getTransitGateway": { type: TYPES.transitGateway, find: (id, a) => id === a["id"] },
  "aws:ec2/getVpnGateway:getVpnGateway": { type: TYPES.vpnGateway, find: (id, a) => id === a["id"] },
};

/** Whether an Azure id names a resource of that type, group and name (ARM compares ids case-insensitively). */
function azureNamed(id: string, group: unknown, kind: string, name: unknown): boolean {
  return id.toLowerCase().endsWith(`/resourcegroups/${String(group)}/providers/microsoft.network/${kind}/${String(name)}`.toLowerCase());
}

/**
 * What the clouds answer to the invokes the program makes: a lookup finds the world's object (or
 * is refused as the cloud refuses a missing one); the client config is the provider's
 * subscription when the stack sets one; the rest are the offline mocks' answers.
 */
function invoke(world: World, providerConfig: Props, token: string, args: Props): Props {
  const lookup = LOOKUPS[token];
  if (lookup !== undefined) {
    const found = world.live().find((o) => o.type === lookup.type && lookup.find(o.id, args));
    if (found === undefined) throw new CloudError("NotFound", `${token}: no ${lookup.type} matches ${JSON.stringify(args)}`);
    return found.outputs;
  }
  const result = invokeResult(token);
  if (result === undefined) throw new CloudError("NotImplemented", `the fake cloud answers no invoke ${token} (args ${JSON.stringify(args)})`);
  const subscriptionId = providerConfig["subscriptionId"];
  return token === "azure-native:authorization:getClientConfig" && typeof subscriptionId === "string" ? { ...result, subscriptionId } : result;
}

const toStruct = (value: Props): structproto.Struct => structproto.Struct.fromJavaScript(value as Record<string, structproto.JavaScriptValue>);
const fromStruct = (value: structproto.Struct | undefined): Props => (value?.toJavaScript() ?? {}) as Props;

function fail(callback: (error: grpc.ServiceError | null) => void, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  const status: Partial<grpc.ServiceError> = { code: grpc.status.UNKNOWN, details: message, message };
  callback(status as grpc.ServiceError);
}

function unary<Req, Res>(handler: (request: Req) => Res): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    try {
      callback(null, handler(call.request));
    } catch (error) {
      fail(callback, error);
    }
  };
}

function unimplemented(callback: (error: grpc.ServiceError | null) => void, what: string): void {
  const status: Partial<grpc.ServiceError> = { code: grpc.status.UNIMPLEMENTED, details: `${what} is not implemented by the fake cloud` };
  callback(status as grpc.ServiceError);
}

function service(pkg: FakePackage, version: string, world: World): provrpc.IResourceProviderServer {
  /** The provider's own config (Configure's args), e.g. azure-native's subscriptionId. */
  let providerConfig: Props = {};
  return {
    handshake: (_call, callback) => unimplemented(callback, "Handshake"),
    parameterize: (_call, callback) => unimplemented(callback, "Parameterize"),
    getSchema: unary(() => new provproto.GetSchemaResponse().setSchema("{}")),
    checkConfig: unary((req: provproto.CheckRequest) => new provproto.CheckResponse().setInputs(req.getNews())),
    diffConfig: unary((req: provproto.DiffRequest) => {
      // A default provider's region or location change replaces every resource of it, as the real ones do.
      const olds = fromStruct(req.getOldInputs() ?? req.getOlds());
      const news = fromStruct(req.getNews());
      const replaces = ["region", "location", "subscriptionId"].filter((k) => olds[k] !== undefined && !same(olds[k], news[k]));
      const changed = Object.keys({ ...olds, ...news }).some((k) => !same(olds[k], news[k]));
      return new provproto.DiffResponse()
        .setChanges(changed ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
        .setReplacesList(replaces);
    }),
    configure: unary((req: provproto.ConfigureRequest) => {
      providerConfig = fromStruct(req.getArgs());
      return new provproto.ConfigureResponse().setAcceptsecrets(false).setAcceptresources(false).setSupportspreview(true);
    }),
    invoke: unary((req: provproto.InvokeRequest) => new provproto.InvokeResponse().setReturn(toStruct(invoke(world, providerConfig, req.getTok(), fromStruct(req.getArgs()))))),
    call: (_call, callback) => unimplemented(callback, "Call"),
    check: unary((req: provproto.CheckRequest) => new provproto.CheckResponse().setInputs(toStruct(checkInputs(typeOfUrn(req.getUrn()), req.getUrn(), fromStruct(req.getOlds()), fromStruct(req.getNews()))))),
    diff: unary((req: provproto.DiffRequest) => {
      const type = typeOfUrn(req.getUrn());
      const { changed, replaces, deleteBeforeReplace } = diffInputs(type, fromStruct(req.getOldInputs() ?? req.getOlds()), fromStruct(req.getNews()));
      return new provproto.DiffResponse()
        .setChanges(changed.length > 0 ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
        .setDiffsList(changed)
        .setReplacesList(replaces)
        .setDeletebeforereplace(deleteBeforeReplace);
    }),
    create: unary((req: provproto.CreateRequest) => {
      const type = typeOfUrn(req.getUrn());
      const inputs = fromStruct(req.getProperties());
      if (req.getPreview()) return new provproto.CreateResponse().setId("").setProperties(toStruct(inputs));
      const object = world.create(type, req.getUrn(), inputs);
      return new provproto.CreateResponse().setId(object.id).setProperties(toStruct(object.outputs));
    }),
    read: unary((req: provproto.ReadRequest) => {
      const object = world.get(req.getId());
      const response = new provproto.ReadResponse();
      if (!object) return response;
      return response.setId(object.id).setProperties(toStruct(object.outputs)).setInputs(toStruct(object.inputs));
    }),
    list: (call) => call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by the fake cloud" }),
    update: unary((req: provproto.UpdateRequest) => {
      const type = typeOfUrn(req.getUrn());
      const news = fromStruct(req.getNews());
      if (req.getPreview()) return new provproto.UpdateResponse().setProperties(toStruct(updatedState(fromStruct(req.getOlds()), news)));
      return new provproto.UpdateResponse().setProperties(toStruct(world.update(req.getId(), type, req.getUrn(), news).outputs));
    }),
    delete: unary((req: provproto.DeleteRequest) => {
      world.delete(req.getId(), typeOfUrn(req.getUrn()), req.getUrn());
      return new emptyproto.Empty();
    }),
    construct: (_call, callback) => unimplemented(callback, `Construct (${pkg} has no components)`),
    cancel: unary(() => new emptyproto.Empty()),
    getPluginInfo: unary(() => new plugproto.PluginInfo().setVersion(version)),
    attach: unary(() => new emptyproto.Empty()),
    getMapping: unary(() => new provproto.GetMappingResponse()),
    getMappings: unary(() => new provproto.GetMappingsResponse()),
  };
}

export interface FakeCloud {
  world: World;
  /** PULUMI_DEBUG_PROVIDERS's value: `aws:PORT,azure-native:PORT,random:PORT`. */
  debugProviders: string;
  close(): Promise<void>;
}

/** Starts the three providers on loopback over `world`; `versions` are the SDKs' plugin versions. */
export async function startFakeCloud(world: World, versions: Record<FakePackage, string>): Promise<FakeCloud> {
  const servers: grpc.Server[] = [];
  const ports: string[] = [];
  for (const pkg of FAKE_PACKAGES) {
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(provrpc.ResourceProviderService, service(pkg, versions[pkg], world));
    const port = await new Promise<number>((resolve, reject) => server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
    servers.push(server);
    ports.push(`${pkg}:${port}`);
  }
  return {
    world,
    debugProviders: ports.join(","),
    close: () => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.tryShutdown(() => resolve())))).then(() => undefined),
  };
}
