/** What an existing gateway decides, checked on what the lookups return: each refusal with its fix. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { awsGatewayProblems, azureGatewayProblems, hubPlan, type AzureGatewayExpectation, type ReadAzureGateway } from "../../infra/hub";

const SUB = "11111111-2222-3333-4444-555555555555";
const GW = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworkGateways/vgw-hub`;
const VNET = `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
const expected: AzureGatewayExpectation = {
  gatewayId: GW,
  vnetId: VNET,
  azureLocation: "eastus",
  subscriptionId: SUB,
  activeActive: true,
  bgp: true,
  apipaByInstance: [["169.254.21.2", "169.254.22.2"], ["169.254.21.6", "169.254.22.6"]],
};
const configs = [1, 2].map((i) => ({ id: `${GW}/ipConfigurations/ip${i}`, name: `ip${i}`, publicIPAddress: { id: `pip-${i}` }, subnet: { id: `${VNET}/subnets/GatewaySubnet` } }));
const serving: ReadAzureGateway = {
  location: "eastus",
  gatewayType: "Vpn",
  vpnType: "RouteBased",
  sku: { name: "VpnGw2AZ" },
  activeActive: true,
  enableBgp: true,
  bgpSettings: { asn: 65010, bgpPeeringAddresses: configs.map((c, i) => ({ ipconfigurationId: c.id, customBgpIpAddresses: expected.apipaByInstance[i] })) },
  ipConfigurations: configs,
};
const problems = (read: ReadAzureGateway, exp: Partial<AzureGatewayExpectation> = {}): string[] => azureGatewayProblems(read, { ...expected, ...exp }).problems;

describe("an existing Azure VPN gateway", () => {
  it("that serves gives the tunnels its ASN, public IPs and IP configurations, in instance order", () => {
    assert.deepEqual(azureGatewayProblems(serving, expected), { problems: [], facts: { asn: 65010, publicIpIds: ["pip-1", "pip-2"], ipConfigurationIds: configs.map((c) => c.id) } });
  });
  it("policy-based or Basic is refused", () => {
    assert.match(problems({ ...serving, vpnType: "PolicyBased" }).join(), /needs a route-based gateway/);
    assert.match(problems({ ...serving, sku: { name: "Basic" } }).join(), /Basic SKU gateway/);
  });
  it("BGP off where the stack says bgp is refused with the az command that turns it on", () => {
    assert.match(problems({ ...serving, enableBgp: false }).join(), /has BGP off.*az network vnet-gateway update --resource-group rg-hub --name vgw-hub --enable-bgp true/);
  });
  it("active-standby where the stack says active-active (BGP) is refused, and the other way round", () => {
    assert.match(problems({ ...serving, activeActive: false, ipConfigurations: configs.slice(0, 1) }).join(), /is active-standby, but the stack says activeActive: true: set activeActive: false \(and routing: static/);
    assert.match(problems(serving, { activeActive: false, bgp: false, apipaByInstance: [] }).join(), /is active-active .* set activeActive: true/);
  });
  it("APIPA addresses the tunnels need and the gateway lacks: the exact az command and portal step that add them", () => {
    const lacking: ReadAzureGateway = { ...serving, bgpSettings: { asn: 65010, bgpPeeringAddresses: [{ ipconfigurationId: configs[0]!.id, customBgpIpAddresses: ["169.254.21.2"] }, { ipconfigurationId: configs[1]!.id, customBgpIpAddresses: expected.apipaByInstance[1] }] } };
    const found = problems(lacking);
    assert.equal(found.length, 1);
    assert.match(found[0]!, /instance 1 \(IP configuration ip1\) lacks the custom APIPA BGP address\(es\) 169\.254\.22\.2/);
    assert.ok(found[0]!.includes(`az network vnet-gateway update --resource-group rg-hub --name vgw-hub --set 'bgpSettings.bgpPeeringAddresses[0].customBgpIpAddresses=["169.254.21.2","169.254.22.2"]'`), found[0]);
    assert.match(found[0]!, /Custom Azure APIPA BGP IP address \(first\): 169\.254\.21\.2, 169\.254\.22\.2/);
  });
  it("another subscription, region or VNet is refused with the setting to change", () => {
    assert.match(problems(serving, { subscriptionId: "99999999-9999-9999-9999-999999999999" }).join(), /deploy the stack to that subscription/);
    assert.match(problems({ ...serving, location: "westeurope" }).join(), /set azure-native:location to westeurope/);
    assert.match(problems(serving, { vnetId: VNET.replace("vnet-hub", "vnet-other") }).join(), /give the gateway's own VNet/);
  });
  it("static routing needs no BGP, and the customer gateways still get the gateway's ASN", () => {
    const read = { ...serving, activeActive: false, enableBgp: false, ipConfigurations: configs.slice(0, 1) };
    assert.deepEqual(azureGatewayProblems(read, { ...expected, activeActive: false, bgp: false, apipaByInstance: [] }).facts?.asn, 65010);
  });
});

describe("an existing AWS gateway", () => {
  it("a transit gateway without VPN ECMP, or associating by default, is refused with the command that fixes it", () => {
    const found = awsGatewayProblems({ amazonSideAsn: 64512, vpnEcmpSupport: "disable", defaultRouteTableAssociation: "enable", associationDefaultRouteTableId: "tgw-rtb-1" }, { kind: "tgw", id: "tgw-1", transitGatewayRouteTableId: "tgw-rtb-2", ecmpExpected: true });
    assert.equal(found.asn, undefined);
    assert.match(found.problems[0]!, /VpnEcmpSupport=enable/);
    assert.match(found.problems[1]!, /DefaultRouteTableAssociation=disable/);
  });
  it("default propagation into the same route table is refused; into another it is fine", () => {
    const read = { amazonSideAsn: 64600, vpnEcmpSupport: "enable", defaultRouteTableAssociation: "disable", defaultRouteTablePropagation: "enable", propagationDefaultRouteTableId: "tgw-rtb-2" };
    assert.match(awsGatewayProblems(read, { kind: "tgw", id: "tgw-1", transitGatewayRouteTableId: "tgw-rtb-2", ecmpExpected: true }).problems.join(), /DefaultRouteTablePropagation=disable/);
    assert.deepEqual(awsGatewayProblems({ ...read, propagationDefaultRouteTableId: "tgw-rtb-9" }, { kind: "tgw", id: "tgw-1", transitGatewayRouteTableId: "tgw-rtb-2", ecmpExpected: true }), { problems: [], asn: 64600 });
  });
  it("a virtual private gateway attached to another VPC is refused with the attach command; its string ASN is read as a number", () => {
    assert.match(awsGatewayProblems({ amazonSideAsn: "64512", attachedVpcId: "vpc-9" }, { kind: "vgw", id: "vgw-1", vpcId: "vpc-1", ecmpExpected: false }).problems.join(), /aws ec2 attach-vpn-gateway --vpn-gateway-id vgw-1 --vpc-id vpc-1/);
    assert.deepEqual(awsGatewayProblems({ amazonSideAsn: "64512", attachedVpcId: "vpc-1" }, { kind: "vgw", id: "vgw-1", vpcId: "vpc-1", ecmpExpected: false }), { problems: [], asn: 64512 });
  });
});

describe("hubPlan", () => {
  it("puts the program's Azure resources in the existing group, else the gateway's, else the one it creates", () => {
    const base = { resourceGroupName: "rg-azure-aws", existingAws: {} };
    assert.deepEqual(hubPlan({ ...base, existingAzure: {} }).azure, { resourceGroupName: "rg-azure-aws", createsResourceGroup: true, vnet: undefined, gateway: undefined });
    assert.equal(hubPlan({ ...base, existingAzure: { vnetId: VNET, gatewayId: GW } }).azure.resourceGroupName, "rg-hub");
    assert.equal(hubPlan({ ...base, existingAzure: { resourceGroupName: "rg-ours", vnetId: VNET } }).azure.resourceGroupName, "rg-ours");
  });
});
