/**
 * An existing hub: the example estates plan with only the tunnels' resources and routes created and
 * nothing existing declared; each refusal names the setting and the fix; and the team's tags are
 * on every taggable resource of every committed stack and estate.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import * as awsCloudwatch from "@pulumi/aws/cloudwatch";
import * as awsEc2 from "@pulumi/aws/ec2";
import * as awsEc2transitgateway from "@pulumi/aws/ec2transitgateway";
import * as awsSns from "@pulumi/aws/sns";
import * as awsVpc from "@pulumi/aws/vpc";
import * as azureCompute from "@pulumi/azure-native/compute";
import * as azureMonitor from "@pulumi/azure-native/monitor";
import * as azureNetwork from "@pulumi/azure-native/network";
import * as azureInsights from "@pulumi/azure-native/operationalinsights";
import * as azureResources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";
import { validateConfig, type RawConfig } from "../../infra/config";
import { TYPES, type TypeName } from "../../infra/types";
import { MANAGED_BY } from "../../infra/tags";
import { DEFAULT_PRICES_FILE, loadPriceTable } from "../../offline/cost";
import { buildPlanReport, renderText } from "../../offline/report";
import { REPO_ROOT, evaluateStack, readStackConfig, withConfig, type Evaluation } from "../helpers";

const ESTATES = path.join(REPO_ROOT, "examples", "estates");
const estate = (name: string): Promise<Evaluation> => evaluateStack({ stack: name, root: ESTATES });

/** Whether a resource's args take tags, from the providers' typings: a wrong entry is a type error. */
type TakesTags<Args> = "tags" extends keyof Args ? true : false;
function tagged<Args>(takes: TakesTags<Args>): boolean {
  return takes;
}

/** Every type the program registers: does it take tags? Components and providers take none. */
const TAGGABLE: Readonly<Record<TypeName, boolean>> = {
  vpn: false, azureSide: false, awsSide: false, tunnelPair: false, testHosts: false, awsTunnelLogs: false,
  awsMonitoring: false, azureMonitoring: false, awsSpokes: false, azureSpokes: false, azureProvider: false,
  resourceGroup: tagged<azureResources.ResourceGroupArgs>(true),
  vnet: tagged<azureNetwork.VirtualNetworkArgs>(true),
  subnet: tagged<azureNetwork.SubnetArgs>(false),
  publicIp: tagged<azureNetwork.PublicIPAddressArgs>(true),
  gateway: tagged<azureNetwork.VirtualNetworkGatewayArgs>(true),
  lng: tagged<azureNetwork.LocalNetworkGatewayArgs>(true),
  connection: tagged<azureNetwork.VirtualNetworkGatewayConnectionArgs>(true),
  nsg: tagged<azureNetwork.NetworkSecurityGroupArgs>(true),
  securityRule: tagged<azureNetwork.SecurityRuleArgs>(false),
  nic: tagged<azureNetwork.NetworkInterfaceArgs>(true),
  vm: tagged<azureCompute.VirtualMachineArgs>(true),
  vnetPeering: tagged<azureNetwork.VirtualNetworkPeeringArgs>(false),
  workspace: tagged<azureInsights.WorkspaceArgs>(true),
  diagnosticSetting: tagged<azureMonitor.DiagnosticSettingArgs>(false),
  actionGroup: tagged<azureMonitor.ActionGroupArgs>(true),
  metricAlert: tagged<azureMonitor.MetricAlertArgs>(true),
  vpc: tagged<awsEc2.VpcArgs>(true),
  awsSubnet: tagged<awsEc2.SubnetArgs>(true),
  routeTable: tagged<awsEc2.RouteTableArgs>(true),
  routeTableAssociation: tagged<awsEc2.RouteTableAssociationArgs>(false),
  route: tagged<awsEc2.RouteArgs>(false),
  customerGateway: tagged<awsEc2.CustomerGatewayArgs>(true),
  vpnGateway: tagged<awsEc2.VpnGatewayArgs>(true),
  vpnGatewayAttachment: tagged<awsEc2.VpnGatewayAttachmentArgs>(false),
  vpnGatewayRoutePropagation: tagged<awsEc2.VpnGatewayRoutePropagationArgs>(false),
  vpnConnection: tagged<awsEc2.VpnConnectionArgs>(true),
  vpnConnectionRoute: tagged<awsEc2.VpnConnectionRouteArgs>(false),
  transitGateway: tagged<awsEc2transitgateway.TransitGatewayArgs>(true),
  tgwRouteTable: tagged<awsEc2transitgateway.RouteTableArgs>(true),
  tgwVpcAttachment: tagged<awsEc2transitgateway.VpcAttachmentArgs>(true),
  tgwAssociation: tagged<awsEc2transitgateway.RouteTableAssociationArgs>(false),
  tgwPropagation: tagged<awsEc2transitgateway.RouteTablePropagationArgs>(false),
  internetGateway: tagged<awsEc2.InternetGatewayArgs>(true),
  securityGroup: tagged<awsEc2.SecurityGroupArgs>(true),
  securityGroupRule: tagged<awsEc2.SecurityGroupRuleArgs>(false),
  securityGroupIngressRule: tagged<awsVpc.SecurityGroupIngressRuleArgs>(true),
  keyPair: tagged<awsEc2.KeyPairArgs>(true),
  instance: tagged<awsEc2.InstanceArgs>(true),
  logGroup: tagged<awsCloudwatch.LogGroupArgs>(true),
  metricAlarm: tagged<awsCloudwatch.MetricAlarmArgs>(true),
  topic: tagged<awsSns.TopicArgs>(true),
  topicSubscription: tagged<awsSns.TopicSubscriptionArgs>(false),
  password: tagged<random.RandomPasswordArgs>(false),
};
const TAGGABLE_TOKENS = new Map(Object.entries(TAGGABLE).map(([name, taggable]) => [TYPES[name as TypeName] as string, taggable]));

const TEAM = { team: "network", "cost-center": "cc-1234" };

/** Each taggable resource without the team's tags and managed-by, as `type name: what is missing`. */
function untagged(e: Evaluation, expected: Readonly<Record<string, string>>): string[] {
  return e.resources.flatMap((r) => {
    const taggable = TAGGABLE_TOKENS.get(r.type);
    assert.notEqual(taggable, undefined, `${r.type} is in the TAGGABLE table`);
    if (!taggable) return [];
    const tags = (r.inputs["tags"] ?? {}) as Record<string, unknown>;
    const missing = Object.entries({ ...expected, ...MANAGED_BY }).filter(([k, v]) => tags[k] !== v).map(([k]) => k);
    return missing.length > 0 ? [`${r.type} ${r.name}: ${missing.join(", ")}`] : [];
  });
}

describe("tags", () => {
  for (const stack of ["dev", "prod", "scale"]) {
    it(`are on every taggable resource of ${stack}, with the monitoring on`, async () => {
      const raw = withConfig(readStackConfig(stack), { tags: TEAM, monitoring: { enabled: true, email: "ops@example.com" } });
      const e = await evaluateStack({ stack, raw });
      assert.equal(e.error, undefined, e.error?.message);
      assert.ok(e.resources.filter((r) => TAGGABLE_TOKENS.get(r.type)).length > 10);
      assert.deepEqual(untagged(e, TEAM), []);
    });
  }

  for (const name of ["both", "azure-hub", "aws-tgw"]) {
    it(`are on every taggable resource of the ${name} estate`, async () => {
      const e = await estate(name);
      assert.equal(e.error, undefined, e.error?.message);
      assert.deepEqual(untagged(e, readStackConfig(name, ESTATES)["azure-aws-vpn:tags"] as Record<string, string>), []);
    });
  }

  it("refuses what either cloud refuses, naming the tag and the rule", () => {
    const raw = withConfig(readStackConfig("dev"), {
      tags: { "aws:owner": "x", Name: "mine", "a/b": "x", Team: "a", team: "b", long: "v".repeat(257), "bad<": "x" },
    });
    const result = validateConfig(raw, "dev");
    assert.equal(result.ok, false);
    const issues = result.ok ? [] : result.errors.map((i) => `${i.key}: ${i.rule}`);
    const expect = (key: string, rule: RegExp): void => assert.ok(issues.some((i) => i.startsWith(`azure-aws-vpn:tags.${key}:`) && rule.test(i)), `${key} ${rule}: ${issues.join("\n")}`);
    expect("aws:owner", /aws: \(in any case\)/);
    expect("Name", /a tag the program sets itself/);
    expect("a/b", /Azure refuses them/);
    expect("team", /in another case/);
    expect("long", /at most 256/);
    expect("bad<", /cannot contain/);
    const many = withConfig(readStackConfig("dev"), { tags: Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`k${i}`, "v"])) });
    const tooMany = validateConfig(many, "dev");
    assert.ok(!tooMany.ok && tooMany.errors.some((i) => i.key === "azure-aws-vpn:tags" && /more than 48 tags/.test(i.rule)));
  });
});

describe("an existing hub", () => {
  it("both hubs existing: only the tunnels' resources and the routes to Azure are created, nothing existing is declared", async () => {
    const e = await estate("both");
    assert.equal(e.error, undefined, e.error?.message);
    const created = new Set(e.resources.filter((r) => r.custom).map((r) => r.type));
    assert.deepEqual([...created].sort(), [TYPES.lng, TYPES.connection, TYPES.customerGateway, TYPES.route, TYPES.vpnConnection, TYPES.tgwAssociation, TYPES.tgwPropagation, TYPES.password].sort());
    const raw = readStackConfig("both", ESTATES);
    const existing = [...Object.values(raw["azure-aws-vpn:existingAzure"] as Record<string, string>), ...Object.values(raw["azure-aws-vpn:existingAws"] as Record<string, string | string[]>).flat()];
    for (const r of e.resources) assert.ok(r.id === undefined || !existing.includes(r.id), `${r.type} ${r.name} is declared with an existing id`);
    // What the gateways decide comes from them: the placeholder lookups' values, not the stack's defaults.
    const cgw = e.resources.filter((r) => r.type === TYPES.customerGateway);
    assert.deepEqual(cgw.map((r) => [r.inputs["ipAddress"], r.inputs["bgpAsn"]]), [["192.0.2.10", "65515"], ["192.0.2.11", "65515"]]);
    const connections = e.resources.filter((r) => r.type === TYPES.vpnConnection);
    assert.ok(connections.every((r) => r.inputs["transitGatewayId"] === "tgw-0a1b2c3d4e5f60718"));
    const lngAsns = e.resources.filter((r) => r.type === TYPES.lng).map((r) => (r.inputs["bgpSettings"] as Record<string, unknown>)["asn"]);
    assert.deepEqual(new Set(lngAsns), new Set([64512]));
  });

  it("the README's plan of the 'both' estate is the plan's own text", async () => {
    const readme = readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const block = /Its first lines:\n\n```\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(block, "README shows the plan of an estate");
    const plan = renderText(buildPlanReport(await estate("both"), { prices: loadPriceTable(DEFAULT_PRICES_FILE), trafficGbPerMonth: 0 }));
    for (const line of block.split("\n").filter((l) => l.trim() !== "" && l.trim() !== "...")) assert.ok(plan.includes(line), `not in the plan: ${line}`);
  });

  it("an existing gateway read at deploy that cannot serve fails the deployment with the fix, before anything is created", async () => {
    // azure-hub: the VPC, its subnet, route table and gateway are the program's, and wait too.
    for (const name of ["both", "azure-hub"]) {
      const raw = withConfig(readStackConfig(name, ESTATES), { "azure-native:subscriptionId": "99999999-9999-9999-9999-999999999999" });
      const e = await evaluateStack({ stack: name, root: ESTATES, raw });
      assert.match(e.error?.message ?? "", /existingAzure\.gatewayId is in subscription 11111111-2222-3333-4444-555555555555, but the stack deploys to 99999999-9999-9999-9999-999999999999: .*deploy the stack to that subscription/);
      assert.deepEqual(e.resources.filter((r) => r.custom).map((r) => `${r.type} ${r.name}`), [], `${name}: every resource waits for the gateway's checks`);
    }
  });

  const VNET = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub";
  const combinations: [string, Record<string, unknown>, (e: Evaluation) => void][] = [
    ["an existing resource group: everything Azure goes in it, and no group is created", { existingAzure: { resourceGroupName: "rg-network" }, resourceGroupName: undefined }, (e) => {
      assert.deepEqual(e.resources.filter((r) => r.type === TYPES.resourceGroup), []);
      const azure = e.resources.filter((r) => r.custom && r.type.startsWith("azure-native:"));
      assert.ok(azure.length > 5 && azure.every((r) => r.inputs["resourceGroupName"] === "rg-network"), azure.map((r) => `${r.name}: ${String(r.inputs["resourceGroupName"])}`).join(", "));
    }],
    ["an existing VNet: the gateway is created in its GatewaySubnet, no VNet or subnet is", { existingAzure: { vnetId: VNET }, vnetName: undefined, azureSubnets: undefined, gatewaySubnetCidr: undefined, testVms: false, resourceGroupName: undefined }, (e) => {
      for (const type of [TYPES.resourceGroup, TYPES.vnet, TYPES.subnet]) assert.deepEqual(e.resources.filter((r) => r.type === type).map((r) => r.name), [], type);
      const gateway = e.resources.find((r) => r.type === TYPES.gateway);
      assert.equal(gateway?.inputs["resourceGroupName"], "rg-hub");
      assert.deepEqual((gateway?.inputs["ipConfigurations"] as { subnet: { id: string } }[]).map((c) => c.subnet.id), [`${VNET}/subnets/GatewaySubnet`]);
    }],
    ["an existing VPC and virtual private gateway: routes in its route tables to the gateway, no VPC or gateway created", { existingAws: { vpcId: "vpc-0123456789abcdef0", routeTableIds: ["rtb-0123456789abcdef0", "rtb-0123456789abcdef1"], vpnGatewayId: "vgw-0123456789abcdef0" }, awsSubnets: undefined, awsAsn: undefined, testVms: false }, (e) => {
      for (const type of [TYPES.vpc, TYPES.awsSubnet, TYPES.routeTable, TYPES.vpnGateway, TYPES.vpnGatewayAttachment]) assert.deepEqual(e.resources.filter((r) => r.type === type).map((r) => r.name), [], type);
      const routes = e.resources.filter((r) => r.type === TYPES.route).map((r) => [r.inputs["routeTableId"], r.inputs["gatewayId"]]);
      assert.deepEqual(routes, [["rtb-0123456789abcdef0", "vgw-0123456789abcdef0"], ["rtb-0123456789abcdef1", "vgw-0123456789abcdef0"]]);
      assert.ok(e.resources.filter((r) => r.type === TYPES.vpnConnection).every((r) => r.inputs["vpnGatewayId"] === "vgw-0123456789abcdef0"));
    }],
  ];
  for (const [what, change, check] of combinations) {
    it(`plans ${what}`, async () => {
      const e = await evaluateStack({ stack: "dev", raw: withConfig(readStackConfig("dev"), change) });
      assert.equal(e.error, undefined, e.error?.message);
      check(e);
    });
  }

  const refusals: [string, Record<string, unknown>, string, RegExp][] = [
    ["a gateway without its VNet", { existingAzure: { gatewayId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/gw" } }, "azure-aws-vpn:existingAzure.gatewayId", /needs existingAzure\.vnetId/],
    ["a malformed VNet id", { existingAzure: { vnetId: "vnet-hub" } }, "azure-aws-vpn:existingAzure.vnetId", /must be a virtual network resource id/],
    ["the gateway's own settings set too", { existingAzure: { vnetId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", gatewayId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/gw" } }, "azure-aws-vpn:gatewaySku", /decided by the existing gateway .*remove gatewaySku/],
    ["test hosts in an existing VNet", { existingAzure: { vnetId: "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v" } }, "azure-aws-vpn:testVms", /creates none in an existing VNet/],
    ["an existing VPC without route tables", { existingAws: { vpcId: "vpc-0123456789abcdef0" }, awsSubnets: undefined }, "azure-aws-vpn:existingAws.routeTableIds", /is required with existingAws\.vpcId/],
    ["a virtual private gateway with awsAttachment tgw", { awsAttachment: "tgw", routing: "bgp", activeActive: true, existingAws: { vpcId: "vpc-0123456789abcdef0", routeTableIds: ["rtb-0123456789abcdef0"], vpnGatewayId: "vgw-0123456789abcdef0" }, awsSubnets: undefined }, "azure-aws-vpn:existingAws.vpnGatewayId", /set awsAttachment vgw/],
    ["a transit gateway without its route table", { awsAttachment: "tgw", routing: "bgp", activeActive: true, existingAws: { transitGatewayId: "tgw-0123456789abcdef0" } }, "azure-aws-vpn:existingAws.transitGatewayRouteTableId", /is required with existingAws\.transitGatewayId/],
    ["no subnets and no existing VPC", { awsSubnets: undefined }, "azure-aws-vpn:awsSubnets", /is required \(the program creates the VPC; or give existingAws\.vpcId\)/],
  ];
  for (const [what, change, key, rule] of refusals) {
    it(`refuses ${what}, naming ${key} and the fix`, () => {
      const result = validateConfig(withConfig(readStackConfig("dev"), change) as RawConfig, "dev");
      assert.equal(result.ok, false);
      const issues = result.ok ? [] : result.errors;
      assert.ok(issues.some((i) => i.key === key && rule.test(i.rule)), issues.map((i) => `${i.key}: ${i.rule}`).join("\n"));
    });
  }
});
