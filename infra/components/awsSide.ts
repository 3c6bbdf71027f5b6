// Component AwsSide: the VPC, its subnets and routes, and the virtual private gateway or transit gateway. Only wires resources.
import * as pulumi from "@pulumi/pulumi";
import * as awsEc2 from "@pulumi/aws/ec2";
import * as awsEc2transitgateway from "@pulumi/aws/ec2transitgateway";
import type { AwsSubnetConfig } from "../config";
import type { AwsAttachment, RoutingMode } from "../enums";
import { TYPES } from "../types";
import { GuardedResource } from "../guards";
import { awsGatewayProblems } from "../hub";
import { awsTags } from "../tags";
import { associateAndPropagate, routesTo, type RouteTarget } from "./awsRouting";

// Provider submodules, not the packages' roots: a root loads every one of its modules (about
// 1.3 s and 45 MB per process for both providers); the rest of the file reads as with the roots.
const aws = { ec2: awsEc2, ec2transitgateway: awsEc2transitgateway };

export interface AwsSideArgs {
  /** AWS region of every AWS resource this component creates, e.g. us-east-1 (default: the aws provider's region). */
  awsRegion?: pulumi.Input<string>;
  /** VPC Name tag (plain: it names the route table's tag too). */
  vpcName: string;
  /** VPC IPv4 CIDR (/16 to /28). */
  vpcCidr: pulumi.Input<string>;
  /** Workload subnets (plain: their count decides the resources). */
  subnets: AwsSubnetConfig[];
  /** Amazon-side ASN of the virtual private gateway or transit gateway the component creates (a whole number, 64512-65534 or 4200000000-4294967294, default 64512; plain: checked before anything is created); an existing gateway's is read. */
  amazonSideAsn?: number;
  /** vgw: virtual private gateway; tgw: transit gateway with VPN ECMP (plain: decides resources). */
  attachment: AwsAttachment;
  /** Routing mode (plain): static routes to Azure, or route propagation from the gateway. */
  routing: RoutingMode;
  /** Azure prefixes the workload route table sends to the gateway (static mode and tgw; plain: one route each). */
  azurePrefixes: string[];
  /** One customer gateway per Azure gateway public IP (AzureSide's publicIpAddresses; the list is plain: one customer gateway each). */
  customerGatewayIps: pulumi.Input<string>[];
  /** The Azure gateway's ASN, declared on every customer gateway (a whole number; AzureSide's asn). */
  customerGatewayAsn: pulumi.Input<number>;
  /** Resource kinds to protect from deletion and replacement (plain: resource options; default none); this component reads vpc, awsGateway (the virtual private or transit gateway) and customerGateways. */
  protectedResources?: GuardedResource[];
  /** A VPC that exists: no VPC, subnet or route table is created, and vpcName's VPC, subnets and vpcCidr are only described (plain: decides the resources). */
  existingVpcId?: string;
  /** With existingVpcId: the route tables that route the Azure prefixes to the gateway (plain: one route each). */
  existingRouteTableIds?: string[];
  /** With existingVpcId and a transit gateway: the subnets (one per zone) of the VPC attachment the component creates; none: the VPC is already attached (plain). */
  existingSubnetIds?: string[];
  /** A virtual private gateway that exists, attached to existingVpcId (vgw; plain: decides the resources). */
  existingVpnGatewayId?: string;
  /** A transit gateway that exists, with VPN ECMP support (tgw; plain: decides the resources). */
  existingTransitGatewayId?: string;
  /** With existingTransitGatewayId: the route table the VPN attachments associate with and propagate to (plain: read with the gateway before anything uses it). */
  existingTransitGatewayRouteTableId?: string;
  /** Tags on every taggable resource this component creates, with managed-by and each one's Name (plain). */
  tags?: Record<string, string>;
}

/** AWS's own default Amazon-side ASN. */
const DEFAULT_AMAZON_SIDE_ASN = 64512;

/** Each side's customer gateway resources; not a class field, which the package schema would list as an output. */
const customerGateways = new WeakMap<AwsSide, awsEc2.CustomerGateway[]>();

/** The side's customer gateways, in Azure instance order: `Vpn` replaces each VPN connection with its own (TunnelPair's replacedWith). */
export function customerGatewaysOf(side: AwsSide): awsEc2.CustomerGateway[] {
  return customerGateways.get(side) ?? [];
}

/**
 * The AWS half: VPC, subnets, a route table for them, a virtual private gateway (or a transit
 * gateway) and one customer gateway per Azure public IP.
 */
export class AwsSide extends pulumi.ComponentResource {
  /** The VPC's id. */
  public readonly vpcId: pulumi.Output<string>;
  /** The VPC's IPv4 CIDR. */
  public readonly vpcCidr: pulumi.Output<string>;
  /** Each workload subnet's id, in the order given. */
  public readonly subnetIds: pulumi.Output<string>[];
  /** The workload route table's id. */
  public readonly routeTableIds: pulumi.Output<string>[];
  /** The virtual private gateway or transit gateway id. */
  public readonly gatewayId: pulumi.Output<string>;
  /** Each customer gateway's id, in Azure instance order (TunnelPair's customerGatewayId). */
  public readonly customerGatewayIds: pulumi.Output<string>[];
  /** Virtual private gateway id (vgw mode). */
  public readonly vpnGatewayId?: pulumi.Output<string>;
  /** Transit gateway id (tgw mode). */
  public readonly transitGatewayId?: pulumi.Output<string>;
  /** The transit gateway route table the VPC and VPN attachments associate with and propagate to (tgw mode). */
  public readonly transitGatewayRouteTableId?: pulumi.Output<string>;
  /** The Amazon-side ASN (an existing gateway's as read): the Azure local network gateways' peer ASN. */
  public readonly asn: pulumi.Output<number>;

  /** `existingGatewayAsn`: the existing gateway's ASN as `Vpn` already read and checked it (readExistingAwsGateway); else this side reads it. */
  constructor(name: string, args: AwsSideArgs, opts?: pulumi.ComponentResourceOptions, existingGatewayAsn?: pulumi.Output<number>) {
    super(TYPES.awsSide, name, {}, opts);
    const parent = { parent: this };
    const gatewayOptions = { parent: this, protect: (args.protectedResources ?? []).includes(GuardedResource.AwsGateway) };
    const tags = (resourceName: string): Record<string, string> => awsTags(args.tags, resourceName);
    const amazonSideAsn = args.amazonSideAsn ?? DEFAULT_AMAZON_SIDE_ASN;

    // An existing VPC is referenced by id, never declared: nothing here can change or delete it.
    let vpcId: pulumi.Input<string>;
    let subnetIds: pulumi.Input<string>[];
    let routeTableIds: pulumi.Input<string>[];
    let subnets: awsEc2.Subnet[] = [];
    if (args.existingVpcId !== undefined) {
      vpcId = args.existingVpcId;
      subnetIds = args.existingSubnetIds ?? [];
      routeTableIds = args.existingRouteTableIds ?? [];
      this.vpcCidr = pulumi.output(args.vpcCidr);
    } else {
      const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
        region: args.awsRegion,
        cidrBlock: args.vpcCidr,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: tags(args.vpcName),
      }, { parent: this, protect: (args.protectedResources ?? []).includes(GuardedResource.Vpc) });

      subnets = args.subnets.map((subnet) =>
        new aws.ec2.Subnet(`${name}-subnet-${subnet.name}`, {
          region: args.awsRegion,
          vpcId: vpc.id,
          cidrBlock: subnet.cidr,
          availabilityZone: subnet.availabilityZone,
          tags: tags(subnet.name),
        }, {
          parent: this,
          // A zone change replaces the subnet with the same CIDR, and AWS refuses a second subnet
          // overlapping one that still exists (InvalidSubnet.Conflict): the old one goes first,
          // with the instance and route table association in it (their subnetId forces a
          // replacement). docs/constraints.md, "Update model: findings checked after the merge".
          deleteBeforeReplace: true,
        }),
      );

      const routeTable = new aws.ec2.RouteTable(`${name}-rt`, {
        region: args.awsRegion,
        vpcId: vpc.id,
        tags: tags(`${args.vpcName}-workload`),
      }, parent);
      subnets.forEach((subnet, i) => {
        new aws.ec2.RouteTableAssociation(`${name}-rta-${args.subnets[i]!.name}`, {
          region: args.awsRegion,
          subnetId: subnet.id,
          routeTableId: routeTable.id,
        }, parent);
      });
      vpcId = vpc.id;
      subnetIds = subnets.map((s) => s.id);
      routeTableIds = [routeTable.id];
      this.vpcCidr = vpc.cidrBlock;
    }

    const gateways = args.customerGatewayIps.map((ip, i) =>
      new aws.ec2.CustomerGateway(`${name}-cgw-${i + 1}`, {
        region: args.awsRegion,
        type: "ipsec.1",
        ipAddress: ip,
        bgpAsn: pulumi.output(args.customerGatewayAsn).apply(String),
        tags: tags(`cgw-azure-${i + 1}`),
      }, {
        parent: this,
        protect: (args.protectedResources ?? []).includes(GuardedResource.CustomerGateways),
        // Create-before-delete (the default): AWS refuses to delete a customer gateway a VPN
        // connection uses, and the connection's customerGatewayId moves in place, so the new one
        // must exist first. A replacement always differs in IP or ASN, so AWS never hands back
        // the old one (docs/constraints.md, "Update model").
      }),
    );
    customerGateways.set(this, gateways);
    this.customerGatewayIds = gateways.map((cgw) => cgw.id);
    // Each route table of the VPC to the gateway: one route per Azure prefix, named as before for the first.
    const routeEach = (target: RouteTarget, opts: pulumi.CustomResourceOptions): void => {
      routeTableIds.forEach((routeTableId, k) => routesTo(k === 0 ? name : `${name}-rt${k + 1}`, routeTableId, args.azurePrefixes, target, args.awsRegion, opts));
    };

    if (args.attachment === "vgw") {
      let vgwId: pulumi.Output<string>;
      let dependsOn: pulumi.Resource[] = [];
      if (args.existingVpnGatewayId !== undefined) {
        const existingId = args.existingVpnGatewayId;
        const asn = existingGatewayAsn ?? readExistingAwsGateway(args, this)!;
        // The id is handed on only once the gateway passed its checks: what uses it waits for them.
        vgwId = asn.apply(() => existingId);
        this.asn = asn;
      } else {
        const vgw = new aws.ec2.VpnGateway(`${name}-vgw`, {
          region: args.awsRegion,
          amazonSideAsn: String(amazonSideAsn),
          tags: tags(`vgw-${args.vpcName}`),
        }, gatewayOptions);
        const attachment = new aws.ec2.VpnGatewayAttachment(`${name}-vgw-attachment`, {
          region: args.awsRegion,
          vpcId,
          vpnGatewayId: vgw.id,
          // A VPC takes one virtual private gateway at a time: a replaced gateway (awsAsn) must
          // detach the old one before the new one attaches.
        }, { ...parent, deleteBeforeReplace: true });
        vgwId = vgw.id;
        dependsOn = [attachment];
        this.asn = pulumi.output(amazonSideAsn);
      }
      if (args.routing === "static") {
        routeEach({ gatewayId: vgwId }, { ...parent, dependsOn });
      } else {
        routeTableIds.forEach((routeTableId, k) => {
          new aws.ec2.VpnGatewayRoutePropagation(k === 0 ? `${name}-propagation` : `${name}-rt${k + 1}-propagation`, {
            region: args.awsRegion,
            vpnGatewayId: vgwId,
            routeTableId,
          }, { ...parent, dependsOn });
        });
      }
      this.vpnGatewayId = vgwId;
      this.gatewayId = vgwId;
    } else {
      let tgwId: pulumi.Output<string>;
      let tgwRouteTableId: pulumi.Output<string>;
      if (args.existingTransitGatewayId !== undefined) {
        const existingId = args.existingTransitGatewayId;
        const routeTableId = args.existingTransitGatewayRouteTableId ?? "";
        const asn = existingGatewayAsn ?? readExistingAwsGateway(args, this)!;
        tgwId = asn.apply(() => existingId);
        tgwRouteTableId = asn.apply(() => routeTableId);
        this.asn = asn;
      } else {
        const tgw = new aws.ec2transitgateway.TransitGateway(`${name}-tgw`, {
          region: args.awsRegion,
          amazonSideAsn,
          vpnEcmpSupport: "enable",
          // Explicit route table below, so every attachment's association is visible in code.
          defaultRouteTableAssociation: "disable",
          defaultRouteTablePropagation: "disable",
          description: `Transit gateway for ${args.vpcName} <-> Azure`,
          tags: tags(`tgw-${args.vpcName}`),
        }, gatewayOptions);
        const tgwRouteTable = new aws.ec2transitgateway.RouteTable(`${name}-tgw-rt`, {
          region: args.awsRegion,
          transitGatewayId: tgw.id,
          tags: tags(`tgw-rt-${args.vpcName}`),
        }, parent);
        tgwId = tgw.id;
        tgwRouteTableId = tgwRouteTable.id;
        this.asn = pulumi.output(amazonSideAsn);
      }
      let dependsOn: pulumi.Resource[] = [];
      if (args.existingVpcId === undefined || subnetIds.length > 0) {
        const vpcAttachment = new aws.ec2transitgateway.VpcAttachment(`${name}-tgw-vpc-attachment`, {
          region: args.awsRegion,
          transitGatewayId: tgwId,
          vpcId,
          subnetIds,
          transitGatewayDefaultRouteTableAssociation: false,
          transitGatewayDefaultRouteTablePropagation: false,
          tags: tags(`tgw-attach-${args.vpcName}`),
        }, {
          parent: this,
          // AWS refuses to delete a subnet holding the attachment's network interface, and
          // subnetIds changes in place: a replaced subnet takes the attachment with it.
          replaceWith: subnets,
        });
        associateAndPropagate(`${name}-tgw-vpc`, vpcAttachment.id, tgwRouteTableId, args.awsRegion, this);
        dependsOn = [vpcAttachment];
      }
      // A VPC route table cannot learn from a transit gateway: route the Azure prefixes to it.
      routeEach({ transitGatewayId: tgwId }, { ...parent, dependsOn });
      this.transitGatewayId = tgwId;
      this.transitGatewayRouteTableId = tgwRouteTableId;
      this.gatewayId = tgwId;
    }

    this.vpcId = pulumi.output(vpcId);
    this.subnetIds = subnetIds.map((id) => pulumi.output(id));
    this.routeTableIds = routeTableIds.map((id) => pulumi.output(id));

    this.registerOutputs({
      vpcId: this.vpcId,
      vpcCidr: this.vpcCidr,
      gatewayId: this.gatewayId,
      routeTableIds: this.routeTableIds,
      customerGatewayIds: this.customerGatewayIds,
    });
  }
}

/**
 * The existing virtual private or transit gateway (by the args' attachment) as the AWS lookup
 * returns it at deploy: its ASN once it passed every check (infra/hub.ts); else the deployment
 * fails with every problem and its fix. None when the side creates its gateway.
 */
export function readExistingAwsGateway(
  args: Pick<AwsSideArgs, "awsRegion" | "attachment" | "existingVpcId" | "existingVpnGatewayId" | "existingTransitGatewayId" | "existingTransitGatewayRouteTableId">,
  parent: pulumi.Resource,
): pulumi.Output<number> | undefined {
  if (args.attachment === "vgw" && args.existingVpnGatewayId !== undefined) {
    const id = args.existingVpnGatewayId;
    return aws.ec2.getVpnGatewayOutput({ id, region: args.awsRegion }, { parent })
      .apply((gateway) => checkedAsn(awsGatewayProblems(gateway, { kind: "vgw", id, vpcId: args.existingVpcId, ecmpExpected: false }), "existingAws.vpnGatewayId", id));
  }
  if (args.attachment === "tgw" && args.existingTransitGatewayId !== undefined) {
    const id = args.existingTransitGatewayId;
    const transitGatewayRouteTableId = args.existingTransitGatewayRouteTableId ?? "";
    return aws.ec2transitgateway.getTransitGatewayOutput({ id, region: args.awsRegion }, { parent })
      .apply((gateway) => checkedAsn(awsGatewayProblems(gateway, { kind: "tgw", id, transitGatewayRouteTableId, ecmpExpected: true }), "existingAws.transitGatewayId", id));
  }
  return undefined;
}

/** An existing gateway's ASN once it passed every check; else the deployment fails with every problem and its fix. */
function checkedAsn(result: { problems: string[]; asn?: number }, setting: string, id: string): number {
  if (result.asn === undefined) {
    throw new Error(`The existing AWS gateway ${id} cannot serve these tunnels; nothing that uses it was created:\n${result.problems.map((p) => `  - ${setting} ${p}`).join("\n")}`);
  }
  return result.asn;
}
