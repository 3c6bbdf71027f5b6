// Component TunnelPair: one AWS VPN connection (two tunnels, generated keys) and the Azure LNG + connection for each tunnel.
import * as pulumi from "@pulumi/pulumi";
import * as awsEc2 from "@pulumi/aws/ec2";
import * as azureNetwork from "@pulumi/azure-native/network";
import * as random from "@pulumi/random";
import { formatIssue, type ConfigIssue } from "../config";
import type { AwsAttachment, RoutingMode, TunnelBandwidth } from "../enums";
import { GuardedResource } from "../guards";
import { mergeProfile, profileProblems, toAwsTunnelOptions, toAzureConnectionProtocol, toAzureIpsecPolicy, vocabularyProblems, type AwsTunnelOptions, type IpsecProfile, type VpnIpsec } from "../ipsec";
import { PRESHARED_KEY_LENGTH, PRESHARED_KEY_SPECIALS, toAwsPresharedKey } from "../keys";
import { associateAndPropagate, prefixName } from "./awsRouting";
import { tunnelLogOptions } from "./monitoringAws";
import type { TunnelFields } from "../topology";
import { awsTags, azureTags } from "../tags";
import { TYPES } from "../types";

/** One tunnel of the pair (topology.ts's TunnelPlan). */
// The fields and their documentation are topology.ts's TunnelFields, the plan the program passes in;
// an interface of its own (not an alias) keeps this name in schema.json.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface TunnelPairTunnel extends TunnelFields {}

/** The AWS VPN connection of the pair (topology.ts's ConnectionPlan). */
export interface TunnelPairConnection {
  /** 1-based AWS VPN connection number (a whole number; names the connection's Name tag). */
  number: number;
  /** The Azure public IP (and gateway instance) its customer gateway points at (0-based, a whole number). */
  azureInstance: number;
  /** Exactly two tunnels, tunnel 1 then tunnel 2. */
  tunnels: TunnelPairTunnel[];
}

// Provider submodules, not the packages' roots: a root loads every one of its modules (about
// 1.3 s and 45 MB per process for both providers); the rest of the file reads as with the roots.
const aws = { ec2: awsEc2 };

/** Everything AWS sets per tunnel of a VPN connection (`tunnelN<Option>` on aws.ec2.VpnConnection). */
interface AwsPerTunnelOptions extends AwsTunnelOptions {
  insideCidr: string;
  presharedKey: pulumi.Output<string>;
  /** Tunnel (and BGP) logs to CloudWatch Logs, when monitoring is on (monitoringAws.ts). */
  logOptions: ReturnType<typeof tunnelLogOptions> | undefined;
}

/** The per-tunnel options as aws.ec2.VpnConnection names them for tunnel N: `insideCidr` -> `tunnel1InsideCidr`. */
type AwsTunnelArgs<N extends 1 | 2> = { [K in keyof AwsPerTunnelOptions as `tunnel${N}${Capitalize<K & string>}`]: AwsPerTunnelOptions[K] };

// Compile-time check: every name built above is an input of aws.ec2.VpnConnection.
const everyTunnelArgIsAnInput: [Exclude<keyof AwsTunnelArgs<1 | 2>, keyof awsEc2.VpnConnectionArgs>] extends [never] ? true : never = true;
void everyTunnelArgIsAnInput;

/** The options of tunnel N of a VPN connection, in the order the provider documents them. */
function awsTunnelArgs<N extends 1 | 2>(n: N, options: AwsPerTunnelOptions): AwsTunnelArgs<N> {
  const { insideCidr, presharedKey, ...rest } = options;
  const ordered: Record<string, unknown> = { insideCidr, presharedKey, ...rest };
  return Object.fromEntries(Object.entries(ordered).map(([key, value]) => [`tunnel${n}${key[0]!.toUpperCase()}${key.slice(1)}`, value])) as AwsTunnelArgs<N>;
}
const azure = { network: azureNetwork };

/**
 * The gateways a pair's resources are replaced with (the `replaceWith` option): `Vpn` passes its
 * own, so a replaced Azure gateway (which keeps its id) or customer gateway replaces the
 * connections that reference it. Resources, not values, so not in the package schema: a stack that
 * composes the components in another language passes ids, and replaces the pair itself with a
 * gateway it replaces (README, "Compose the components yourself").
 */
export interface TunnelPairReplacedWith {
  /** The customer gateway of this pair's Azure instance. */
  customerGateway?: pulumi.Resource;
  /** The Azure VPN gateway. */
  azureGateway?: pulumi.Resource;
}

export interface TunnelPairArgs {
  /** AWS region of every AWS resource this component creates, e.g. us-east-1 (default: the aws provider's region). */
  awsRegion?: pulumi.Input<string>;
  /** Which AWS VPN connection this is, its two tunnels' names and inside addresses (plain: decides the resources' names). */
  connection: TunnelPairConnection;
  /** Id of the customer gateway pointing at this pair's Azure public IP (AwsSide's customerGatewayIds, in instance order). */
  customerGatewayId: pulumi.Input<string>;
  /** Virtual private gateway (vgw mode). */
  vpnGatewayId?: pulumi.Input<string>;
  /** Transit gateway and its route table (tgw mode). */
  transitGatewayId?: pulumi.Input<string>;
  /** Transit gateway route table to associate and propagate the VPN attachment in (tgw mode). */
  transitGatewayRouteTableId?: pulumi.Input<string>;
  /** Routing mode (plain): static routes or BGP on every tunnel. */
  routing: RoutingMode;
  /** Azure prefixes AWS routes into the tunnels (static mode; plain: one VPN connection route each). */
  azurePrefixes: string[];
  /** The VPC CIDR(s), the local network gateways' address space (static mode). */
  awsPrefixes: pulumi.Input<pulumi.Input<string>[]>;
  /** Overrides of the IPsec/IKE profile both sides are configured from, merged over the default profile Vpn uses (plain: checked against both clouds' rules before anything is created). */
  ipsec?: VpnIpsec;
  /** Azure region. */
  location: pulumi.Input<string>;
  /** Azure resource group. */
  resourceGroupName: pulumi.Input<string>;
  /** Id of the Azure VPN gateway (AzureSide's gatewayId). */
  azureGatewayId: pulumi.Input<string>;
  /** vgw or tgw (plain): on a virtual private gateway a replaced VPN connection must go first. */
  attachment?: AwsAttachment;
  /** standard or large (plain; large only on a transit gateway): set on the VPN connection only when large. */
  tunnelBandwidth?: TunnelBandwidth;
  /** The AWS side's ASN, the Azure local network gateways' peer ASN (BGP mode; a whole number; AwsSide's asn). */
  awsAsn: pulumi.Input<number>;
  /** Gateway IP configuration ids in instance order (AzureSide's ipConfigurationIds; BGP mode: custom BGP addresses; the list is plain: one entry per instance). */
  azureIpConfigurationIds?: pulumi.Input<string>[];
  /** Custom APIPA addresses per Azure instance, as given to AzureSide's bgp (BGP mode; plain: picked per tunnel before anything is created). */
  apipaByInstance?: string[][];
  /** Key generation per tunnel, tunnel 1 then tunnel 2 (whole numbers; default 0 each): raising one regenerates that tunnel's key only (plain: a keeper of each key's random resource). */
  keyRotation?: number[];
  /** Resource kinds to protect from deletion and replacement (plain: resource options; default none); this component reads vpnConnections (a VPN connection holds the tunnels' outside addresses). */
  protectedResources?: GuardedResource[];
  /** CloudWatch log group for both tunnels' logs (and BGP logs with BGP); none: no tunnel logs. */
  tunnelLogGroupArn?: pulumi.Input<string>;
  /** Tags on the VPN connection, local network gateways and connections, with managed-by (plain). */
  tags?: Record<string, string>;
}

/** One tunnel as built: its id, inside /30 and the resources on each side. */
export interface TunnelOutputs {
  /** Stable tunnel id, e.g. c1t1 (AWS VPN connection 1, tunnel 1). */
  id: string;
  /** The tunnel's inside /30. */
  insideCidr: string;
  /** AWS's outside (public) address of the tunnel, the Azure local network gateway's address. */
  awsOutsideIp: pulumi.Output<string>;
  /** Resource id of the Azure local network gateway that stands for this tunnel's AWS end. */
  azureLocalNetworkGatewayId: pulumi.Output<string>;
  /** Resource id of the Azure connection of this tunnel. */
  azureConnectionId: pulumi.Output<string>;
}

/** Each pair's Azure connections; not a class field, which the package schema would list as an output. */
const azureConnections = new WeakMap<TunnelPair, pulumi.Resource[]>();

/** The Azure connections of a pair: what must wait until both sides of its tunnels exist (the alarms). */
export function azureConnectionsOf(pair: TunnelPair): pulumi.Resource[] {
  return azureConnections.get(pair) ?? [];
}

/**
 * One AWS Site-to-Site VPN connection (two tunnels) and, fed by its tunnel outputs, the two Azure
 * local network gateways and connections. Each tunnel has its own random key, given to both sides.
 */
export class TunnelPair extends pulumi.ComponentResource {
  /** The AWS Site-to-Site VPN connection's id (vpn-...). */
  public readonly vpnConnectionId: pulumi.Output<string>;
  /** The pair's two tunnels, tunnel 1 then tunnel 2. */
  public readonly tunnels: TunnelOutputs[];

  constructor(name: string, args: TunnelPairArgs, opts?: pulumi.ComponentResourceOptions, replacedWith: TunnelPairReplacedWith = {}) {
    super(TYPES.tunnelPair, name, {}, opts);
    const parent = { parent: this };
    const bgp = args.routing === "bgp";
    const ipsec = checkedProfile(args);
    const [first, second] = [args.connection.tunnels[0]!, args.connection.tunnels[1]!];

    const keys = args.connection.tunnels.map((tunnel, i) => {
      const password = new random.RandomPassword(`${name}-${tunnel.id}-key`, {
        length: PRESHARED_KEY_LENGTH,
        special: true,
        overrideSpecial: PRESHARED_KEY_SPECIALS,
        minLower: 4,
        minUpper: 4,
        minNumeric: 4,
        // A new generation number means a new key for this tunnel only.
        keepers: { generation: String(args.keyRotation?.[i] ?? 0) },
      }, parent);
      return pulumi.secret(password.result.apply(toAwsPresharedKey));
    });
    const [key1, key2] = [keys[0]!, keys[1]!];

    const options = toAwsTunnelOptions(ipsec);
    const logOptions = args.tunnelLogGroupArn === undefined ? undefined : tunnelLogOptions(args.tunnelLogGroupArn, bgp);
    const vpn = new aws.ec2.VpnConnection(`${name}-vpn`, {
      region: args.awsRegion,
      type: "ipsec.1",
      customerGatewayId: args.customerGatewayId,
      vpnGatewayId: args.vpnGatewayId,
      transitGatewayId: args.transitGatewayId,
      staticRoutesOnly: !bgp,
      // Left unset for standard (AWS's default, and refused on a virtual private gateway), so
      // existing connections keep their inputs and are not replaced.
      tunnelBandwidth: args.tunnelBandwidth === "large" ? "large" : undefined,
      tunnelInsideIpVersion: "ipv4",
      ...awsTunnelArgs(1, { insideCidr: first.insideCidr, presharedKey: key1, ...options, logOptions }),
      ...awsTunnelArgs(2, { insideCidr: second.insideCidr, presharedKey: key2, ...options, logOptions }),
      tags: awsTags(args.tags, `vpn-azure-aws-c${args.connection.number}`),
    }, {
      ...parent,
      protect: (args.protectedResources ?? []).includes(GuardedResource.VpnConnections),
      // Inside CIDRs must be unique across the VPN connections of one virtual private gateway,
      // so a replacement with the same /30s must delete the old connection first (an outage of
      // its two tunnels). A transit gateway has no such rule: create-before-delete.
      deleteBeforeReplace: args.vpnGatewayId !== undefined && args.attachment !== "tgw",
      // AWS refuses to delete a customer gateway in use: a replaced customer gateway replaces the
      // VPN connection, and when the engine deletes the customer gateway ahead of a
      // delete-before-replace public IP, customerGatewayId (unknown there) must say "replace" so
      // the VPN connection is deleted before it. In `up` it changes only with the customer gateway.
      replaceWith: replacedWith.customerGateway ? [replacedWith.customerGateway] : [],
      replaceOnChanges: ["customerGatewayId"],
    });
    this.vpnConnectionId = vpn.id;

    if (!bgp && args.vpnGatewayId !== undefined) {
      args.azurePrefixes.forEach((prefix) => {
        new aws.ec2.VpnConnectionRoute(`${name}-route-${prefixName(prefix)}`, {
          region: args.awsRegion,
          vpnConnectionId: vpn.id,
          destinationCidrBlock: prefix,
        }, parent);
      });
    }
    if (args.transitGatewayRouteTableId !== undefined) {
      associateAndPropagate(`${name}-tgw`, vpn.transitGatewayAttachmentId, args.transitGatewayRouteTableId, args.awsRegion, this);
    }

    const outsideAddresses = [vpn.tunnel1Address, vpn.tunnel2Address];
    const awsInsideAddresses = [vpn.tunnel1VgwInsideAddress, vpn.tunnel2VgwInsideAddress];
    const policy = toAzureIpsecPolicy(ipsec);
    this.tunnels = args.connection.tunnels.map((tunnel, i) => {
      const lng = new azure.network.LocalNetworkGateway(`${name}-${tunnel.id}-lng`, {
        localNetworkGatewayName: tunnel.localNetworkGatewayName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        gatewayIpAddress: outsideAddresses[i],
        // With BGP the routes come from the session; the address space stays empty.
        localNetworkAddressSpace: { addressPrefixes: bgp ? [] : args.awsPrefixes },
        bgpSettings: bgp ? { asn: args.awsAsn, bgpPeeringAddress: awsInsideAddresses[i]! } : undefined,
        tags: azureTags(args.tags),
      }, {
        parent: this,
        // Named resource: a replacement with the same name must delete the old one first.
        deleteBeforeReplace: true,
      });
      const connection = new azure.network.VirtualNetworkGatewayConnection(`${name}-${tunnel.id}-connection`, {
        virtualNetworkGatewayConnectionName: tunnel.connectionName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        connectionType: "IPsec",
        connectionProtocol: toAzureConnectionProtocol(ipsec.ikeVersion),
        virtualNetworkGateway1: { id: args.azureGatewayId },
        localNetworkGateway2: { id: lng.id },
        sharedKey: keys[i]!,
        // Always a custom policy: Azure's default proposals offer no PFS, which AWS refuses.
        ipsecPolicies: [policy],
        usePolicyBasedTrafficSelectors: ipsec.usePolicyBasedTrafficSelectors,
        dpdTimeoutSeconds: ipsec.dpdTimeoutSeconds,
        connectionMode: ipsec.azureConnectionMode,
        enableBgp: bgp,
        gatewayCustomBgpIpAddresses: bgp ? customBgpAddresses(tunnel, args.azureIpConfigurationIds ?? [], args.apipaByInstance ?? []) : undefined,
        tags: azureTags(args.tags),
      }, {
        parent: this,
        // Azure cannot change a connection's IKE protocol after creation. The gateway and local
        // network gateway references say "replace" too (they change only with those, which
        // replace the connection anyway): so the engine deletes a connection ahead of a gateway
        // it deletes for a delete-before-replace further up.
        replaceOnChanges: ["connectionProtocol", "virtualNetworkGateway1", "localNetworkGateway2"],
        deleteBeforeReplace: true,
        // Azure refuses to delete a gateway or a local network gateway a connection references:
        // the connection is replaced with them, so the engine deletes it first.
        replaceWith: replacedWith.azureGateway ? [replacedWith.azureGateway, lng] : [lng],
      });
      azureConnections.set(this, [...(azureConnections.get(this) ?? []), connection]);
      return {
        id: tunnel.id,
        insideCidr: tunnel.insideCidr,
        awsOutsideIp: outsideAddresses[i]!,
        azureLocalNetworkGatewayId: lng.id,
        azureConnectionId: connection.id,
      };
    });

    this.registerOutputs({
      vpnConnectionId: this.vpnConnectionId,
      tunnels: this.tunnels,
    });
  }
}

/**
 * Custom BGP address per gateway IP configuration for one connection. Without it Azure uses the
 * first APIPA address of each instance for every connection and sessions fail. The instance the
 * tunnel terminates on uses the tunnel's own Azure inside address; the other instance uses its
 * address for the same tunnel number.
 */
export function customBgpAddresses(
  tunnel: TunnelPairTunnel,
  ipConfigurationIds: pulumi.Input<string>[],
  apipaByInstance: string[][],
): { ipConfigurationId: pulumi.Input<string>; customBgpIpAddress: string }[] {
  return ipConfigurationIds.map((ipConfigurationId, instance) => ({
    ipConfigurationId,
    customBgpIpAddress: instance === tunnel.azureInstance ? tunnel.azureInsideAddress : apipaByInstance[instance]![tunnel.tunnelNumber - 1]!,
  }));
}

/**
 * The profile from the args (their overrides over the default profile), with every problem at
 * once: the named values must be of the profile's vocabulary, and the whole must pass the rules
 * both clouds impose (infra/ipsec.ts).
 */
function checkedProfile(args: TunnelPairArgs): IpsecProfile {
  const p = mergeProfile(args.ipsec ?? {});
  const issues: ConfigIssue[] = vocabularyProblems(p).map((problem) => ({ key: `TunnelPairArgs.ipsec.${problem.path}`, value: problem.value, rule: problem.rule }));
  if (args.connection.tunnels.length !== 2) issues.push({ key: "TunnelPairArgs.connection.tunnels", value: args.connection.tunnels.length, rule: "must list exactly 2 tunnels" });
  if (args.routing === "bgp") {
    const instances = args.azureIpConfigurationIds?.length ?? 0;
    if (instances === 0) issues.push({ key: "TunnelPairArgs.azureIpConfigurationIds", value: args.azureIpConfigurationIds, rule: "must list the Azure gateway's IP configuration ids (AzureSide's ipConfigurationIds) with routing bgp" });
    const apipa = args.apipaByInstance ?? [];
    if (apipa.length < instances || apipa.some((addresses) => addresses.length < 2)) issues.push({ key: "TunnelPairArgs.apipaByInstance", value: args.apipaByInstance, rule: `must list two APIPA addresses (one per tunnel number) for each of the ${instances} gateway instance(s) with routing bgp, as given to AzureSide's bgp` });
  }
  if (issues.length === 0) {
    for (const problem of profileProblems(p)) issues.push({ key: `TunnelPairArgs.ipsec.${problem.path}`, value: problem.value, rule: problem.rule });
  }
  if (issues.length > 0) throw new Error(`TunnelPairArgs has ${issues.length} problem${issues.length === 1 ? "" : "s"}; nothing was created:\n${issues.map((i) => `  - ${formatIssue(i)}`).join("\n")}`);
  // mergeProfile's type says IpsecProfile, but over gRPC any string arrives: the vocabulary check
  // above is what makes it one.
  return p;
}
