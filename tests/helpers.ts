/**
 * Shared test helpers: the stack configs of each topology mode, one memoized mocked evaluation per
 * mode and test process, resource type tokens, and typed accessors for the untyped inputs and
 * mocked state that offline/evaluate.ts records.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT, type RawConfig } from "../infra/config";
import { parseStackFile } from "../infra/stackFile";
// Types only: the unit tests import this file and must not load Pulumi. The evaluator is loaded
// on first use (evaluateStack below).
import type { EvaluateOptions, Evaluation, RegisteredResource } from "../offline/evaluate";

export type { Evaluation, RegisteredResource };

export const REPO_ROOT = path.resolve(__dirname, "..");

/** Pulumi.<stack>.yaml's config as the CLI hands it to the program (infra/stackFile.ts, the one reading). */
export function readStackConfig(stack: string): RawConfig {
  const { raw, issues } = parseStackFile(readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8"), `Pulumi.${stack}.yaml`);
  assert.deepEqual(issues, [], `Pulumi.${stack}.yaml's keys are all readable`);
  return raw;
}

/** offline/evaluate.ts's evaluateStack, loaded on first use. */
export async function evaluateStack(options: EvaluateOptions): Promise<Evaluation> {
  const evaluator = await import("../offline/evaluate");
  return evaluator.evaluateStack(options);
}

/** Resource type tokens, as Pulumi registers them. */
export const T = {
  // Our components.
  vpn: "azureawsvpn:index:Vpn",
  azureSide: "azureawsvpn:index:AzureSide",
  awsSide: "azureawsvpn:index:AwsSide",
  tunnelPair: "azureawsvpn:index:TunnelPair",
  testHosts: "azureawsvpn:index:TestHosts",
  // Azure.
  resourceGroup: "azure-native:resources:ResourceGroup",
  vnet: "azure-native:network:VirtualNetwork",
  subnet: "azure-native:network:Subnet",
  publicIp: "azure-native:network:PublicIPAddress",
  gateway: "azure-native:network:VirtualNetworkGateway",
  lng: "azure-native:network:LocalNetworkGateway",
  connection: "azure-native:network:VirtualNetworkGatewayConnection",
  nsg: "azure-native:network:NetworkSecurityGroup",
  nic: "azure-native:network:NetworkInterface",
  vm: "azure-native:compute:VirtualMachine",
  // AWS.
  vpc: "aws:ec2/vpc:Vpc",
  awsSubnet: "aws:ec2/subnet:Subnet",
  routeTable: "aws:ec2/routeTable:RouteTable",
  routeTableAssociation: "aws:ec2/routeTableAssociation:RouteTableAssociation",
  route: "aws:ec2/route:Route",
  customerGateway: "aws:ec2/customerGateway:CustomerGateway",
  vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
  vpnGatewayAttachment: "aws:ec2/vpnGatewayAttachment:VpnGatewayAttachment",
  vpnGatewayRoutePropagation: "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
  vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
  vpnConnectionRoute: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
  transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
  tgwRouteTable: "aws:ec2transitgateway/routeTable:RouteTable",
  tgwVpcAttachment: "aws:ec2transitgateway/vpcAttachment:VpcAttachment",
  tgwAssociation: "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
  tgwPropagation: "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
  internetGateway: "aws:ec2/internetGateway:InternetGateway",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  keyPair: "aws:ec2/keyPair:KeyPair",
  instance: "aws:ec2/instance:Instance",
  // Random.
  password: "random:index/randomPassword:RandomPassword",
} as const;

/** The type prefix of our own component resources. */
export const COMPONENT_PREFIX = "azureawsvpn:index:";

/** The four supported topologies (bgp + active-standby is rejected by validation). */
export const MODES = ["static-active-standby", "static-active-active", "bgp-active-active-vgw", "bgp-active-active-tgw"] as const;
export type Mode = (typeof MODES)[number];

/** Fully qualified key of one of our settings. */
export function key(name: string): string {
  return `${PROJECT}:${name}`;
}

/**
 * A deep copy of `raw` with changes applied. Names without a namespace are ours
 * (`vpcCidr` = `azure-aws-vpn:vpcCidr`); a value of `undefined` removes the key.
 */
export function withConfig(raw: RawConfig, changes: Record<string, unknown>): RawConfig {
  const copy = structuredClone(raw);
  for (const [name, value] of Object.entries(changes)) {
    const full = name.includes(":") ? name : key(name);
    if (value === undefined) delete copy[full];
    else copy[full] = structuredClone(value);
  }
  return copy;
}

/**
 * The config of each mode, built by mutating the committed stack files: dev is static
 * active-standby; dev + activeActive (and a second Azure prefix) is static active-active; prod is
 * BGP active-active with a transit gateway; prod + awsAttachment vgw is BGP with a virtual private
 * gateway.
 */
export function modeConfig(mode: Mode): { stack: string; raw: RawConfig } {
  switch (mode) {
    case "static-active-standby":
      return { stack: "dev", raw: readStackConfig("dev") };
    case "static-active-active":
      // A second Azure prefix, so "one route per Azure prefix" is tested with more than one.
      return { stack: "dev", raw: withConfig(readStackConfig("dev"), { activeActive: true, vnetAddressSpace: ["172.10.0.0/16", "192.168.50.0/24"] }) };
    case "bgp-active-active-vgw":
      return { stack: "prod", raw: withConfig(readStackConfig("prod"), { awsAttachment: "vgw" }) };
    case "bgp-active-active-tgw":
      return { stack: "prod", raw: readStackConfig("prod") };
  }
}

const evaluations = new Map<string, Promise<Evaluation>>();

/** One evaluation per mode per test process (evaluations are queued; Pulumi's runtime is global). */
export function evaluateMode(mode: Mode): Promise<Evaluation> {
  let evaluation = evaluations.get(mode);
  if (evaluation === undefined) {
    evaluation = evaluateStack(modeConfig(mode));
    evaluations.set(mode, evaluation);
  }
  return evaluation;
}

/** Evaluates every mode once (in `before`) and fails if any of them failed. */
export async function evaluateModes(modes: readonly Mode[] = MODES): Promise<Record<Mode, Evaluation>> {
  const result = {} as Record<Mode, Evaluation>;
  for (const mode of modes) {
    const evaluation = await evaluateMode(mode);
    if (evaluation.error) throw new Error(`mode ${mode} failed to evaluate: ${evaluation.error.message}`);
    result[mode] = evaluation;
  }
  return result;
}

// ---- typed access to untyped inputs and state --------------------------------------------------

export type PathPart = string | number;

/** The value at `path` inside `value`, or undefined. */
export function at(value: unknown, ...path: PathPart[]): unknown {
  let current: unknown = value;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PathPart, unknown>)[part];
  }
  return current;
}

function describePath(path: PathPart[]): string {
  return path.length === 0 ? "(value)" : path.map(String).join(".");
}

export function str(value: unknown, ...path: PathPart[]): string {
  const found = at(value, ...path);
  assert.equal(typeof found, "string", `expected a string at ${describePath(path)}, got ${JSON.stringify(found)}`);
  return found as string;
}

export function num(value: unknown, ...path: PathPart[]): number {
  const found = at(value, ...path);
  assert.equal(typeof found, "number", `expected a number at ${describePath(path)}, got ${JSON.stringify(found)}`);
  return found as number;
}

export function list(value: unknown, ...path: PathPart[]): unknown[] {
  const found = at(value, ...path);
  assert.ok(Array.isArray(found), `expected an array at ${describePath(path)}, got ${JSON.stringify(found)}`);
  return found;
}

export function strings(value: unknown, ...path: PathPart[]): string[] {
  return list(value, ...path).map((_, i) => str(value, ...path, i));
}

// ---- finding resources ---------------------------------------------------------------------------

export function ofType(evaluation: Evaluation, type: string): RegisteredResource[] {
  return evaluation.resources.filter((r) => r.type === type);
}

/** Exactly one resource of `type` matching `predicate`; fails with the candidates otherwise. */
export function findOne(
  evaluation: Evaluation,
  type: string,
  predicate: (r: RegisteredResource) => boolean,
  what: string,
): RegisteredResource {
  const candidates = ofType(evaluation, type);
  const matches = candidates.filter(predicate);
  assert.equal(
    matches.length,
    1,
    `expected exactly one ${type} for ${what}, found ${matches.length} among ${candidates.map((r) => r.name).join(", ") || "none"}`,
  );
  return matches[0]!;
}

/** The only resource of a type. */
export function single(evaluation: Evaluation, type: string): RegisteredResource {
  return findOne(evaluation, type, () => true, "the stack");
}

export function byName(evaluation: Evaluation, type: string, name: string): RegisteredResource {
  return findOne(evaluation, type, (r) => r.name === name, `name ${name}`);
}

/** The resource's id, as other resources receive it. */
export function idOf(resource: RegisteredResource): string {
  assert.ok(resource.id, `${resource.type} ${resource.name} has no id`);
  return resource.id;
}

/** Count of resources by type. */
export function countsByType(evaluation: Evaluation): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of evaluation.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return counts;
}

/** The component parent of a resource. */
export function parentOf(evaluation: Evaluation, resource: RegisteredResource): RegisteredResource | undefined {
  return evaluation.resources.find((r) => r.urn === resource.parentUrn);
}

/** The Azure public IPs of the VPN gateway, in gateway instance order (ipConfigurations order). */
export function gatewayPublicIps(evaluation: Evaluation): RegisteredResource[] {
  const gateway = single(evaluation, T.gateway);
  return list(gateway.inputs, "ipConfigurations").map((_, i) => {
    const pipId = str(gateway.inputs, "ipConfigurations", i, "publicIPAddress", "id");
    return findOne(evaluation, T.publicIp, (r) => r.id !== undefined && r.id === pipId, `gateway ipConfigurations[${i}]`);
  });
}

/** One tunnel as the tests see it: both ends, found by following the wiring by value. */
export interface TunnelView {
  /** 0-based Azure gateway instance. */
  instance: number;
  /** 1 or 2: the tunnel's number in its AWS VPN connection. */
  tunnelNumber: 1 | 2;
  publicIp: RegisteredResource;
  customerGateway: RegisteredResource;
  vpnConnection: RegisteredResource;
  lng: RegisteredResource;
  connection: RegisteredResource;
}

/**
 * Follows the program's wiring from each gateway public IP: customer gateway with that IP, VPN
 * connection on that customer gateway, local network gateway pointing at tunnel N's outside
 * address, Azure connection on that local network gateway. Each step must find exactly one.
 */
export function tunnelsByWiring(evaluation: Evaluation): TunnelView[] {
  const result: TunnelView[] = [];
  gatewayPublicIps(evaluation).forEach((publicIp, instance) => {
    const ip = str(publicIp.state, "ipAddress");
    const customerGateway = findOne(evaluation, T.customerGateway, (r) => r.inputs["ipAddress"] === ip, `public IP ${ip}`);
    const vpnConnection = findOne(evaluation, T.vpnConnection, (r) => r.inputs["customerGatewayId"] === idOf(customerGateway), `customer gateway ${customerGateway.name}`);
    for (const tunnelNumber of [1, 2] as const) {
      const outside = str(vpnConnection.state, `tunnel${tunnelNumber}Address`);
      const lng = findOne(evaluation, T.lng, (r) => r.inputs["gatewayIpAddress"] === outside, `tunnel ${tunnelNumber} of ${vpnConnection.name} (${outside})`);
      const connection = findOne(evaluation, T.connection, (r) => at(r.inputs, "localNetworkGateway2", "id") === idOf(lng), `local network gateway ${lng.name}`);
      result.push({ instance, tunnelNumber, publicIp, customerGateway, vpnConnection, lng, connection });
    }
  });
  return result;
}

/** Every string anywhere inside a value (for "no secret leaks" checks). */
export function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value !== null && typeof value === "object") return Object.values(value).flatMap(allStrings);
  return [];
}
