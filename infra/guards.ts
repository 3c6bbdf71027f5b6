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
}

type Kind = "replaces" | "resets";

interface Rule {
  /** What happens to the resources. */
  kind: Kind;
  resources: GuardedResource[];
  effect: string;
}

/**
 * Settings whose change replaces (or resets) guarded resources, with the provider fact behind it.
 * Anything not listed changes in place without dropping a tunnel for more than a renegotiation.
 */
export const GUARDED_SETTINGS: Readonly<Record<GuardedSetting, Rule>> = {
  resourceGroupName: { kind: "replaces", resources: ["gateway", "publicIps", "customerGateways", "vpnConnections"], effect: "the resource group is deleted and re-created under the new name (Azure names are fixed), every Azure resource in it deleted first, holders before what they hold, and re-created: 30-45 min without the gateway, new public IPs, so every customer gateway, VPN connection and tunnel is rebuilt" },
  vnetName: { kind: "replaces", resources: ["gateway"], effect: "the VNet and its gateway are re-created (30-45 min without VPN)" },
  gatewayName: { kind: "replaces", resources: ["gateway"], effect: "the gateway is re-created (30-45 min without VPN)" },
  gatewaySubnetCidr: { kind: "replaces", resources: ["gateway"], effect: "the GatewaySubnet cannot change under a gateway: the gateway is re-created" },
  gatewayGeneration: { kind: "replaces", resources: ["gateway"], effect: "a gateway's generation cannot change in place: the gateway is re-created (30-45 min without VPN)" },
  activeActive: { kind: "replaces", resources: ["gateway", "publicIps", "customerGateways", "vpnConnections"], effect: "the gateway is reconfigured with another instance layout; public IPs, customer gateways and VPN connections are added or removed, and tunnels re-established" },
  publicIpName: { kind: "replaces", resources: ["publicIps", "customerGateways", "vpnConnections", "gateway"], effect: "the public IP is deleted and re-created with a new address; first the Azure connections, the gateway (re-created: 30-45 min without VPN), the AWS VPN connections and the customer gateways that use it are deleted, then all re-created with new tunnel outside addresses" },
  publicIpZones: { kind: "replaces", resources: ["publicIps", "customerGateways", "vpnConnections", "gateway"], effect: "a public IP's zones cannot change in place: it is deleted and re-created with a new address, after the Azure connections, the gateway (re-created: 30-45 min without VPN), the AWS VPN connections and customer gateways that use it; all re-created with new tunnel outside addresses" },
  azureAsn: { kind: "replaces", resources: ["customerGateways", "vpnConnections"], effect: "a customer gateway's BGP ASN is fixed at creation: customer gateways and VPN connections are re-created (new tunnel outside addresses)" },
  awsAsn: { kind: "replaces", resources: ["awsGateway", "vpnConnections"], effect: "the Amazon-side ASN is fixed at creation: the virtual private gateway (or transit gateway) and every VPN connection are re-created" },
  awsAttachment: { kind: "replaces", resources: ["awsGateway", "vpnConnections"], effect: "the old AWS gateway is deleted and the other one created; each VPN connection moves to it in place (AWS keeps its outside addresses and tunnel options), its tunnels down while it moves" },
  routing: { kind: "replaces", resources: ["vpnConnections"], effect: "static-routes-only is fixed at creation of a VPN connection: every VPN connection is re-created (new outside addresses)" },
  vpcCidr: { kind: "replaces", resources: ["vpc", "awsGateway", "vpnConnections"], effect: "the VPC's primary CIDR cannot change: the VPC and everything in it are re-created" },
  tunnelInsideCidrs: { kind: "replaces", resources: ["vpnConnections"], effect: "a tunnel's inside CIDR is fixed at creation of an AWS VPN connection (the provider forces a new one): each VPN connection with a changed tunnel is re-created with new outside addresses, both its tunnels rebuilt" },
  tunnelBandwidth: { kind: "replaces", resources: ["vpnConnections"], effect: "a VPN connection's tunnel bandwidth is fixed at creation in the provider (ForceNew): every VPN connection is re-created with new outside addresses" },
  ipsec: { kind: "resets", resources: ["vpnConnections"], effect: "every tunnel renegotiates with the new proposals at the same time" },
  keyRotation: { kind: "resets", resources: ["vpnConnections"], effect: "both tunnels of one VPN connection get new keys at once: rotate one tunnel per `pulumi up`" },
};

export interface Disruption {
  setting: GuardedSetting;
  from: unknown;
  to: unknown;
  kind: Kind;
  resources: GuardedResource[];
  effect: string;
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
    } else if (same(from, to)) {
      continue;
    }
    result.push({ setting, from, to, kind: rule.kind, resources: rule.resources, effect: rule.effect, acknowledged: acknowledged.has(setting) });
  }
  return result;
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
