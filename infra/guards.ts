/**
 * Day-2 safety: which config changes replace or reset the slow, address-bearing resources, and
 * which resources stay protected. Pure.
 *
 * A replaced Azure gateway is 30-45 minutes down; a replaced public IP, customer gateway or VPN
 * connection changes an outside address, so every tunnel on it must be rebuilt. In a protected
 * stack (prod) these resources carry `protect`, so Pulumi refuses to replace or delete them; an
 * operator who means it lists the setting in `acknowledgeDisruption`, which lifts protection on
 * exactly the resources that setting replaces.
 *
 * infra/validation/acknowledgements.ts imports this module (to check `acknowledgeDisruption`); this
 * module never imports the config modules: it reads configs through GuardedConfig, which a
 * VpnConfig satisfies. The settings' names live in infra/guardedSettings.ts, beside the schema; the kinds are the GuardedResource enum
 * below (the components take them as one protection list, so adding a kind touches this module,
 * the component that creates it and the generated schema.json).
 */
import { GUARDED_SETTING_NAMES, isGuardedSetting, type GuardedSetting } from "./guardedSettings";
import { parseTunnelId } from "./tunnelId";
import { TYPES } from "./types";

export { GUARDED_SETTING_NAMES, isGuardedSetting, type GuardedSetting } from "./guardedSettings";

/**
 * The guarded resource kinds: the slow, address-bearing resources a protected stack keeps from
 * deletion and replacement (GUARDED_SETTINGS below says which settings replace which).
 */
export const GuardedResource = {
  /** The Azure VPN gateway (30 to 45 minutes to build). */
  Gateway: "gateway",
  /** The gateway's public IPs: their addresses are every tunnel's Azure end. */
  PublicIps: "publicIps",
  /** The AWS customer gateways, one per Azure public IP. */
  CustomerGateways: "customerGateways",
  /** The AWS VPN connections: they hold the tunnels' AWS outside addresses. */
  VpnConnections: "vpnConnections",
  /** The AWS virtual private gateway or transit gateway. */
  AwsGateway: "awsGateway",
  /** The AWS VPC. */
  Vpc: "vpc",
} as const;
export type GuardedResource = (typeof GuardedResource)[keyof typeof GuardedResource];

/** The guarded resource kinds, in declaration order. */
export const GUARDED_RESOURCES: readonly GuardedResource[] = Object.values(GuardedResource);

/** The resource types behind each guarded resource kind. */
export const GUARDED_TYPES: Readonly<Record<GuardedResource, readonly string[]>> = {
  gateway: [TYPES.gateway],
  publicIps: [TYPES.publicIp],
  customerGateways: [TYPES.customerGateway],
  vpnConnections: [TYPES.vpnConnection],
  awsGateway: [TYPES.vpnGateway, TYPES.transitGateway],
  vpc: [TYPES.vpc],
};

/** What the guards read of a validated config (infra/config.ts's VpnConfig satisfies it). */
export interface GuardedConfig {
  readonly protect: boolean;
  readonly acknowledgeDisruption: readonly string[];
  readonly keyRotation: Readonly<Record<string, number>>;
  readonly tunnelInsideCidrs: readonly string[];
  readonly existingAzure: Readonly<Record<string, unknown>>;
}

/**
 * What a setting's change does, as the update model (offline/update/) finds it: "replaces" when it
 * replaces or deletes a guarded resource, "resets" when tunnels renegotiate in place, "updates"
 * when guarded resources change in place without a reset of their own.
 */
type Kind = "replaces" | "resets" | "updates";

interface Rule {
  kind: Kind;
  /**
   * The guarded kinds the change replaces or deletes: exactly those an acknowledgement lifts
   * protect from. tests/day2/disruption-model.test.ts derives them from the update model for every
   * guarded setting's change over the committed stacks, both ways, and compares.
   */
  resources: GuardedResource[];
  /**
   * The provider or cloud fact behind the rule. What the change replaces, deletes, creates and
   * updates is never written here: `plan --against` derives it from the update model
   * (offline/update/guarded.ts), so the two cannot disagree.
   */
  why: string;
}

/**
 * Settings whose change replaces, deletes or resets guarded resources, with the fact behind it.
 * Anything not listed changes in place without dropping a tunnel for more than a renegotiation.
 */
export const GUARDED_SETTINGS: Readonly<Record<GuardedSetting, Rule>> = {
  resourceGroupName: { kind: "replaces", resources: ["gateway", "publicIps", "customerGateways", "vpnConnections"], why: "a resource group's name is part of the id of every Azure resource in it (a URL path parameter, which azure-native replaces on); a new public IP has a new address" },
  vnetName: { kind: "replaces", resources: ["gateway"], why: "a VNet's name is part of its id and its subnets' ids (a URL path parameter, which azure-native replaces on); a gateway takes 30-45 min to build" },
  gatewayName: { kind: "replaces", resources: ["gateway"], why: "a gateway's name is part of its id (a URL path parameter, which azure-native replaces on); a gateway takes 30-45 min to build" },
  gatewaySubnetCidr: { kind: "updates", resources: [], why: "the GatewaySubnet's prefix is a body property: azure-native updates the subnet in place and the gateway keeps it (whether Azure accepts a new prefix for a subnet its gateway uses is not modelled)" },
  gatewayGeneration: { kind: "replaces", resources: ["gateway"], why: "a gateway's generation cannot change in place (replaceOnChanges on vpnGatewayGeneration); a gateway takes 30-45 min to build" },
  activeActive: { kind: "replaces", resources: ["publicIps", "customerGateways", "vpnConnections"], why: "the gateway changes its instance layout in place; the second public IP, its customer gateway and its VPN connection (two tunnels) come or go with it" },
  publicIpName: { kind: "replaces", resources: ["gateway", "publicIps", "customerGateways", "vpnConnections"], why: "a public IP's name is part of its id (a URL path parameter, which azure-native replaces on); a new public IP has a new address, which the gateway holds and the customer gateways and tunnels carry" },
  publicIpZones: { kind: "replaces", resources: ["gateway", "publicIps", "customerGateways", "vpnConnections"], why: "a public IP's zones cannot change in place (replaceOnChanges on zones); a new public IP has a new address, which the gateway holds and the customer gateways and tunnels carry" },
  azureAsn: { kind: "replaces", resources: ["customerGateways", "vpnConnections"], why: "a customer gateway's BGP ASN is fixed at creation (ForceNew on bgp_asn), and the program replaces a VPN connection with its customer gateway (replaceOnChanges on customerGatewayId): new outside addresses" },
  awsAsn: { kind: "replaces", resources: ["awsGateway"], why: "a virtual private gateway's Amazon-side ASN is fixed at creation (ForceNew on amazon_side_asn) and its VPN connections move to the new one in place; a transit gateway's is modified in place (ModifyTransitGateway)" },
  awsAttachment: { kind: "replaces", resources: ["awsGateway"], why: "each VPN connection moves to the other gateway in place (ModifyVpnConnection: AWS keeps its outside addresses and tunnel options; the connection is briefly unavailable while it moves), and the gateway left behind is deleted" },
  routing: { kind: "replaces", resources: ["vpnConnections"], why: "static-routes-only is fixed at creation of a VPN connection (ForceNew on static_routes_only): new outside addresses" },
  vpcCidr: { kind: "replaces", resources: ["vpc"], why: "a VPC's primary CIDR cannot change (ForceNew on cidr_block)" },
  tunnelInsideCidrs: { kind: "replaces", resources: ["vpnConnections"], why: "a tunnel's inside CIDR is fixed at creation of an AWS VPN connection (ForceNew on tunnel{1,2}_inside_cidr): new outside addresses, both its tunnels rebuilt" },
  tunnelBandwidth: { kind: "replaces", resources: ["vpnConnections"], why: "a VPN connection's tunnel bandwidth is fixed at creation in the provider (ForceNew on tunnel_bandwidth): new outside addresses" },
  ipsec: { kind: "resets", resources: [], why: "every tunnel renegotiates with the new proposals at the same time" },
  keyRotation: { kind: "resets", resources: [], why: "both tunnels of one VPN connection get new keys at once: rotate one tunnel per `pulumi up`" },
  existingAzure: { kind: "replaces", resources: ["gateway", "publicIps", "customerGateways", "vpnConnections"], why: "a hub part the stack created and now names as existing is no longer declared, so Pulumi deletes it (a resource group with everything in it), and what the stack keeps moves to the existing group, a URL path parameter azure-native replaces on; README 'Bring your own hub' moves a part without deleting it" },
  existingAws: { kind: "replaces", resources: ["vpc"], why: "a VPC the stack created and now names as existing is no longer declared, so Pulumi deletes it with its subnets and route table; README 'Bring your own hub' moves a part without deleting it" },
};

export interface Disruption {
  setting: GuardedSetting;
  from: unknown;
  to: unknown;
  kind: Kind;
  resources: GuardedResource[];
  why: string;
  acknowledged: boolean;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Tunnel ids whose key generation differs between two configs. */
export function rotatedTunnels(previous: GuardedConfig, next: GuardedConfig): string[] {
  const ids = new Set([...Object.keys(previous.keyRotation), ...Object.keys(next.keyRotation)]);
  return [...ids].filter((id) => (previous.keyRotation[id] ?? 0) !== (next.keyRotation[id] ?? 0)).sort();
}

/**
 * The disruptive changes from one config to the next. A key rotation is disruptive only when it
 * rotates both tunnels of one VPN connection at once; one tunnel at a time keeps traffic flowing.
 */
export function disruptiveChanges<C extends GuardedConfig>(previous: C, next: C): Disruption[] {
  const result: Disruption[] = [];
  const acknowledged = new Set(next.acknowledgeDisruption);
  for (const setting of GUARDED_SETTING_NAMES) {
    const rule = GUARDED_SETTINGS[setting];
    let from: unknown = previous[setting as keyof C];
    let to: unknown = next[setting as keyof C];
    if (setting === "keyRotation") {
      const rotated = rotatedTunnels(previous, next);
      const connections = rotated.map((id) => parseTunnelId(id)?.connection ?? id);
      if (new Set(connections).size === connections.length) continue;
      from = Object.fromEntries(rotated.map((id) => [id, previous.keyRotation[id] ?? 0]));
      to = Object.fromEntries(rotated.map((id) => [id, next.keyRotation[id] ?? 0]));
    } else if (setting === "tunnelInsideCidrs") {
      // Tunnels added or removed by an activeActive change are that setting's change: only a
      // tunnel that exists before and after and gets a new inside CIDR counts here.
      const common = Math.min(previous.tunnelInsideCidrs.length, next.tunnelInsideCidrs.length);
      if (same(previous.tunnelInsideCidrs.slice(0, common), next.tunnelInsideCidrs.slice(0, common))) continue;
    } else if (setting === "resourceGroupName" && usesExistingAzure(previous) !== usesExistingAzure(next)) {
      // The group the program's Azure resources go in is existingAzure's change then.
      continue;
    } else if (same(from, to)) {
      continue;
    }
    result.push({ setting, from, to, kind: rule.kind, resources: rule.resources, why: rule.why, acknowledged: acknowledged.has(setting) });
  }
  return result;
}

/** Whether a config names an existing Azure hub part (then resourceGroupName names no group of the program's). */
function usesExistingAzure(config: GuardedConfig): boolean {
  return Object.values(config.existingAzure).some((value) => value !== undefined);
}

/**
 * Whether a guarded resource kind is protected: in a protected stack, unless a setting that
 * replaces it is acknowledged.
 */
export function isProtected(config: GuardedConfig, resource: GuardedResource): boolean {
  if (!config.protect) return false;
  return !config.acknowledgeDisruption.some((setting) => isGuardedSetting(setting) && GUARDED_SETTINGS[setting].resources.includes(resource));
}

/** The protection set the components take: every guarded kind that is protected, in declaration order. */
export function protectedResources(config: GuardedConfig): GuardedResource[] {
  return GUARDED_RESOURCES.filter((resource) => isProtected(config, resource));
}
