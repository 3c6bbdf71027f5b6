// Component Vpn: the top-level package component; validates its args (the one validation of the stack config too) and wires the four components below it.
import * as pulumi from "@pulumi/pulumi";
import { ARGS, argKey, formatIssue, sshPublicKeyProblems, validateArgs, type ConfigIssue, type VpnConfig } from "../config";
import { AwsAttachment, GatewayGeneration, GatewaySku, RoutingMode, TunnelBandwidth } from "../enums";
import { protectedResources } from "../guards";
import { hubPlan, type ExistingAws, type ExistingAzure } from "../hub";
import type { SameShape, VpnIpsec } from "../ipsec";
import { CONTRACT_VERSION, type AwsContract, type AzureContract, type MonitoringContract, type TestHostsContract, type TunnelContract } from "../outputs";
import { planTopology, type TunnelPlan } from "../topology";
import { azurePrefixesWithSpokes } from "../spokes";
import { getClientConfigOutput } from "@pulumi/azure-native/authorization";
import { AwsSide, customerGatewaysOf, readExistingAwsGateway } from "./awsSide";
import { AwsSpokes } from "./awsSpokes";
import { AzureSpokes } from "./azureSpokes";
import { AzureSide, azureGatewayOf, readExistingGateway, type AzureSideArgs } from "./azureSide";
import { monitorTunnels, tunnelLogs } from "./monitoring";
import { TestHosts } from "./testHosts";
import { TunnelPair } from "./tunnelPair";
import { TYPES } from "../types";

export { AwsAttachment, GatewayGeneration, GatewaySku, RoutingMode, TunnelBandwidth };
export type { VpnIpsec, VpnIpsecPhase1, VpnIpsecPhase2 } from "../ipsec";

/** An Azure workload subnet (C#: Inputs.VpnAzureSubnetArgs: .NET adds the Args suffix to input types). */
export interface VpnAzureSubnet {
  /** Subnet name (not GatewaySubnet). */
  name: string;
  /** IPv4 CIDR inside the VNet. */
  cidr: string;
}

/** An AWS workload subnet. */
export interface VpnAwsSubnet {
  /** Name tag. */
  name: string;
  /** IPv4 CIDR inside the VPC, /16 to /28. */
  cidr: string;
  /** Availability zone of awsRegion, e.g. us-east-1a; required and distinct with a transit gateway. */
  availabilityZone?: string;
}

/** An AWS spoke VPC on the transit gateway: one the program creates (cidr, subnets) or an existing one (vpcId, subnetIds). */
export interface VpnAwsSpoke {
  /** Name tag and resource names of the spoke. */
  name: string;
  /** The VPC's IPv4 CIDR (for an existing VPC, as it is); disjoint from every other address space. */
  cidr: string;
  /** An existing VPC's id; without it the program creates the VPC. */
  vpcId?: string;
  /** Subnets of a created VPC, each with its own availability zone (the attachment's subnets). */
  subnets?: VpnAwsSubnet[];
  /** Existing VPC: the subnet ids the transit gateway attachment uses, one per zone. */
  subnetIds?: string[];
  /** Existing VPC: route tables that get a route to each Azure prefix via the transit gateway. */
  routeTableIds?: string[];
}

/** An Azure spoke VNet peered with the gateway VNet: one the program creates (addressSpace, subnets) or an existing one (vnetId). */
export interface VpnAzureSpoke {
  /** VNet name (created) or a label (existing). */
  name: string;
  /** The VNet's IPv4 prefixes (for an existing VNet, as they are); disjoint from every other address space. */
  addressSpace: string[];
  /** An existing VNet's resource id; without it the program creates the VNet in the resource group. */
  vnetId?: string;
  /** Subnets of a created VNet. */
  subnets?: VpnAzureSubnet[];
}

/** Tunnel logs, alarms and alerts on both clouds (README, "Monitoring and verification"). */
export interface VpnMonitoring {
  /** Create the log group, SNS topic and alarms on AWS, and the diagnostics, action group and alerts on Azure (default false). */
  enabled?: boolean;
  /** One e-mail address the SNS topic and the action group notify (SNS asks it to confirm first). */
  email?: string;
  /** Log retention in days (a whole number) CloudWatch Logs accepts; 30 to 730 when a workspace is created (default 30). */
  logRetentionDays?: number;
  /** An existing Log Analytics workspace's resource id, used instead of creating one. */
  workspaceId?: string;
}

/** Azure hub parts that exist already: the program references them and never changes or deletes them. */
export interface VpnExistingAzure {
  /** A resource group that exists: none is created, and the program's Azure resources go in it (default: the existing gateway's or VNet's group). */
  resourceGroupName?: string;
  /** Resource id of a VNet that exists, with its GatewaySubnet: no VNet or subnet is created (vnetAddressSpace still states its prefixes). */
  vnetId?: string;
  /** Resource id of a route-based VPN gateway that exists in vnetId: no gateway or public IP is created; its SKU, public IPs, ASN and APIPA addresses are read at deploy and checked (needs vnetId). */
  gatewayId?: string;
}

/** AWS hub parts that exist already: the program references them and never changes or deletes them. */
export interface VpnExistingAws {
  /** A VPC that exists: no VPC, subnet or route table is created (vpcCidr still states its CIDR; needs routeTableIds). */
  vpcId?: string;
  /** With vpcId and a transit gateway: the subnets (one per availability zone) of the VPC attachment the program creates; leave out when the VPC is already attached. */
  subnetIds?: string[];
  /** With vpcId: the route tables that route the Azure prefixes to the gateway. */
  routeTableIds?: string[];
  /** A virtual private gateway that exists, attached to vpcId (awsAttachment vgw; its ASN is read). */
  vpnGatewayId?: string;
  /** A transit gateway that exists, with VPN ECMP support and default route table association off (awsAttachment tgw; its ASN is read), e.g. one shared from a network account. */
  transitGatewayId?: string;
  /** With transitGatewayId: the route table the VPN attachments associate with and propagate to. */
  transitGatewayRouteTableId?: string;
}

// The settings' schema (infra/hub.ts) reads exactly these fields: another field or type on either side is a type error here.
true satisfies SameShape<VpnExistingAzure, ExistingAzure>;
true satisfies SameShape<VpnExistingAws, ExistingAws>;

/**
 * The whole VPN, one arg per stack config key (same names, same defaults, same rules; see the
 * config reference in README.md). Every arg is plain: all are validated together before any
 * resource is declared, and most decide which resources exist (routing, activeActive,
 * awsAttachment, the subnets, testVms...). Only sshPublicKey may come from another resource.
 */
export interface VpnArgs {
  /** Azure region, e.g. eastus (the stack's azure-native:location). */
  azureLocation: string;
  /** AWS region, e.g. us-east-1 (the stack's aws:region); must match the aws provider's region. */
  awsRegion: string;
  /** Azure resource group that holds every Azure resource (default rg-azure-aws). */
  resourceGroupName?: string;
  /** Azure virtual network name (default vnet-azure). */
  vnetName?: string;
  /** Azure VNet address space (IPv4 CIDRs); must not overlap the VPC. */
  vnetAddressSpace: string[];
  /** Azure workload subnets, each inside the VNet (required unless existingAzure.vnetId). */
  azureSubnets?: VpnAzureSubnet[];
  /** GatewaySubnet prefix inside the VNet (at least /29, /27 recommended; required unless existingAzure.vnetId). */
  gatewaySubnetCidr?: string;
  /** Azure VPN gateway name (default vpn-azure-aws). */
  gatewayName?: string;
  /** Name of the gateway's public IP; active-active adds a second one with suffix -2. */
  publicIpName?: string;
  /** Azure VPN gateway SKU (default VpnGw1AZ). */
  gatewaySku?: GatewaySku;
  /** Azure VPN gateway generation (default Generation1). */
  gatewayGeneration?: GatewayGeneration;
  /** Availability zones of the public IPs, "1" to "3" (default all three: zone-redundant). */
  publicIpZones?: string[];
  /** BGP ASN of the Azure gateway (a whole number; default 65000). */
  azureAsn?: number;
  /** Name tag of the AWS VPC (default vpc-azure-aws). */
  vpcName?: string;
  /** AWS VPC CIDR (/16 to /28); must not overlap the Azure VNet. */
  vpcCidr: string;
  /** AWS workload subnets, each inside the VPC (required unless existingAws.vpcId). */
  awsSubnets?: VpnAwsSubnet[];
  /** Amazon-side ASN (a whole number, 64512-65534 or 4200000000-4294967294; default 64512). */
  awsAsn?: number;
  /** Virtual private gateway or transit gateway (default vgw; tgw needs routing bgp). */
  awsAttachment?: AwsAttachment;
  /** Static routes or BGP on every tunnel (default static; bgp needs activeActive). */
  routing?: RoutingMode;
  /** Active-active Azure gateway: two public IPs, two AWS VPN connections, four tunnels. */
  activeActive?: boolean;
  /** AWS tunnel bandwidth: standard (1.25 Gbps per tunnel, default) or large (5 Gbps; transit gateway only). */
  tunnelBandwidth?: TunnelBandwidth;
  /** AWS spoke VPCs attached to the transit gateway (needs awsAttachment tgw and routing bgp). */
  awsSpokes?: VpnAwsSpoke[];
  /** Azure spoke VNets peered with the gateway VNet, using its gateway (needs routing bgp). */
  azureSpokes?: VpnAzureSpoke[];
  /** One inside /30 per tunnel in tunnel order (c1t1, c1t2, c2t1, c2t2). */
  tunnelInsideCidrs?: string[];
  /** Base name of the Azure local network gateways (default lng-azure-aws). */
  localNetworkGatewayName?: string;
  /** Base name of the Azure connections (default cn-azure-aws). */
  connectionName?: string;
  /** Overrides of the IPsec/IKE profile. */
  ipsec?: VpnIpsec;
  /** Create the test hosts (a Linux VM on each side). */
  testVms?: boolean;
  /** The only network SSH to the test hosts is allowed from (required with testVms). */
  adminCidr?: string;
  /** OpenSSH public key for the test hosts (required with testVms); checked when known. */
  sshPublicKey?: pulumi.Input<string>;
  /** Protect the gateways, public IPs, customer gateways and VPN connections from deletion. */
  protect?: boolean;
  /** Key generation per tunnel id, e.g. {c1t1: 1} (whole numbers): raising one regenerates that key. */
  keyRotation?: Record<string, number>;
  /** Guarded settings whose disruptive change you accept (lifts protect where it replaces). */
  acknowledgeDisruption?: string[];
  /** Tunnel logs, alarms and alerts on both clouds (default off). */
  monitoring?: VpnMonitoring;
  /** Tags on every taggable resource of both clouds, with the program's managed-by (and each AWS resource's Name): at most 48, checked against both clouds' tag rules. */
  tags?: Record<string, string>;
  /** Azure hub parts that exist already (resource group, VNet, VPN gateway). */
  existingAzure?: VpnExistingAzure;
  /** AWS hub parts that exist already (VPC, virtual private or transit gateway). */
  existingAws?: VpnExistingAws;
}

/** Bad Vpn args: every problem, each naming the arg, the value and the rule. */
export class VpnArgsError extends Error {
  constructor(public readonly issues: ConfigIssue[]) {
    super(
      `${ARGS} has ${issues.length} problem${issues.length === 1 ? "" : "s"}; nothing was created:\n` +
        issues.map((i) => `  - ${formatIssue(i)}`).join("\n"),
    );
    this.name = "VpnArgsError";
  }
}

/**
 * Where `value` holds an Output or a promise (a secret over gRPC arrives as a secret Output),
 * as paths under `path`; an Output is not walked into (its fields are the SDK's, not the caller's).
 */
function notPlain(value: unknown, path: string): string[] {
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return [path];
  if (Array.isArray(value)) return value.flatMap((item, i) => notPlain(item, `${path}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => notPlain(item, `${path}.${key}`));
  return [];
}

/**
 * One problem per arg given as an Output or a secret where a plain value is required (every arg
 * but sshPublicKey): the args decide which resources exist, so they are read before any is
 * declared. Only these are reported: the args' other rules cannot be checked without the values.
 */
function plainArgProblems(args: VpnArgs): ConfigIssue[] {
  return Object.entries(args ?? {}).flatMap(([key, value]): ConfigIssue[] => {
    if (key === "sshPublicKey") return [];
    const paths = notPlain(value, argKey(key));
    if (paths.length === 0) return [];
    return [{
      key: paths.length === 1 ? paths[0]! : argKey(key),
      value: "[an Output or a secret]",
      rule: "must be a plain value, known when the program runs (not an Output, another resource's output or a secret): the args decide which resources exist; only sshPublicKey may be an Output",
    }];
  });
}

/**
 * Validates the args with every rule, all problems at once; returns the config or throws them all.
 * An sshPublicKey Output is left out here and checked with its own rule once known (Vpn).
 */
export function validateVpnArgs(args: VpnArgs, stack: string): { config: VpnConfig; warnings: ConfigIssue[] } {
  const notPlainArgs = plainArgProblems(args);
  if (notPlainArgs.length > 0) throw new VpnArgsError(notPlainArgs);
  const result = pulumi.Output.isInstance(args?.sshPublicKey)
    ? validateArgs({ ...args, sshPublicKey: undefined }, stack, new Set(["sshPublicKey"]))
    : validateArgs({ ...args }, stack);
  if (!result.ok) throw new VpnArgsError(result.errors);
  return { config: result.config, warnings: result.warnings };
}

/** A validated config as Vpn args (for a Vpn built like a stack's: tests, the plugin's). */
export function vpnArgsFromConfig(config: VpnConfig): VpnArgs {
  const { stack: _stack, azureSubnets, awsSubnets, ...args } = config;
  void _stack;
  // An existing VNet or VPC has no subnets of the program's: the config holds none, the args leave them out.
  return { ...args, ...(azureSubnets.length > 0 ? { azureSubnets } : {}), ...(awsSubnets.length > 0 ? { awsSubnets } : {}) };
}

/** Where Vpn reports its args' warnings; without it, Pulumi's log on the Vpn. */
export interface VpnReport {
  /** One warning, named by its arg (the stack program names the config key instead). */
  warn(issue: ConfigIssue): void;
}

function keyGeneration(config: VpnConfig, tunnel: TunnelPlan): number {
  return config.keyRotation[tunnel.id] ?? 0;
}

/**
 * An Azure VNet and an AWS VPC joined by a managed HA site-to-site IPsec VPN: AzureSide, AwsSide,
 * one TunnelPair per AWS VPN connection and, with testVms, TestHosts. Its outputs are the stack
 * outputs contract (infra/outputs.ts).
 */
export class Vpn extends pulumi.ComponentResource {
  /** Version of the outputs contract. */
  public readonly contractVersion: pulumi.Output<number>;
  /** The routing mode. */
  public readonly routing: pulumi.Output<RoutingMode>;
  /** The Azure side: resource group, VNet, gateway and its public IPs. */
  public readonly azure: pulumi.Output<AzureContract>;
  /** The AWS side: VPC, gateway and route tables. */
  public readonly aws: pulumi.Output<AwsContract>;
  /** Every tunnel in tunnel order. */
  public readonly tunnels: pulumi.Output<TunnelContract[]>;
  /** The test hosts' addresses and ping commands; absent without testVms. */
  public readonly testHosts?: pulumi.Output<TestHostsContract>;
  /** Log group, topic, workspace and alarm names; absent without monitoring. */
  public readonly monitoring?: pulumi.Output<MonitoringContract>;

  constructor(name: string, args: VpnArgs, opts?: pulumi.ComponentResourceOptions, report?: VpnReport) {
    // Before registering: args with a problem create nothing, not even this component.
    const { config, warnings } = validateVpnArgs(args, pulumi.getStack());
    super(TYPES.vpn, name, {}, opts);
    for (const warning of warnings) {
      if (report) report.warn(warning);
      else void pulumi.log.warn(formatIssue(warning), this);
    }
    const parent = { parent: this };

    const topology = planTopology(config);
    const bgp = config.routing === "bgp";
    const azurePrefixes = config.vnetAddressSpace;
    const awsPrefixes = [config.vpcCidr];
    // One protection set for every component: each protects the guarded kinds it creates.
    const protection = protectedResources(config);
    const hub = hubPlan(config);

    const azureArgs: AzureSideArgs = {
      location: config.azureLocation,
      resourceGroupName: hub.azure.resourceGroupName,
      vnetName: config.vnetName,
      vnetAddressSpace: config.vnetAddressSpace,
      workloadSubnets: config.azureSubnets,
      gatewaySubnetCidr: config.gatewaySubnetCidr,
      gatewayName: config.gatewayName,
      publicIpNames: topology.publicIpNames,
      publicIpZones: config.publicIpZones,
      gatewaySku: config.gatewaySku,
      gatewayGeneration: config.gatewayGeneration,
      bgp: bgp ? { asn: config.azureAsn, apipaByInstance: topology.apipaByInstance } : undefined,
      protectedResources: protection,
      existingResourceGroup: !hub.azure.createsResourceGroup,
      existingVnetId: hub.azure.vnet?.id,
      existingGatewayId: hub.azure.gateway?.id,
      tags: config.tags,
    };
    const existingAws = {
      awsRegion: config.awsRegion,
      attachment: config.awsAttachment,
      existingVpcId: hub.aws.vpcId,
      existingVpnGatewayId: hub.aws.vpnGatewayId,
      existingTransitGatewayId: hub.aws.transitGatewayId,
      existingTransitGatewayRouteTableId: hub.aws.transitGatewayRouteTableId,
    };
    // An existing gateway is read and checked first, and every resource below waits for the
    // checks: a gateway that cannot serve stops the deployment before anything is created.
    const azureGateway = hub.azure.gateway && readExistingGateway(azureArgs, hub.azure.gateway.id, getClientConfigOutput(parent).subscriptionId, this);
    const awsGatewayAsn = readExistingAwsGateway(existingAws, this);
    const checks = [azureGateway?.asn, awsGatewayAsn].filter((check) => check !== undefined);
    const gated: pulumi.ComponentResourceOptions = checks.length === 0 ? parent : { parent: this, transformations: [afterChecks(pulumi.all(checks))] };

    const azureSide = new AzureSide(`${name}-azure`, azureArgs, gated, azureGateway);

    const awsSide = new AwsSide(`${name}-aws`, {
      ...existingAws,
      vpcName: config.vpcName,
      vpcCidr: config.vpcCidr,
      subnets: config.awsSubnets,
      amazonSideAsn: config.awsAsn,
      routing: config.routing,
      // The hub VPC routes the Azure spokes' prefixes to the transit gateway too.
      azurePrefixes: azurePrefixesWithSpokes(azurePrefixes, config.azureSpokes),
      customerGatewayIps: azureSide.publicIpAddresses,
      // The gateway's ASN: an existing gateway's as read, else the stack's (also without BGP: AWS asks for one).
      customerGatewayAsn: hub.azure.gateway ? azureSide.asn : config.azureAsn,
      protectedResources: protection,
      existingRouteTableIds: config.existingAws.routeTableIds,
      existingSubnetIds: config.existingAws.subnetIds,
      tags: config.tags,
    }, gated, awsGatewayAsn);

    const logs = tunnelLogs(name, config, gated);
    const pairs = topology.connections.map((connection) =>
      new TunnelPair(`${name}-tunnels-c${connection.number}`, {
        awsRegion: config.awsRegion,
        connection,
        customerGatewayId: awsSide.customerGatewayIds[connection.azureInstance]!,
        vpnGatewayId: awsSide.vpnGatewayId,
        transitGatewayId: awsSide.transitGatewayId,
        transitGatewayRouteTableId: awsSide.transitGatewayRouteTableId,
        routing: config.routing,
        azurePrefixes,
        awsPrefixes,
        ipsec: config.ipsec,
        location: config.azureLocation,
        resourceGroupName: azureSide.resourceGroupName,
        azureGatewayId: azureSide.gatewayId,
        attachment: config.awsAttachment,
        tunnelBandwidth: config.tunnelBandwidth,
        awsAsn: awsSide.asn,
        azureIpConfigurationIds: azureSide.ipConfigurationIds,
        apipaByInstance: topology.apipaByInstance,
        keyRotation: [keyGeneration(config, connection.tunnels[0]), keyGeneration(config, connection.tunnels[1])],
        protectedResources: protection,
        tunnelLogGroupArn: logs?.logGroupArn,
        tags: config.tags,
      }, gated, { customerGateway: customerGatewaysOf(awsSide)[connection.azureInstance], azureGateway: azureGatewayOf(azureSide) }),
    );
    this.monitoring = monitorTunnels(name, config, topology, logs, pairs, {
      location: config.azureLocation,
      resourceGroupName: azureSide.resourceGroupName,
      gatewayId: azureSide.gatewayId,
      gatewayName: hub.azure.gateway?.name ?? config.gatewayName,
    }, gated);

    // Spokes: new components only when configured, so a stack without spokes keeps its URNs.
    if (config.awsSpokes.length > 0 && awsSide.transitGatewayId !== undefined && awsSide.transitGatewayRouteTableId !== undefined) {
      new AwsSpokes(`${name}-aws-spokes`, {
        awsRegion: config.awsRegion,
        spokes: config.awsSpokes,
        transitGatewayId: awsSide.transitGatewayId,
        transitGatewayRouteTableId: awsSide.transitGatewayRouteTableId,
        azurePrefixes: azurePrefixesWithSpokes(azurePrefixes, config.azureSpokes),
        tags: config.tags,
      }, gated);
    }
    if (config.azureSpokes.length > 0) {
      // An existing spoke in another subscription gets its spoke-side peering through an explicit
      // provider for that subscription (AzureSpokes), so the stack's own subscription never matters.
      new AzureSpokes(`${name}-azure-spokes`, {
        spokes: config.azureSpokes,
        location: config.azureLocation,
        resourceGroupName: azureSide.resourceGroupName,
        hubVnetName: hub.azure.vnet?.name ?? config.vnetName,
        hubVnetId: azureSide.vnetId,
        hubVnetResourceGroupName: hub.azure.vnet?.resourceGroupName,
        gateway: azureGatewayOf(azureSide),
        tags: config.tags,
      }, gated);
    }

    if (config.testVms && config.adminCidr !== undefined && args.sshPublicKey !== undefined) {
      const hosts = new TestHosts(`${name}-test`, {
        awsRegion: config.awsRegion,
        location: config.azureLocation,
        resourceGroupName: azureSide.resourceGroupName,
        azureSubnetId: azureSide.workloadSubnetIds[0]!,
        azurePrefixes,
        vpcId: awsSide.vpcId,
        awsPrefixes,
        awsSubnetId: awsSide.subnetIds[0]!,
        awsRouteTableId: awsSide.routeTableIds[0]!,
        adminCidr: config.adminCidr,
        // A key from another resource is checked with its own rule once known; validation checked a plain one.
        sshPublicKey: pulumi.Output.isInstance(args.sshPublicKey) ? args.sshPublicKey.apply(checkedSshKey) : pulumi.output(args.sshPublicKey),
        namePrefix: config.vpcName,
        tags: config.tags,
      }, gated);
      this.testHosts = pulumi.all([hosts.awsPrivateIp, hosts.azurePrivateIp]).apply(([awsPrivateIp, azurePrivateIp]) => ({
        awsPrivateIp,
        azurePrivateIp,
        pingFromAws: `ping -c 4 ${azurePrivateIp}`,
        pingFromAzure: `ping -c 4 ${awsPrivateIp}`,
      }));
    }

    this.contractVersion = pulumi.output(CONTRACT_VERSION);
    this.routing = pulumi.output(config.routing);
    this.azure = pulumi.all([azureSide.resourceGroupName, azureSide.vnetId, azureSide.vnetName, azureSide.gatewayId, pulumi.all(azureSide.publicIpAddresses)])
      .apply(([resourceGroupName, vnetId, vnetName, gatewayId, gatewayPublicIps]) => ({
        resourceGroupName,
        vnetId,
        vnetName,
        vnetAddressSpace: azurePrefixes,
        gatewayId,
        gatewayPublicIps,
      }));
    this.aws = pulumi.all([awsSide.vpcId, awsSide.vpcCidr, awsSide.gatewayId, pulumi.all(awsSide.routeTableIds)])
      .apply(([vpcId, vpcCidr, gatewayId, routeTableIds]) => ({
        region: config.awsRegion,
        vpcId,
        vpcCidr,
        gatewayKind: config.awsAttachment,
        gatewayId,
        routeTableIds,
      }));
    this.tunnels = pulumi.all(pairs.flatMap((pair) => pair.tunnels.map((t) =>
      pulumi.all([t.awsOutsideIp, pair.vpnConnectionId, t.azureLocalNetworkGatewayId, t.azureConnectionId])
        .apply(([awsOutsideIp, awsVpnConnectionId, azureLocalNetworkGatewayId, azureConnectionId]) => ({
          id: t.id,
          awsOutsideIp,
          insideCidr: t.insideCidr,
          awsVpnConnectionId,
          azureLocalNetworkGatewayId,
          azureConnectionId,
        })),
    )));

    this.registerOutputs({
      contractVersion: this.contractVersion,
      routing: this.routing,
      azure: this.azure,
      aws: this.aws,
      tunnels: this.tunnels,
      testHosts: this.testHosts,
      monitoring: this.monitoring,
    });
  }
}

/**
 * Makes every custom resource of a component and its children wait for `checks` (their explicit
 * dependencies unchanged): when a check fails, none of them is registered, so none is created.
 */
function afterChecks(checks: pulumi.Output<unknown>): pulumi.ResourceTransformation {
  return (args) => {
    if (!(args.resource instanceof pulumi.CustomResource)) return undefined;
    const before = args.opts.dependsOn;
    // The components give plain lists (or one resource); an Output or a promise of dependencies would be left as given.
    if (before !== undefined && !Array.isArray(before) && !pulumi.Resource.isInstance(before)) return undefined;
    const list: pulumi.Input<pulumi.Resource>[] = before === undefined ? [] : Array.isArray(before) ? before : [before];
    return { props: args.props, opts: { ...args.opts, dependsOn: checks.apply(() => list) } };
  };
}

/** An sshPublicKey Output's value once known, under the key's own rule (validation could not see it). */
function checkedSshKey(key: string): string {
  const errors = typeof key === "string" ? sshPublicKeyProblems(key).errors : ["must be a string"];
  if (errors.length > 0) throw new VpnArgsError(errors.map((rule) => ({ key: argKey("sshPublicKey"), value: "[secret or computed key]", rule })));
  return key;
}
