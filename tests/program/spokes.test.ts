/**
 * Spokes in the program (Pulumi.scale.yaml): AWS VPCs attached to the transit gateway, associated
 * and propagating, routing Azure prefixes to it; Azure VNets peered with gateway transit after the
 * gateway; and the plan showing them in the tree, the feeds, the diagram and the cost.
 */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { loadPriceTable } from "../../offline/cost";
import { buildPlanReport, renderText } from "../../offline/report";
import { evaluateStacksOk, idOf, ofType, T, type Evaluation, type RegisteredResource } from "../helpers";

const PEERING = T.vnetPeering;
let scale: Evaluation;
let prod: Evaluation;
before(async () => ({ scale, prod } = await evaluateStacksOk("scale", "prod")));

const inComponent = (r: RegisteredResource, token: string): boolean => r.urn.includes(`${token}$`);
const named = (e: Evaluation, type: string, name: string): RegisteredResource => {
  const found = ofType(e, type).find((r) => r.name === name);
  assert.ok(found, `no ${type} ${name}`);
  return found;
};

describe("AWS spokes", () => {
  it("one transit gateway attachment per spoke, associated with and propagating into the VPN's route table", () => {
    const tgwRt = ofType(scale, T.tgwRouteTable)[0]!;
    const spokeAttachments = ofType(scale, T.tgwVpcAttachment).filter((r) => inComponent(r, T.awsSpokes));
    assert.equal(spokeAttachments.length, 2);
    for (const attachment of spokeAttachments) {
      for (const type of [T.tgwAssociation, T.tgwPropagation]) {
        const link = ofType(scale, type).find((r) => r.inputs["transitGatewayAttachmentId"] === idOf(attachment));
        assert.ok(link, `${attachment.name} has a ${type}`);
        assert.equal(link.inputs["transitGatewayRouteTableId"], idOf(tgwRt));
      }
    }
    const existing = named(scale, T.tgwVpcAttachment, "vpn-aws-spokes-vpc-spoke-data-tgw-attachment");
    assert.equal(existing.inputs["vpcId"], "vpc-0123456789abcdef0");
    assert.deepEqual(existing.inputs["subnetIds"], ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]);
  });

  it("spoke route tables (created and existing) and the hub VPC send every Azure prefix to the transit gateway", () => {
    const tgw = idOf(ofType(scale, T.transitGateway)[0]!);
    const azure = ["10.20.0.0/16", "10.21.0.0/16", "10.22.0.0/16"];
    const createdRt = idOf(named(scale, T.routeTable, "vpn-aws-spokes-vpc-spoke-app-rt"));
    const hubRt = idOf(named(scale, T.routeTable, "vpn-aws-rt"));
    for (const rt of [createdRt, "rtb-0123456789abcdef0", hubRt]) {
      const routes = ofType(scale, T.route).filter((r) => r.inputs["routeTableId"] === rt);
      assert.deepEqual(routes.map((r) => r.inputs["destinationCidrBlock"]).sort(), azure, `route table ${rt}`);
      for (const r of routes) assert.equal(r.inputs["transitGatewayId"], tgw);
    }
  });
});

describe("Azure spokes", () => {
  it("hub side allows gateway transit, spoke side uses remote gateways, after the gateway", () => {
    const gateway = ofType(scale, T.gateway)[0]!;
    const peerings = ofType(scale, PEERING);
    assert.equal(peerings.length, 4);
    for (const p of peerings.filter((r) => r.name.endsWith("-hub-peering"))) {
      assert.deepEqual([p.inputs["virtualNetworkName"], p.inputs["allowGatewayTransit"], p.inputs["useRemoteGateways"]], ["vnet-hub", true, false]);
    }
    for (const p of peerings.filter((r) => r.name.endsWith("-spoke-peering"))) {
      assert.deepEqual([p.inputs["allowGatewayTransit"], p.inputs["useRemoteGateways"]], [false, true]);
      assert.ok(p.dependencies.includes(gateway.urn), `${p.name} waits for the gateway`);
      assert.equal((p.inputs["remoteVirtualNetwork"] as { id: string }).id, idOf(ofType(scale, T.vnet).find((v) => v.name === "vpn-azure-vnet")!));
    }
    const existing = named(scale, PEERING, "vpn-azure-spokes-vnet-spoke-data-spoke-peering");
    assert.deepEqual([existing.inputs["resourceGroupName"], existing.inputs["virtualNetworkName"]], ["rg-spokes", "vnet-spoke-data"]);
  });
});

describe("no spokes, nothing new", () => {
  it("prod registers no spoke component or peering", () => {
    assert.ok(!prod.resources.some((r) => /Spokes$/.test(r.type) || r.type === PEERING));
  });
});

describe("the plan shows the spokes", () => {
  it("tree, feeds, diagram and cost", () => {
    const report = buildPlanReport(scale, { prices: loadPriceTable() });
    const text = renderText(report);
    assert.ok(report.components.some((c) => c.type === T.awsSpokes && c.resources.length > 0));
    assert.ok(report.components.some((c) => c.type === T.azureSpokes && c.resources.length > 0));
    assert.match(text, /VirtualNetworkPeering vpn-azure-spokes-vnet-spoke-app-hub-peering "vnet-hub-to-vnet-spoke-app" \(gateway transit on, remote gateways off\)/);
    assert.ok(report.spokes?.feeds.some((f) => f.to.typeShort === "VirtualNetworkPeering" && f.from.cloudName === "vnet-hub"));
    assert.ok(report.spokes?.feeds.some((f) => f.to.cloudName === "tgw-attach-vpc-spoke-app" && f.from.typeShort === "TransitGateway"));
    assert.match(text, /BGP prefixes: Azure -> AWS 3 \(AWS accepts 100 per VPN connection\); AWS -> Azure 3 \(Azure accepts 4000\)/);
    assert.match(report.mermaid, /VirtualNetworkPeering/);
    assert.match(report.mermaid, /AzureSpokes vpn-azure-spokes/);
    const attachments = report.cost?.lines.find((l) => l.priceKey === "aws.transitGateway.attachment");
    assert.equal(attachments?.quantity, 5, "hub VPC + 2 VPN + 2 spoke attachments");
    assert.ok(report.cost?.lines.some((l) => l.kind === "VNet peering (spokes)" && l.quantity === 4));
  });
});

describe("interop views announce the spokes (what FRR announces per side)", () => {
  it("AWS announces the hub VPC and both spoke VPCs; Azure the hub VNet and both spoke VNets", async () => {
    const { deriveTunnelViews } = await import("../../interop/derive");
    const views = deriveTunnelViews(scale);
    assert.equal(views.length, 4);
    for (const v of views) {
      assert.deepEqual(v.aws.localPrefixes, ["10.30.0.0/16", "10.31.0.0/16", "10.32.0.0/16"]);
      assert.deepEqual(v.azure.localPrefixes, ["10.20.0.0/16", "10.21.0.0/16", "10.22.0.0/16"]);
    }
    for (const v of deriveTunnelViews(prod)) {
      assert.deepEqual([v.aws.localPrefixes, v.azure.localPrefixes], [["10.30.0.0/16"], ["10.20.0.0/16"]]);
    }
  });
});
