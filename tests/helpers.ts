/**
 * The one test-helper module: stack configs (each topology mode, a config with changes), the
 * evaluator (offline/evaluate.ts's evaluateStack: in a test process it runs in the evaluation
 * worker, one evaluation per distinct config: tests/harness/), resource type tokens, typed accessors for the
 * untyped inputs and mocked state an evaluation records, key values, and the cross-cloud wiring
 * invariants. Loads no Pulumi SDK until something evaluates (the unit tests import it too).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import * as path from "node:path";
import { TYPES as T } from "../infra/types";
import { at } from "../infra/props";
import { ConfigError, PROJECT, rawFromRuntimeConfig, validateConfig, type RawConfig, type VpnConfig } from "../infra/config";
import { normaliseRawConfig } from "../infra/stackFile";
import { GUARDED_RESOURCES, GUARDED_TYPES, isProtected } from "../infra/guards";
import { readStackConfig as readStackFile, REPO_ROOT, toRuntimeConfig } from "../offline/stackConfig";
// Types only: the evaluator is loaded on first use (evaluateStack below).
import { ofType, parentOf, type EvaluateOptions, type Evaluation, type RegisteredResource } from "../offline/evaluate";
export { ofType, parentOf };

export type { Evaluation, RegisteredResource };
export { REPO_ROOT, toRuntimeConfig };

const stackConfigs = new Map<string, RawConfig>();

/**
 * Pulumi.<stack>.yaml's config (in `root`, default the repository) as the CLI hands it to the program (offline/stackConfig.ts), read
 * once per stack and test process: each call returns a fresh copy (the fuzz generators call this
 * for every case).
 */
export function readStackConfig(stack: string, root: string = REPO_ROOT): RawConfig {
  const file = path.join(root, `Pulumi.${stack}.yaml`);
  let raw = stackConfigs.get(file);
  if (raw === undefined) {
    raw = readStackFile(stack, root);
    stackConfigs.set(file, raw);
  }
  return structuredClone(raw);
}

/** offline/evaluate.ts's evaluateStack through the test harness (tests/harness/index.ts), loaded on first use. */
export async function evaluateStack(options: EvaluateOptions): Promise<Evaluation> {
  const evaluator = await import("./harness");
  return evaluator.evaluateStack(options);
}

/** Evaluates a stack (optionally with a raw config) and insists the program ran without error. */
export async function evaluateOk(stack: string, raw?: RawConfig): Promise<Evaluation> {
  const evaluation = await evaluateStack(raw === undefined ? { stack } : { stack, raw });
  if (evaluation.error) assert.fail(`evaluation of ${stack} failed: ${evaluation.error.message}`);
  assert.ok(evaluation.resources.length > 0, `${stack}: no resources registered`);
  return evaluation;
}

/** Each committed stack named, evaluated and insisted valid (as evaluateOk), by name. */
export async function evaluateStacksOk<S extends string>(...stacks: S[]): Promise<Record<S, Evaluation>> {
  const evaluations = await Promise.all(stacks.map((stack) => evaluateOk(stack)));
  return Object.fromEntries(stacks.map((stack, i) => [stack, evaluations[i]!])) as Record<S, Evaluation>;
}

/**
 * What the stack program throws for a raw config, found without running it: validateConfig over
 * the config as the program reads it (offline/evaluate.ts hands it over as the CLI's strings,
 * infra/program.ts reads them back with rawFromRuntimeConfig), as one ConfigError; undefined when
 * the config is accepted. That the program throws exactly this, before any resource, is checked by
 * evaluating a sample (tests/config/bad-configs.test.ts) and random configs (tests/fuzz/program.fuzz.test.ts),
 * so a rule's own tests need no evaluation of their own.
 */
export function programRefusal(stack: string, raw: RawConfig): ConfigError | undefined {
  const result = validateConfig(rawFromRuntimeConfig(toRuntimeConfig(normaliseRawConfig(raw))), stack);
  return result.ok ? undefined : new ConfigError(result.errors);
}

/**
 * An evaluation with the protect flags the program sets for `raw` instead (infra/guards.ts
 * isProtected, by the guarded kind of each resource's type): the evaluation of a config that
 * differs from the evaluated one only in acknowledgeDisruption, without evaluating it again.
 * tests/day2/guards.test.ts checks it against evaluations of acknowledged configs.
 */
export function withProtectOf(evaluation: Evaluation, raw: RawConfig, stack: string): Evaluation {
  const config = validated(raw, stack);
  return {
    ...evaluation,
    resources: evaluation.resources.map((r) => {
      const kind = GUARDED_RESOURCES.find((k) => GUARDED_TYPES[k].includes(r.type));
      return kind === undefined ? r : { ...r, protect: isProtected(config, kind) };
    }),
  };
}

/** A short, non-secret fingerprint of a key (16 hex digits of its sha256), for messages and comparisons across processes. */
export function fingerprint(value: string): string {
  return createHash("sha256").update(value).digest("hex").slice(0, 16);
}

/** Validates and insists the config is valid. */
export function validated(raw: RawConfig, stack: string): VpnConfig {
  const result = validateConfig(raw, stack);
  if (!result.ok) assert.fail(`expected a valid config, got:\n${result.errors.map((e) => `${e.key} = ${JSON.stringify(e.value)}: ${e.rule}`).join("\n")}`);
  return result.config;
}

/** Resource type tokens, as Pulumi registers them (infra/types.ts owns the list). */
export { COMPONENT_PREFIX } from "../infra/types";
export { T };
/** The resource types behind each guarded resource kind (infra/guards.ts owns the map). */
export { GUARDED_TYPES };

/** The four supported topologies (bgp + active-standby is rejected by validation). */
export const MODES = ["static-active-standby", "static-active-active", "bgp-active-active-vgw", "bgp-active-active-tgw"] as const;
export type Mode = (typeof MODES)[number];

/** Fully qualified key of one of our settings. */
export function key(name: string): string {
  return `${PROJECT}:${name}`;
}

/**
 * A deep copy of `base` (a config, or a stack whose Pulumi.<stack>.yaml to read) with changes
 * applied. Names without a namespace are ours (`vpcCidr` = `azure-aws-vpn:vpcCidr`); a value of
 * `undefined` removes the key.
 */
export function withConfig(base: RawConfig | string, changes: Record<string, unknown>): RawConfig {
  const copy = structuredClone(typeof base === "string" ? readStackConfig(base) : base);
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
// infra/props.ts's readers answer undefined where a path breaks; these assert that the value is
// there, so a test fails naming the path.

export type PathPart = string | number;
export { at };

function describePath(path: PathPart[]): string {
  return path.length === 0 ? "(value)" : path.map(String).join(".");
}

/** The string at `path`; fails the test when there is none. */
export function expectStr(value: unknown, ...path: PathPart[]): string {
  const found = at(value, ...path);
  assert.equal(typeof found, "string", `expected a string at ${describePath(path)}, got ${JSON.stringify(found)}`);
  return found as string;
}

/** The number at `path`; fails the test when there is none. */
export function expectNum(value: unknown, ...path: PathPart[]): number {
  const found = at(value, ...path);
  assert.equal(typeof found, "number", `expected a number at ${describePath(path)}, got ${JSON.stringify(found)}`);
  return found as number;
}

/** The array at `path`; fails the test when there is none. */
export function expectList(value: unknown, ...path: PathPart[]): unknown[] {
  const found = at(value, ...path);
  assert.ok(Array.isArray(found), `expected an array at ${describePath(path)}, got ${JSON.stringify(found)}`);
  return found;
}

/** The strings of the array at `path`; fails the test when it is missing or holds anything else. */
export function expectStrings(value: unknown, ...path: PathPart[]): string[] {
  return expectList(value, ...path).map((_, i) => expectStr(value, ...path, i));
}

// ---- finding resources ---------------------------------------------------------------------------


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

/** The one resource with this logical name (of any type). */
export function named(evaluation: Evaluation, name: string): RegisteredResource {
  const found = evaluation.resources.filter((r) => r.name === name);
  assert.equal(found.length, 1, `expected exactly one resource named ${name}, found ${found.length}`);
  return found[0]!;
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


/** The Azure public IPs of the VPN gateway, in gateway instance order (ipConfigurations order). */
export function gatewayPublicIps(evaluation: Evaluation): RegisteredResource[] {
  const gateway = single(evaluation, T.gateway);
  return expectList(gateway.inputs, "ipConfigurations").map((_, i) => {
    const pipId = expectStr(gateway.inputs, "ipConfigurations", i, "publicIPAddress", "id");
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
    const ip = expectStr(publicIp.state, "ipAddress");
    const customerGateway = findOne(evaluation, T.customerGateway, (r) => r.inputs["ipAddress"] === ip, `public IP ${ip}`);
    const vpnConnection = findOne(evaluation, T.vpnConnection, (r) => r.inputs["customerGatewayId"] === idOf(customerGateway), `customer gateway ${customerGateway.name}`);
    for (const tunnelNumber of [1, 2] as const) {
      const outside = expectStr(vpnConnection.state, `tunnel${tunnelNumber}Address`);
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

// ---- keys and wiring ------------------------------------------------------------------------------

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
  [T.vpnConnection]: ["tunnel1PresharedKey", "tunnel2PresharedKey"],
  [T.connection]: ["sharedKey"],
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
    if (resource.type === T.password) {
      found.push({ where: `${resource.name} state.result`, resource, value: expectStr(resource.state, "result") });
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
  const gateways = ofType(evaluation, T.gateway);
  if (gateways.length !== 1) return [`expected one Azure gateway, found ${gateways.length}`];
  const gateway = gateways[0]!;
  const gatewayPipIds = new Set(
    ((gateway.inputs["ipConfigurations"] as { publicIPAddress?: { id?: string } }[] | undefined) ?? []).map((c) => c.publicIPAddress?.id),
  );
  const pips = ofType(evaluation, T.publicIp).filter((p) => gatewayPipIds.has(p.id));
  const pipAddresses = pips.map((p) => p.state["ipAddress"]);
  const cgws = ofType(evaluation, T.customerGateway);
  if (cgws.length !== pips.length) problems.push(`${cgws.length} customer gateways for ${pips.length} gateway public IPs`);
  const cgwAddresses = cgws.map((c) => c.inputs["ipAddress"]);
  if (JSON.stringify([...cgwAddresses].sort()) !== JSON.stringify([...pipAddresses].sort())) {
    problems.push(`customer gateway addresses ${JSON.stringify(cgwAddresses)} are not the gateway public IPs ${JSON.stringify(pipAddresses)}`);
  }

  const vpns = ofType(evaluation, T.vpnConnection);
  const tunnels = vpns.flatMap((vpn) =>
    [1, 2].map((n) => ({ vpn, n, address: vpn.state[`tunnel${n}Address`], key: vpn.inputs[`tunnel${n}PresharedKey`] })),
  );
  for (const vpn of vpns) {
    const cgw = cgws.find((c) => c.id === vpn.inputs["customerGatewayId"]);
    if (!cgw) problems.push(`${vpn.name} points at no declared customer gateway`);
  }
  const lngs = ofType(evaluation, T.lng);
  if (lngs.length !== tunnels.length) problems.push(`${lngs.length} local network gateways for ${tunnels.length} AWS tunnels`);
  const lngAddresses = lngs.map((l) => l.inputs["gatewayIpAddress"]);
  const tunnelAddresses = tunnels.map((t) => t.address);
  if (JSON.stringify([...lngAddresses].sort()) !== JSON.stringify([...tunnelAddresses].sort())) {
    problems.push(`local network gateway addresses ${JSON.stringify(lngAddresses)} are not the AWS tunnel addresses ${JSON.stringify(tunnelAddresses)}`);
  }

  const connections = ofType(evaluation, T.connection);
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
