import * as pulumi from "@pulumi/pulumi";
import * as awsEc2 from "@pulumi/aws/ec2";
import * as awsEc2transitgateway from "@pulumi/aws/ec2transitgateway";
import { awsSpokeRouteTableNames, type AwsSpokeConfig } from "../spokes";
import { associateAndPropagate, routesTo } from "./awsRouting";
import { awsTags } from "../tags";
import { TYPES } from "../types";

// Provider submodules, not the packages' roots (see awsSide.ts).
const aws = { ec2: awsEc2, ec2transitgateway: awsEc2transitgateway };

export interface AwsSpokesArgs {
  /** AWS region of every AWS resource this component creates, e.g. us-east-1 (default: the aws provider's region). */
  awsRegion?: pulumi.Input<string>;
  /** The spoke VPCs (plain: they decide the resources). */
  spokes: AwsSpokeConfig[];
  /** The hub's transit gateway. */
  transitGatewayId: pulumi.Input<string>;
  /** The transit gateway route table the VPN attachments use: each spoke associates and propagates there. */
  transitGatewayRouteTableId: pulumi.Input<string>;
  /** Azure prefixes (hub VNet and Azure spokes) each spoke routes to the transit gateway (plain). */
  azurePrefixes: string[];
  /** Tags on every taggable resource this component creates, with managed-by and each one's Name (plain). */
  tags?: Record<string, string>;
}

/**
 * AWS spoke VPCs on the hub's transit gateway: created VPCs (VPC, subnets, a route table) or
 * existing ones by id; each attached, associated with and propagating into the transit gateway
 * route table (so the VPN attachments advertise its CIDR to Azure over BGP), and its route tables
 * sending every Azure prefix to the transit gateway.
 */
export class AwsSpokes extends pulumi.ComponentResource {
  /** Transit gateway attachment id per spoke, in spoke order. */
  public readonly attachmentIds: pulumi.Output<string>[];

  constructor(name: string, args: AwsSpokesArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPES.awsSpokes, name, {}, opts);
    const parent = { parent: this };
    const tags = (resourceName: string): Record<string, string> => awsTags(args.tags, resourceName);

    this.attachmentIds = args.spokes.map((spoke) => {
      const n = `${name}-${spoke.name}`;
      let vpcId: pulumi.Input<string>;
      let subnetIds: pulumi.Input<string>[];
      let routeTableIds: pulumi.Input<string>[];
      if (spoke.vpcId === undefined) {
        const vpc = new aws.ec2.Vpc(`${n}-vpc`, { region: args.awsRegion, cidrBlock: spoke.cidr, enableDnsSupport: true, enableDnsHostnames: true, tags: tags(spoke.name) }, parent);
        const subnets = (spoke.subnets ?? []).map((subnet) =>
          new aws.ec2.Subnet(`${n}-subnet-${subnet.name}`, { region: args.awsRegion, vpcId: vpc.id, cidrBlock: subnet.cidr, availabilityZone: subnet.availabilityZone, tags: tags(subnet.name) }, parent),
        );
        const routeTable = new aws.ec2.RouteTable(`${n}-rt`, { region: args.awsRegion, vpcId: vpc.id, tags: tags(`${spoke.name}-workload`) }, parent);
        subnets.forEach((subnet, i) => {
          new aws.ec2.RouteTableAssociation(`${n}-rta-${spoke.subnets![i]!.name}`, { region: args.awsRegion, subnetId: subnet.id, routeTableId: routeTable.id }, parent);
        });
        vpcId = vpc.id;
        subnetIds = subnets.map((s) => s.id);
        routeTableIds = [routeTable.id];
      } else {
        vpcId = spoke.vpcId;
        subnetIds = spoke.subnetIds ?? [];
        routeTableIds = spoke.routeTableIds ?? [];
      }
      const attachment = new aws.ec2transitgateway.VpcAttachment(`${n}-tgw-attachment`, {
        region: args.awsRegion,
        transitGatewayId: args.transitGatewayId,
        vpcId,
        subnetIds,
        transitGatewayDefaultRouteTableAssociation: false,
        transitGatewayDefaultRouteTablePropagation: false,
        tags: tags(`tgw-attach-${spoke.name}`),
      }, parent);
      associateAndPropagate(`${n}-tgw`, attachment.id, args.transitGatewayRouteTableId, args.awsRegion, this);
      // A VPC route table cannot learn from a transit gateway: route every Azure prefix to it.
      const routeTableNames = awsSpokeRouteTableNames(spoke);
      routeTableIds.forEach((routeTableId, k) => {
        routesTo(`${name}-${routeTableNames[k]!}`, routeTableId, args.azurePrefixes, { transitGatewayId: args.transitGatewayId }, args.awsRegion, { ...parent, dependsOn: [attachment] });
      });
      return attachment.id;
    });

    this.registerOutputs({ attachmentIds: this.attachmentIds });
  }
}
