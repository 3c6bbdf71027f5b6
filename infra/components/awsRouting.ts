// Routing pieces AwsSide, AwsSpokes and TunnelPair each declare: routes to a gateway, and a transit gateway attachment's association and propagation. Only wires resources.
import * as pulumi from "@pulumi/pulumi";
import * as awsEc2 from "@pulumi/aws/ec2";
import * as awsEc2transitgateway from "@pulumi/aws/ec2transitgateway";

// Provider submodules, not the packages' roots (see awsSide.ts).
const aws = { ec2: awsEc2, ec2transitgateway: awsEc2transitgateway };

/** Where a route sends its traffic: a virtual private (or internet) gateway, or a transit gateway. */
export type RouteTarget = { gatewayId: pulumi.Input<string> } | { transitGatewayId: pulumi.Input<string> };

/** A prefix as a resource-name part: 10.1.0.0/16 -> 10-1-0-0-16. */
export const prefixName = (prefix: string): string => prefix.replace(/[./]/g, "-");

/** One route per prefix in `routeTableId` to `target`, each named `<name>-route-<prefix>`. */
export function routesTo(
  name: string,
  routeTableId: pulumi.Input<string>,
  prefixes: readonly string[],
  target: RouteTarget,
  region: pulumi.Input<string> | undefined,
  opts: pulumi.CustomResourceOptions,
): void {
  for (const prefix of prefixes) {
    new aws.ec2.Route(`${name}-route-${prefixName(prefix)}`, {
      region,
      routeTableId,
      destinationCidrBlock: prefix,
      ...target,
    }, opts);
  }
}

/** A transit gateway attachment associated with a route table and propagating into it: `<name>-association`, `<name>-propagation`. */
export function associateAndPropagate(
  name: string,
  transitGatewayAttachmentId: pulumi.Input<string>,
  transitGatewayRouteTableId: pulumi.Input<string>,
  region: pulumi.Input<string> | undefined,
  parent: pulumi.Resource,
): void {
  new aws.ec2transitgateway.RouteTableAssociation(`${name}-association`, {
    region,
    transitGatewayAttachmentId,
    transitGatewayRouteTableId,
  }, { parent });
  new aws.ec2transitgateway.RouteTablePropagation(`${name}-propagation`, {
    region,
    transitGatewayAttachmentId,
    transitGatewayRouteTableId,
  }, { parent });
}
