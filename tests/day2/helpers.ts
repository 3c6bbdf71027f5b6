/**
 * Shared helpers for the day-2 and fuzz suites: stack configs with changes, evaluated resources
 * by name and kind, every key value an evaluation holds, and the cross-cloud wiring invariants.
 */
import * as assert from "node:assert/strict";
import { PROJECT, validateConfig, type RawConfig, type VpnConfig } from "../../infra/config";
import { evaluateStack, readStackConfig, type EvaluateOptions, type Evaluation, type RegisteredResource } from "../../offline/evaluate";

export const TYPES = {
  gateway: "azure-native:network:VirtualNetworkGateway",
  publicIp: "azure-native:network:PublicIPAddress",
  localNetworkGateway: "azure-native:network:LocalNetworkGateway",
  azureConnection: "azure-native:network:VirtualNetworkGatewayConnection",
  customerGateway: "aws:ec2/customerGateway:CustomerGateway",
  vpnConnection: "aws:ec2/vpnConnection:VpnConnection",
  vpnGateway: "aws:ec2/vpnGateway:VpnGateway",
  transitGateway: "aws:ec2transitgateway/transitGateway:TransitGateway",
  vpc: "aws:ec2/vpc:Vpc",
  password: "random:index/randomPassword:RandomPassword",
} as const;

/** The resource types behind each guarded resource kind: infra/guards.ts owns the map. */
export { GUARDED_TYPES } from "../../infra/guards";

/** A fully qualified key of our namespace. */
export const q = (key: string): string => `${PROJECT}:${key}`;

/** A stack's raw config with some of our keys set (unqualified names) or removed (undefined). */
export function rawWith(base: RawConfig | string, changes: Record<string, unknown>): RawConfig {
  const raw: RawConfig = structuredClone(typeof base === "string" ? readStackConfig(base) : base);
  for (const [key, value] of Object.entries(changes)) {
    const qualified = key.includes(":") ? key : q(key);
    if (value === undefined) delete raw[qualified];
    else raw[qualified] = structuredClone(value);
  }
  return raw;
}

/** Validates and insists the config is valid. */
export function validated(raw: RawConfig, stack: string): VpnConfig {
  const result = validateConfig(raw, stack);
  if (!result.ok) assert.fail(`expected a valid config, got:\n${result.errors.map((e) => `${e.key} = ${JSON.stringify(e.value)}: ${e.rule}`).join("\n")}`);
  return result.config;
}

/** evaluateStack (offline/evaluate.ts), which runs without stack traces by default. */
export function evaluate(options: EvaluateOptions): Promise<Evaluation> {
  return evaluateStack(options);
}

/** Evaluates a stack (optionally with a raw config) and insists the program ran without error. */
export async function evaluateOk(stack: string, raw?: RawConfig): Promise<Evaluation> {
  const evaluation = await evaluate(raw === undefined ? { stack } : { stack, raw });
  if (evaluation.error) assert.fail(`evaluation of ${stack} failed: ${evaluation.error.message}`);
  assert.ok(evaluation.resources.length > 0, `${stack}: no resources registered`);
  return evaluation;
}

export function ofType(evaluation: Evaluation, type: string): RegisteredResource[] {
  return evaluation.resources.filter((r) => r.type === type);
}

/** The one resource with this logical name. */
export function named(evaluation: Evaluation, name: string): RegisteredResource {
  const found = evaluation.resources.filter((r) => r.name === name);
  assert.equal(found.length, 1, `expected exactly one resource named ${name}, found ${found.length}`);
  return found[0]!;
}

export function stringAt(record: Record<string, unknown>, key: string): string {
  const value = record[key];
  assert.equal(typeof value, "string", `${key} should be a string, got ${JSON.stringify(value)}`);
  return value as string;
}

export interface KeyValue {
  /** Where the key was found, e.g. "tunnels-c1-vpn inputs.tunnel2PresharedKey". */
  where: string;
  resource: RegisteredResource;
  /** Input path, or undefined for a RandomPassword's result. */
  inputPath?: string;
  value: string;
}

/** Input paths that carry a pre-shared key, by resource type. */
export const KEY_INPUTS: Readonly<Record<string, readonly string[]>> = {
  [TYPES.vpnConnection]: ["tunnel1PresharedKey", "tunnel2PresharedKey"],
  [TYPES.azureConnection]: ["sharedKey"],
};

/** Every key value in an evaluation: key inputs on both clouds and every RandomPassword's result. */
export function keyValues(evaluation: Evaluation): KeyValue[] {
  const found: KeyValue[] = [];
  for (const resource of evaluation.resources) {
    for (const path of KEY_INPUTS[resource.type] ?? []) {
      const value = resource.inputs[path];
      if (value === undefined) continue;
      assert.equal(typeof value, "string", `${resource.name}.${path} should be a string`);
      found.push({ where: `${resource.name} inputs.${path}`, resource, inputPath: path, value: value as string });
    }
    if (resource.type === TYPES.password) {
      found.push({ where: `${resource.name} state.result`, resource, value: stringAt(resource.state, "result") });
    }
  }
  return found;
}

/** Our JSON-ish deep equality, with the paths that differ (top-level property names). */
export function differingProperties(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).sort();
}

/**
 * The wiring invariants between the clouds, as a list of broken ones (empty when all hold):
 * each customer gateway's ipAddress is an Azure gateway public IP address (one CGW per public IP);
 * each local network gateway's gatewayIpAddress is an AWS tunnel outside address (one LNG per
 * tunnel); each Azure connection points at the gateway and at one LNG, and its sharedKey equals the
 * key of the AWS tunnel whose address that LNG holds.
 */
export function wiringProblems(evaluation: Evaluation): string[] {
  const problems: string[] = [];
  const gateways = ofType(evaluation, TYPES.gateway);
  if (gateways.length !== 1) return [`expected one Azure gateway, found ${gateways.length}`];
  const gateway = gateways[0]!;
  const gatewayPipIds = new Set(
    ((gateway.inputs["ipConfigurations"] as { publicIPAddress?: { id?: string } }[] | undefined) ?? []).map((c) => c.publicIPAddress?.id),
  );
  const pips = ofType(evaluation, TYPES.publicIp).filter((p) => gatewayPipIds.has(p.id));
  const pipAddresses = pips.map((p) => p.state["ipAddress"]);
  const cgws = ofType(evaluation, TYPES.customerGateway);
  if (cgws.length !== pips.length) problems.push(`${cgws.length} customer gateways for ${pips.length} gateway public IPs`);
  const cgwAddresses = cgws.map((c) => c.inputs["ipAddress"]);
  if (JSON.stringify([...cgwAddresses].sort()) !== JSON.stringify([...pipAddresses].sort())) {
    problems.push(`customer gateway addresses ${JSON.stringify(cgwAddresses)} are not the gateway public IPs ${JSON.stringify(pipAddresses)}`);
  }

  const vpns = ofType(evaluation, TYPES.vpnConnection);
  const tunnels = vpns.flatMap((vpn) =>
    [1, 2].map((n) => ({ vpn, n, address: vpn.state[`tunnel${n}Address`], key: vpn.inputs[`tunnel${n}PresharedKey`] })),
  );
  for (const vpn of vpns) {
    const cgw = cgws.find((c) => c.id === vpn.inputs["customerGatewayId"]);
    if (!cgw) problems.push(`${vpn.name} points at no declared customer gateway`);
  }
  const lngs = ofType(evaluation, TYPES.localNetworkGateway);
  if (lngs.length !== tunnels.length) problems.push(`${lngs.length} local network gateways for ${tunnels.length} AWS tunnels`);
  const lngAddresses = lngs.map((l) => l.inputs["gatewayIpAddress"]);
  const tunnelAddresses = tunnels.map((t) => t.address);
  if (JSON.stringify([...lngAddresses].sort()) !== JSON.stringify([...tunnelAddresses].sort())) {
    problems.push(`local network gateway addresses ${JSON.stringify(lngAddresses)} are not the AWS tunnel addresses ${JSON.stringify(tunnelAddresses)}`);
  }

  const connections = ofType(evaluation, TYPES.azureConnection);
  if (connections.length !== tunnels.length) problems.push(`${connections.length} Azure connections for ${tunnels.length} AWS tunnels`);
  for (const connection of connections) {
    const gatewayId = (connection.inputs["virtualNetworkGateway1"] as { id?: string } | undefined)?.id;
    if (gatewayId !== gateway.id) problems.push(`${connection.name} is not on the Azure gateway`);
    const lngId = (connection.inputs["localNetworkGateway2"] as { id?: string } | undefined)?.id;
    const lng = lngs.find((l) => l.id === lngId);
    if (!lng) {
      problems.push(`${connection.name} points at no declared local network gateway`);
      continue;
    }
    const tunnel = tunnels.filter((t) => t.address === lng.inputs["gatewayIpAddress"]);
    if (tunnel.length !== 1) {
      problems.push(`${connection.name}'s local network gateway address matches ${tunnel.length} AWS tunnels`);
      continue;
    }
    const key = connection.inputs["sharedKey"];
    if (typeof key !== "string" || key !== tunnel[0]!.key) {
      problems.push(`${connection.name}'s sharedKey differs from ${tunnel[0]!.vpn.name} tunnel${tunnel[0]!.n}PresharedKey`);
    }
  }
  return problems;
}
