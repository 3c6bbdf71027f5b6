/**
 * Existing hub rules: each existing id of its form, the combinations the clouds allow, the
 * settings an existing part decides (refused when also set), and what a created part needs.
 * What the existing gateways themselves decide is checked at deploy on what the lookups return
 * (infra/hub.ts). Also the team's tags (infra/tags.ts).
 */
import { argKey } from "../configSchema";
import { AWS_GATEWAY_DECIDES, GATEWAY_DECIDES, VNET_DECIDES, VPC_DECIDES } from "../hub";
import { NAME_RULES, nameProblem } from "../nameRules";
import { awsIdProblem, azureIdRule, parseAzureId } from "../resourceIds";
import { tagProblems } from "../tags";
import { ruleGroup, type Report } from "./group";

/** Each of `settings` the stack sets, though the existing part `by` decides it: refused, with the fix. */
function refuseDecided(settings: readonly string[], by: string, written: Readonly<Record<string, unknown>>, error: Report): void {
  for (const setting of settings) {
    if (written[setting] !== undefined) error(argKey(setting), written[setting], `is decided by the existing ${by} (read at deploy, never changed): remove ${setting}`);
  }
}

export const existingAzure = ruleGroup({
  name: "existingAzure",
  needs: ["existingAzure"],
  orDefault: ["testVms"],
  check(c, { error, written }) {
    const e = c.existingAzure;
    const key = (field: string): string => argKey(`existingAzure.${field}`);
    if (e.resourceGroupName !== undefined) {
      const problem = nameProblem(e.resourceGroupName, NAME_RULES.resourceGroup);
      if (problem) error(key("resourceGroupName"), e.resourceGroupName, problem);
    }
    const vnet = e.vnetId === undefined ? undefined : parseAzureId(e.vnetId, "virtualNetworks");
    if (e.vnetId !== undefined && vnet === undefined) error(key("vnetId"), e.vnetId, azureIdRule("virtualNetworks"));
    const gateway = e.gatewayId === undefined ? undefined : parseAzureId(e.gatewayId, "virtualNetworkGateways");
    if (e.gatewayId !== undefined && gateway === undefined) error(key("gatewayId"), e.gatewayId, azureIdRule("virtualNetworkGateways"));
    if (e.gatewayId !== undefined && e.vnetId === undefined) {
      error(key("gatewayId"), e.gatewayId, "needs existingAzure.vnetId, the VNet the gateway is in: a gateway belongs to its VNet's GatewaySubnet, and spokes and test hosts are that VNet's");
    }
    if (vnet && gateway && vnet.subscriptionId.toLowerCase() !== gateway.subscriptionId.toLowerCase()) {
      error(key("gatewayId"), e.gatewayId, `is in subscription ${gateway.subscriptionId}, but existingAzure.vnetId is in ${vnet.subscriptionId}: a gateway is in its VNet's subscription`);
    }
    const any = e.resourceGroupName !== undefined || e.vnetId !== undefined || e.gatewayId !== undefined;
    if (any && written["resourceGroupName"] !== undefined) {
      error(argKey("resourceGroupName"), written["resourceGroupName"], "names the resource group the program creates, but with existingAzure the program's Azure resources go in the existing one (existingAzure.resourceGroupName, else the gateway's or VNet's): remove resourceGroupName");
    }
    const decided = (settings: readonly string[], by: string): void => refuseDecided(settings, by, written, error);
    if (e.vnetId !== undefined) {
      decided(VNET_DECIDES, `VNet (existingAzure.vnetId)`);
      if (c.testVms) error(argKey("testVms"), true, "needs a subnet the program creates, and the program creates none in an existing VNet (existingAzure.vnetId): set testVms false, or test from a host of your own");
    } else {
      for (const setting of ["azureSubnets", "gatewaySubnetCidr"] as const) {
        if (written[setting] === undefined) error(argKey(setting), undefined, "is required (the program creates the VNet; or give existingAzure.vnetId)");
      }
    }
    if (e.gatewayId !== undefined) decided(GATEWAY_DECIDES, "gateway (existingAzure.gatewayId)");
  },
});

export const existingAws = ruleGroup({
  name: "existingAws",
  needs: ["existingAws"],
  orDefault: ["awsAttachment", "testVms"],
  check(c, { error, written }) {
    const e = c.existingAws;
    const key = (field: string): string => argKey(`existingAws.${field}`);
    const id = (field: string, value: string | undefined, kind: Parameters<typeof awsIdProblem>[1]): void => {
      const problem = value === undefined ? undefined : awsIdProblem(value, kind);
      if (problem) error(key(field), value, problem);
    };
    id("vpcId", e.vpcId, "vpc");
    id("vpnGatewayId", e.vpnGatewayId, "vpnGateway");
    id("transitGatewayId", e.transitGatewayId, "transitGateway");
    id("transitGatewayRouteTableId", e.transitGatewayRouteTableId, "transitGatewayRouteTable");
    (e.subnetIds ?? []).forEach((subnetId, i) => id(`subnetIds[${i}]`, subnetId, "subnet"));
    (e.routeTableIds ?? []).forEach((routeTableId, i) => id(`routeTableIds[${i}]`, routeTableId, "routeTable"));
    const decided = (settings: readonly string[], by: string): void => refuseDecided(settings, by, written, error);

    if (e.vpcId !== undefined) {
      decided(VPC_DECIDES, "VPC (existingAws.vpcId)");
      if ((e.routeTableIds ?? []).length === 0) error(key("routeTableIds"), e.routeTableIds, "is required with existingAws.vpcId: the route tables of the existing VPC that route the Azure prefixes to the gateway");
      if (c.testVms) error(argKey("testVms"), true, "adds an internet gateway and a default route to the VPC, which the program does not do to an existing VPC (existingAws.vpcId): set testVms false, or test from a host of your own");
      if (e.subnetIds !== undefined && c.awsAttachment !== "tgw") error(key("subnetIds"), e.subnetIds, "is only for a transit gateway (awsAttachment tgw): the subnets its VPC attachment uses");
      if (e.subnetIds !== undefined && e.subnetIds.length === 0) error(key("subnetIds"), e.subnetIds, "must list one subnet per availability zone the attachment serves, or be left out when the VPC is already attached");
      if (c.awsAttachment === "tgw" && e.transitGatewayId === undefined && e.subnetIds === undefined) {
        error(key("subnetIds"), undefined, "is required with existingAws.vpcId and a transit gateway the program creates: the subnets (one per availability zone) its VPC attachment uses");
      }
    } else {
      if (written["awsSubnets"] === undefined) error(argKey("awsSubnets"), undefined, "is required (the program creates the VPC; or give existingAws.vpcId)");
      if (e.routeTableIds !== undefined) error(key("routeTableIds"), e.routeTableIds, "is only for an existing VPC (existingAws.vpcId); a created VPC gets its own route table");
      if (e.subnetIds !== undefined) error(key("subnetIds"), e.subnetIds, "is only for an existing VPC (existingAws.vpcId); a created VPC gets its own subnets (awsSubnets)");
    }
    if (e.vpnGatewayId !== undefined) {
      if (c.awsAttachment !== "vgw") error(key("vpnGatewayId"), e.vpnGatewayId, `is a virtual private gateway, but awsAttachment is ${c.awsAttachment}: set awsAttachment vgw`);
      if (e.vpcId === undefined) error(key("vpnGatewayId"), e.vpnGatewayId, "needs existingAws.vpcId, the VPC it is attached to: the program does not move an existing gateway to a VPC it creates");
      decided(AWS_GATEWAY_DECIDES, "virtual private gateway (existingAws.vpnGatewayId)");
    }
    if (e.transitGatewayId !== undefined) {
      if (c.awsAttachment !== "tgw") error(key("transitGatewayId"), e.transitGatewayId, `is a transit gateway, but awsAttachment is ${c.awsAttachment}: set awsAttachment tgw`);
      if (e.transitGatewayRouteTableId === undefined) error(key("transitGatewayRouteTableId"), undefined, "is required with existingAws.transitGatewayId: the route table the VPN attachments associate with and propagate to");
      decided(AWS_GATEWAY_DECIDES, "transit gateway (existingAws.transitGatewayId)");
    } else if (e.transitGatewayRouteTableId !== undefined) {
      error(key("transitGatewayRouteTableId"), e.transitGatewayRouteTableId, "is only for an existing transit gateway (existingAws.transitGatewayId); a created one gets its own route table");
    }
  },
});

export const tags = ruleGroup({
  name: "tags",
  needs: ["tags"],
  check(c, { error }) {
    for (const [path, value, rule] of tagProblems(c.tags)) error(argKey(`tags${path}`), value, rule);
  },
});
