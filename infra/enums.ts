/**
 * The choices a component arg or a stack output can take, as `as const` objects with a type
 * alias: Pulumi's schema analyzer turns these into schema enums (it refuses string-literal unions).
 */

/** How routes cross the tunnels. */
export const RoutingMode = { Static: "static", Bgp: "bgp" } as const;
export type RoutingMode = (typeof RoutingMode)[keyof typeof RoutingMode];

/** What the VPN connections attach to on AWS. */
export const AwsAttachment = { VirtualPrivateGateway: "vgw", TransitGateway: "tgw" } as const;
export type AwsAttachment = (typeof AwsAttachment)[keyof typeof AwsAttachment];

/** Azure VPN gateway SKUs that can still be created. */
export const GatewaySku = { VpnGw1AZ: "VpnGw1AZ", VpnGw2AZ: "VpnGw2AZ", VpnGw3AZ: "VpnGw3AZ", VpnGw4AZ: "VpnGw4AZ", VpnGw5AZ: "VpnGw5AZ" } as const;
export type GatewaySku = (typeof GatewaySku)[keyof typeof GatewaySku];

/** Azure VPN gateway generations. */
export const GatewayGeneration = { Generation1: "Generation1", Generation2: "Generation2" } as const;
export type GatewayGeneration = (typeof GatewayGeneration)[keyof typeof GatewayGeneration];
