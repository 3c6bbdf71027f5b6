/**
 * The choices a component arg or a stack output can take, as `as const` objects with a type
 * alias: Pulumi's schema analyzer turns these into schema enums (it refuses string-literal unions).
 */

/** How routes cross the tunnels. */
export const RoutingMode = {
  /** Static routes: each side routes the other's prefixes into the tunnels. */
  Static: "static",
  /** BGP on every tunnel (needs an active-active Azure gateway). */
  Bgp: "bgp",
} as const;
export type RoutingMode = (typeof RoutingMode)[keyof typeof RoutingMode];

/** What the VPN connections attach to on AWS. */
export const AwsAttachment = {
  /** A virtual private gateway attached to the VPC. */
  VirtualPrivateGateway: "vgw",
  /** A transit gateway with VPN ECMP (needs routing bgp; allows spokes and large tunnels). */
  TransitGateway: "tgw",
} as const;
export type AwsAttachment = (typeof AwsAttachment)[keyof typeof AwsAttachment];

/** Azure VPN gateway SKUs that can still be created. */
export const GatewaySku = {
  /** Zone-redundant, up to 650 Mbps aggregate (Generation1 only). */
  VpnGw1AZ: "VpnGw1AZ",
  /** Zone-redundant, up to 1 Gbps (Generation1) or 1.25 Gbps (Generation2). */
  VpnGw2AZ: "VpnGw2AZ",
  /** Zone-redundant, up to 1.25 Gbps (Generation1) or 2.5 Gbps (Generation2). */
  VpnGw3AZ: "VpnGw3AZ",
  /** Zone-redundant, up to 5 Gbps (Generation2 only). */
  VpnGw4AZ: "VpnGw4AZ",
  /** Zone-redundant, up to 10 Gbps (Generation2 only). */
  VpnGw5AZ: "VpnGw5AZ",
} as const;
export type GatewaySku = (typeof GatewaySku)[keyof typeof GatewaySku];

/** Azure VPN gateway generations. */
export const GatewayGeneration = {
  /** Generation 1 (VpnGw1AZ to VpnGw3AZ). */
  Generation1: "Generation1",
  /** Generation 2 (VpnGw2AZ to VpnGw5AZ; more throughput per SKU). */
  Generation2: "Generation2",
} as const;
export type GatewayGeneration = (typeof GatewayGeneration)[keyof typeof GatewayGeneration];

/** AWS tunnel bandwidth of every VPN connection: standard (1.25 Gbps per tunnel) or large (5 Gbps, transit gateway only). */
export const TunnelBandwidth = {
  /** Up to 1.25 Gbps per tunnel (AWS's default). */
  Standard: "standard",
  /** Up to 5 Gbps per tunnel (transit gateway only). */
  Large: "large",
} as const;
export type TunnelBandwidth = (typeof TunnelBandwidth)[keyof typeof TunnelBandwidth];
