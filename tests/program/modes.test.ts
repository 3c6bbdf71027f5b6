/**
 * Every mode under mocks, each evaluated once (static active-standby = dev, static active-active,
 * BGP active-active with a VGW, BGP active-active with a TGW = prod):
 * - resources: exact counts by type, and the component tree;
 * - wiring, checked by value: what AWS receives from Azure (public IPs, ASN) equals what Azure
 *   produced, and what Azure receives from AWS (tunnel outside addresses, inside addresses, keys)
 *   equals what AWS produced, tunnel by tunnel.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { cidr, overlaps } from "../../infra/addressing";
import type { VpnConfig } from "../../infra/config";
import { fromAzureIpsecPolicy, type AzureIpsecPolicy } from "../../infra/ipsec";
import { presharedKeyProblem, toAwsPresharedKey } from "../../infra/keys";
import {
  COMPONENT_PREFIX,
  MODES,
  T,
  at,
  countsByType,
  evaluateModes,
  evaluateStack,
  findOne,
  gatewayPublicIps,
  idOf,
  expectList,
  modeConfig,
  expectNum,
  ofType,
  parentOf,
  single,
  expectStr,
  expectStrings,
  tunnelsByWiring,
  withConfig,
  type Evaluation,
  type Mode,
  type TunnelView,
} from "../helpers";

let evaluations: Record<Mode, Evaluation>;
before(async () => {
  evaluations = await evaluateModes();
});

interface Traits {
  bgp: boolean;
  tgw: boolean;
  activeActive: boolean;
  instances: number;
}
function traits(mode: Mode): Traits {
  const activeActive = mode !== "static-active-standby";
  return { bgp: mode.startsWith("bgp"), tgw: mode.endsWith("-tgw"), activeActive, instances: activeActive ? 2 : 1 };
}

function configOf(evaluation: Evaluation): VpnConfig {
  assert.ok(evaluation.config, "the mode's config validates");
  return evaluation.config;
}

/** The names the issue asks for: the document's for active-standby, c<N>t<M> for active-active. */
function expectedName(base: string, mode: Mode, instance: number, tunnelNumber: 1 | 2): string {
  if (!traits(mode).activeActive) return tunnelNumber === 1 ? base : `${base}-standby`;
  return `${base}-c${instance + 1}t${tunnelNumber}`;
}

/** Sorted copy, for order-free comparison. */
const sorted = (values: string[]): string[] => [...values].sort();

for (const mode of MODES) {
  const { bgp, tgw, activeActive, instances } = traits(mode);

  describe(`wiring: ${mode}`, () => {
    let e: Evaluation;
    let config: VpnConfig;
    let tunnels: TunnelView[];
    before(() => {
      e = evaluations[mode];
      config = configOf(e);
      tunnels = tunnelsByWiring(e);
    });

    it(`the Azure gateway has ${instances} public IP(s), Standard and static`, () => {
      const gateway = single(e, T.gateway);
      assert.equal(gateway.inputs["activeActive"], activeActive);
      const pips = gatewayPublicIps(e);
      assert.equal(pips.length, instances);
      for (const pip of pips) {
        assert.deepEqual(pip.inputs["sku"], { name: "Standard", tier: "Regional" });
        assert.equal(pip.inputs["publicIPAllocationMethod"], "Static");
      }
    });

    it("customer gateway N points at Azure public IP N's address (the output, by value)", () => {
      const pips = gatewayPublicIps(e);
      const cgws = ofType(e, T.customerGateway);
      assert.equal(cgws.length, instances, "one customer gateway per Azure public IP");
      pips.forEach((pip, i) => {
        const address = expectStr(pip.state, "ipAddress");
        const cgw = findOne(e, T.customerGateway, (r) => r.inputs["ipAddress"] === address, `public IP ${i + 1} (${address})`);
        assert.equal(expectStr(cgw.inputs, "tags", "Name"), `cgw-azure-${i + 1}`, `customer gateway ${i + 1} is the one on public IP ${i + 1}`);
        assert.equal(cgw.inputs["type"], "ipsec.1");
      });
    });

    it("every customer gateway declares the Azure side's ASN", () => {
      for (const cgw of ofType(e, T.customerGateway)) assert.equal(cgw.inputs["bgpAsn"], String(config.azureAsn));
    });

    it(`VPN connection N uses customer gateway N and the ${tgw ? "transit" : "virtual private"} gateway`, () => {
      const vpns = ofType(e, T.vpnConnection);
      assert.equal(vpns.length, instances);
      const awsGatewayId = idOf(single(e, tgw ? T.transitGateway : T.vpnGateway));
      gatewayPublicIps(e).forEach((pip, i) => {
        const cgw = findOne(e, T.customerGateway, (r) => r.inputs["ipAddress"] === pip.state["ipAddress"], `public IP ${i + 1}`);
        const vpn = findOne(e, T.vpnConnection, (r) => r.inputs["customerGatewayId"] === idOf(cgw), `customer gateway ${i + 1}`);
        assert.equal(expectStr(vpn.inputs, "tags", "Name"), `vpn-azure-aws-c${i + 1}`);
        assert.equal(vpn.inputs["type"], "ipsec.1");
        if (tgw) {
          assert.equal(vpn.inputs["transitGatewayId"], awsGatewayId);
          assert.equal(vpn.inputs["vpnGatewayId"], undefined);
        } else {
          assert.equal(vpn.inputs["vpnGatewayId"], awsGatewayId);
          assert.equal(vpn.inputs["transitGatewayId"], undefined);
        }
        assert.equal(vpn.inputs["staticRoutesOnly"], !bgp);
      });
    });

    it("every tunnel is reached by following the wiring, with the expected names", () => {
      assert.equal(tunnels.length, instances * 2);
      assert.equal(ofType(e, T.lng).length, tunnels.length, "no local network gateway off the wiring");
      assert.equal(ofType(e, T.connection).length, tunnels.length, "no connection off the wiring");
      for (const t of tunnels) {
        assert.equal(t.lng.inputs["localNetworkGatewayName"], expectedName(config.localNetworkGatewayName, mode, t.instance, t.tunnelNumber));
        assert.equal(t.connection.inputs["virtualNetworkGatewayConnectionName"], expectedName(config.connectionName, mode, t.instance, t.tunnelNumber));
      }
    });

    it("local network gateway N's IP is tunnel N's outside address (VPN connection output)", () => {
      for (const t of tunnels) {
        const outside = expectStr(t.vpnConnection.state, `tunnel${t.tunnelNumber}Address`);
        assert.equal(t.lng.inputs["gatewayIpAddress"], outside);
        // The other tunnel's address is on the other local network gateway, never this one.
        assert.notEqual(t.lng.inputs["gatewayIpAddress"], t.vpnConnection.state[`tunnel${3 - t.tunnelNumber}Address`]);
      }
      const outsides = tunnels.map((t) => expectStr(t.lng.inputs, "gatewayIpAddress"));
      assert.equal(new Set(outsides).size, outsides.length, "each local network gateway has its own tunnel");
    });

    if (bgp) {
      it("local network gateways: empty address space, BGP with the AWS ASN and the tunnel's AWS inside address", () => {
        for (const t of tunnels) {
          assert.deepEqual(at(t.lng.inputs, "localNetworkAddressSpace", "addressPrefixes"), []);
          assert.equal(expectNum(t.lng.inputs, "bgpSettings", "asn"), config.awsAsn);
          assert.equal(expectStr(t.lng.inputs, "bgpSettings", "bgpPeeringAddress"), expectStr(t.vpnConnection.state, `tunnel${t.tunnelNumber}VgwInsideAddress`));
        }
      });
    } else {
      it("local network gateways: the VPC CIDR as address space, no BGP", () => {
        const vpcCidr = expectStr(single(e, T.vpc).inputs, "cidrBlock");
        assert.equal(vpcCidr, config.vpcCidr);
        for (const t of tunnels) {
          assert.deepEqual(at(t.lng.inputs, "localNetworkAddressSpace", "addressPrefixes"), [vpcCidr]);
          assert.equal(t.lng.inputs["bgpSettings"], undefined);
        }
      });
    }

    it("connection N's shared key is tunnel N's pre-shared key, secret on both sides and valid for both clouds", () => {
      for (const t of tunnels) {
        const awsKey = expectStr(t.vpnConnection.inputs, `tunnel${t.tunnelNumber}PresharedKey`);
        assert.equal(t.connection.inputs["sharedKey"], awsKey);
        assert.ok(t.connection.secretInputPaths.includes("sharedKey"), `${t.connection.name}: sharedKey is not secret`);
        assert.ok(t.vpnConnection.secretInputPaths.includes(`tunnel${t.tunnelNumber}PresharedKey`), `${t.vpnConnection.name}: tunnel${t.tunnelNumber}PresharedKey is not secret`);
        assert.equal(presharedKeyProblem(awsKey), undefined, awsKey);
      }
    });

    it("one random key per tunnel, each used once, derived from its RandomPassword", () => {
      const keys = tunnels.map((t) => expectStr(t.connection.inputs, "sharedKey"));
      assert.equal(new Set(keys).size, keys.length, "keys are per tunnel");
      const passwords = ofType(e, T.password);
      assert.equal(passwords.length, tunnels.length);
      for (const password of passwords) {
        assert.equal(password.inputs["length"], 40);
        assert.equal(password.inputs["overrideSpecial"], "._");
      }
      assert.deepEqual(sorted(keys), sorted(passwords.map((p) => toAwsPresharedKey(expectStr(p.state, "result")))));
    });

    it("connection N: local network gateway N and the Azure VPN gateway, IPsec, IKEv2", () => {
      const gatewayId = idOf(single(e, T.gateway));
      for (const t of tunnels) {
        assert.equal(at(t.connection.inputs, "localNetworkGateway2", "id"), idOf(t.lng));
        assert.equal(at(t.connection.inputs, "virtualNetworkGateway1", "id"), gatewayId);
        assert.equal(t.connection.inputs["connectionType"], "IPsec");
        assert.equal(t.connection.inputs["connectionProtocol"], "IKEv2");
        assert.equal(t.connection.inputs["enableBgp"], bgp);
      }
    });

    if (bgp) {
      it("the gateway: BGP with the Azure ASN, one peering entry per instance with that instance's APIPA addresses", () => {
        const gateway = single(e, T.gateway);
        assert.equal(gateway.inputs["enableBgp"], true);
        assert.equal(expectNum(gateway.inputs, "bgpSettings", "asn"), config.azureAsn);
        const peering = expectList(gateway.inputs, "bgpSettings", "bgpPeeringAddresses");
        assert.equal(peering.length, instances);
        const gatewayId = idOf(gateway);
        for (let i = 0; i < instances; i++) {
          const configName = expectStr(gateway.inputs, "ipConfigurations", i, "name");
          assert.equal(expectStr(peering[i], "ipconfigurationId"), `${gatewayId}/ipConfigurations/${configName}`);
          // AWS's customer-side inside address of every tunnel on this instance.
          const azureInside = tunnels.filter((t) => t.instance === i).map((t) => expectStr(t.vpnConnection.state, `tunnel${t.tunnelNumber}CgwInsideAddress`));
          assert.deepEqual(sorted(expectStrings(peering[i], "customBgpIpAddresses")), sorted(azureInside));
        }
      });

      it("ASNs consistent by value: customer gateways = Azure gateway's, local network gateways = the AWS gateway's, and they differ", () => {
        const azureAsn = expectNum(single(e, T.gateway).inputs, "bgpSettings", "asn");
        const awsGateway = single(e, tgw ? T.transitGateway : T.vpnGateway);
        const awsAsn = Number(awsGateway.inputs["amazonSideAsn"]);
        assert.notEqual(azureAsn, awsAsn);
        for (const cgw of ofType(e, T.customerGateway)) assert.equal(Number(cgw.inputs["bgpAsn"]), azureAsn, cgw.name);
        for (const t of tunnels) assert.equal(expectNum(t.lng.inputs, "bgpSettings", "asn"), awsAsn, t.lng.name);
      });

      it("each connection sets, for its own instance, the custom BGP address of its tunnel; every address is one the gateway has", () => {
        const gateway = single(e, T.gateway);
        const gatewayId = idOf(gateway);
        const peering = expectList(gateway.inputs, "bgpSettings", "bgpPeeringAddresses");
        for (const t of tunnels) {
          const entries = expectList(t.connection.inputs, "gatewayCustomBgpIpAddresses");
          assert.equal(entries.length, instances, "one entry per gateway IP configuration");
          const ownConfig = `${gatewayId}/ipConfigurations/${expectStr(gateway.inputs, "ipConfigurations", t.instance, "name")}`;
          const own = entries.filter((entry) => at(entry, "ipConfigurationId") === ownConfig);
          assert.equal(own.length, 1, `${t.connection.name} has an entry for ${ownConfig}`);
          assert.equal(expectStr(own[0], "customBgpIpAddress"), expectStr(t.vpnConnection.state, `tunnel${t.tunnelNumber}CgwInsideAddress`));
          for (const entry of entries) {
            const owner = peering.find((p) => at(p, "ipconfigurationId") === at(entry, "ipConfigurationId"));
            assert.ok(owner, `${t.connection.name}: ${String(at(entry, "ipConfigurationId"))} is not a gateway IP configuration`);
            assert.ok(expectStrings(owner, "customBgpIpAddresses").includes(expectStr(entry, "customBgpIpAddress")), `${t.connection.name}: ${expectStr(entry, "customBgpIpAddress")} is not an APIPA address of that instance`);
          }
        }
      });
    } else {
      it("no BGP anywhere on the Azure side", () => {
        const gateway = single(e, T.gateway);
        assert.equal(gateway.inputs["enableBgp"], false);
        assert.equal(gateway.inputs["bgpSettings"], undefined);
        for (const t of tunnels) assert.equal(t.connection.inputs["gatewayCustomBgpIpAddresses"], undefined);
      });
    }

    it("the tunnels' inside /30s are the configured ones, and none is reused", () => {
      const inside = ofType(e, T.vpnConnection).flatMap((vpn) => [expectStr(vpn.inputs, "tunnel1InsideCidr"), expectStr(vpn.inputs, "tunnel2InsideCidr")]);
      assert.deepEqual(sorted(inside), sorted(config.tunnelInsideCidrs));
      const blocks = inside.map(cidr);
      blocks.forEach((a, i) => blocks.slice(i + 1).forEach((b) => assert.equal(overlaps(a, b), false, `${a.text} and ${b.text} overlap`)));
      // And each tunnel's Azure and AWS inside addresses lie in its /30.
      for (const t of tunnels) {
        const block = cidr(expectStr(t.vpnConnection.inputs, `tunnel${t.tunnelNumber}InsideCidr`));
        for (const side of ["VgwInsideAddress", "CgwInsideAddress"]) {
          const address = cidr(`${expectStr(t.vpnConnection.state, `tunnel${t.tunnelNumber}${side}`)}/32`);
          assert.ok(block.first < address.first && address.last < block.last, `${address.text} is a host of ${block.text}`);
        }
      }
    });

    it("prefixes on both sides: the VNet and the VPC carry the configured address spaces", () => {
      assert.deepEqual(at(single(e, T.vnet).inputs, "addressSpace", "addressPrefixes"), config.vnetAddressSpace);
      assert.equal(single(e, T.vpc).inputs["cidrBlock"], config.vpcCidr);
      const routeTableId = idOf(single(e, T.routeTable));
      const subnetIds = ofType(e, T.awsSubnet).map(idOf);
      const associated = ofType(e, T.routeTableAssociation).filter((a) => a.inputs["routeTableId"] === routeTableId).map((a) => expectStr(a.inputs, "subnetId"));
      assert.deepEqual(sorted(associated), sorted(subnetIds), "every workload subnet uses the route table");
    });

    if (!bgp) {
      it("static: a VPN connection route per Azure prefix on every VPN connection, and a VPC route per Azure prefix via the VGW", () => {
        const vgwId = idOf(single(e, T.vpnGateway));
        const routeTableId = idOf(single(e, T.routeTable));
        for (const vpn of ofType(e, T.vpnConnection)) {
          const routes = ofType(e, T.vpnConnectionRoute).filter((r) => r.inputs["vpnConnectionId"] === idOf(vpn)).map((r) => expectStr(r.inputs, "destinationCidrBlock"));
          assert.deepEqual(sorted(routes), sorted(config.vnetAddressSpace), vpn.name);
        }
        assert.equal(ofType(e, T.vpnConnectionRoute).length, config.vnetAddressSpace.length * instances);
        for (const prefix of config.vnetAddressSpace) {
          const route = findOne(e, T.route, (r) => r.inputs["destinationCidrBlock"] === prefix, `the route to ${prefix}`);
          assert.equal(route.inputs["routeTableId"], routeTableId);
          assert.equal(route.inputs["gatewayId"], vgwId);
        }
        assert.equal(ofType(e, T.vpnGatewayRoutePropagation).length, 0);
      });
    } else {
      it("BGP: no static VPN connection routes", () => {
        assert.equal(ofType(e, T.vpnConnectionRoute).length, 0);
      });
    }

    if (bgp && !tgw) {
      it("BGP with a VGW: route propagation into the workload route table, no static routes to Azure", () => {
        const propagation = single(e, T.vpnGatewayRoutePropagation);
        assert.equal(propagation.inputs["vpnGatewayId"], idOf(single(e, T.vpnGateway)));
        assert.equal(propagation.inputs["routeTableId"], idOf(single(e, T.routeTable)));
        const azureRoutes = ofType(e, T.route).filter((r) => config.vnetAddressSpace.includes(expectStr(r.inputs, "destinationCidrBlock")));
        assert.deepEqual(azureRoutes.map((r) => r.name), []);
      });
    }

    if (!tgw) {
      it("the virtual private gateway: Amazon-side ASN from config, attached to the VPC", () => {
        const vgw = single(e, T.vpnGateway);
        assert.equal(vgw.inputs["amazonSideAsn"], String(config.awsAsn));
        const attachment = single(e, T.vpnGatewayAttachment);
        assert.equal(attachment.inputs["vpcId"], idOf(single(e, T.vpc)));
        assert.equal(attachment.inputs["vpnGatewayId"], idOf(vgw));
        assert.equal(ofType(e, T.transitGateway).length, 0);
      });
    } else {
      it("transit gateway: ECMP on, Amazon-side ASN from config, explicit route table, no VGW", () => {
        const tgwResource = single(e, T.transitGateway);
        assert.equal(tgwResource.inputs["vpnEcmpSupport"], "enable");
        assert.equal(tgwResource.inputs["amazonSideAsn"], config.awsAsn);
        assert.equal(single(e, T.tgwRouteTable).inputs["transitGatewayId"], idOf(tgwResource));
        assert.equal(ofType(e, T.vpnGateway).length, 0);
        assert.equal(ofType(e, T.vpnGatewayAttachment).length, 0);
      });

      it("transit gateway: VPC attachment over every workload subnet", () => {
        const attachment = single(e, T.tgwVpcAttachment);
        assert.equal(attachment.inputs["transitGatewayId"], idOf(single(e, T.transitGateway)));
        assert.equal(attachment.inputs["vpcId"], idOf(single(e, T.vpc)));
        assert.deepEqual(sorted(expectStrings(attachment.inputs, "subnetIds")), sorted(ofType(e, T.awsSubnet).map(idOf)));
      });

      it("transit gateway: the VPC and every VPN attachment associated with and propagated to its route table", () => {
        const routeTableId = idOf(single(e, T.tgwRouteTable));
        const expected = sorted([idOf(single(e, T.tgwVpcAttachment)), ...ofType(e, T.vpnConnection).map((vpn) => expectStr(vpn.state, "transitGatewayAttachmentId"))]);
        for (const type of [T.tgwAssociation, T.tgwPropagation]) {
          const resources = ofType(e, type);
          for (const r of resources) assert.equal(r.inputs["transitGatewayRouteTableId"], routeTableId, r.name);
          assert.deepEqual(sorted(resources.map((r) => expectStr(r.inputs, "transitGatewayAttachmentId"))), expected, type);
        }
      });

      it("transit gateway: a VPC route per Azure prefix via the transit gateway", () => {
        const tgwId = idOf(single(e, T.transitGateway));
        const routeTableId = idOf(single(e, T.routeTable));
        for (const prefix of config.vnetAddressSpace) {
          const route = findOne(e, T.route, (r) => r.inputs["destinationCidrBlock"] === prefix, `the route to ${prefix}`);
          assert.equal(route.inputs["transitGatewayId"], tgwId);
          assert.equal(route.inputs["routeTableId"], routeTableId);
          assert.equal(route.inputs["gatewayId"], undefined);
        }
        assert.equal(ofType(e, T.route).length, config.vnetAddressSpace.length);
      });
    }

    it("the IPsec settings of each tunnel are equivalent on both sides", () => {
      for (const t of tunnels) {
        assertEquivalentIpsec(t);
      }
    });
  });
}


describe("an IPsec profile override reaches both sides", () => {
  const override = {
    phase1: { encryption: "AES128", integrity: "SHA2-256", dhGroup: 14 },
    phase2: { encryption: "AES128", integrity: "SHA1", pfsGroup: 24, lifetimeSeconds: 1_800 },
    dpdTimeoutSeconds: 60,
  };
  let e: Evaluation;
  before(async () => {
    const { stack, raw } = modeConfig("static-active-standby");
    e = await evaluateStack({ stack, raw: withConfig(raw, { ipsec: override }) });
    assert.equal(e.error, undefined);
  });

  it("AWS tunnels carry the overridden values", () => {
    for (const vpn of ofType(e, T.vpnConnection)) {
      for (const n of [1, 2]) {
        assert.deepEqual(
          [vpn.inputs[`tunnel${n}Phase1EncryptionAlgorithms`], vpn.inputs[`tunnel${n}Phase1IntegrityAlgorithms`], vpn.inputs[`tunnel${n}Phase1DhGroupNumbers`]],
          [["AES128"], ["SHA2-256"], [14]],
        );
        assert.deepEqual(
          [vpn.inputs[`tunnel${n}Phase2EncryptionAlgorithms`], vpn.inputs[`tunnel${n}Phase2IntegrityAlgorithms`], vpn.inputs[`tunnel${n}Phase2DhGroupNumbers`], vpn.inputs[`tunnel${n}Phase2LifetimeSeconds`]],
          [["AES128"], ["SHA1"], [24], 1_800],
        );
        assert.equal(vpn.inputs[`tunnel${n}DpdTimeoutSeconds`], 60);
      }
    }
  });

  it("Azure connections carry the same values in Azure's words", () => {
    for (const connection of ofType(e, T.connection)) {
      assert.deepEqual(at(connection.inputs, "ipsecPolicies", 0), {
        ikeEncryption: "AES128",
        ikeIntegrity: "SHA256",
        dhGroup: "DHGroup14",
        ipsecEncryption: "AES128",
        ipsecIntegrity: "SHA1",
        pfsGroup: "PFS24",
        saLifeTimeSeconds: 1_800,
        saDataSizeKilobytes: 102_400_000,
      });
      assert.equal(connection.inputs["dpdTimeoutSeconds"], 60);
    }
  });

  it("and every tunnel is equivalent on both sides", () => {
    for (const t of tunnelsByWiring(e)) assertEquivalentIpsec(t);
  });
});

// ---- resources ---------------------------------------------------------------------------------

/** A count per mode, in MODES' order: static active-standby (dev), static active-active, BGP with a VGW, BGP with a TGW (prod). */
type PerMode = [staticActiveStandby: number, staticActiveActive: number, bgpVgw: number, bgpTgw: number];

/**
 * The exact resource count by type in each mode, one row per type (0: none). Dev has 1 public IP
 * on the gateway, 1 customer gateway, 1 VPN connection (2 tunnels) and 1 Azure prefix; static
 * active-active adds a second gateway instance and a second Azure prefix (2 CGWs, 2 VPN
 * connections, 4 tunnels); prod is BGP (route propagation instead of static routes) without test
 * hosts, over a VGW or a transit gateway with ECMP.
 */
const COUNTS: [type: string, ...counts: PerMode][] = [
  // Every mode, whatever the topology.
  [T.vpn, 1, 1, 1, 1],
  [T.azureSide, 1, 1, 1, 1],
  [T.awsSide, 1, 1, 1, 1],
  [T.resourceGroup, 1, 1, 1, 1],
  [T.vnet, 1, 1, 1, 1],
  [T.gateway, 1, 1, 1, 1],
  [T.vpc, 1, 1, 1, 1],
  [T.routeTable, 1, 1, 1, 1],
  // The tunnels: a pair per VPN connection, each tunnel with its local network gateway, connection and key.
  [T.tunnelPair, 1, 2, 2, 2],
  [T.lng, 2, 4, 4, 4],
  [T.connection, 2, 4, 4, 4],
  [T.password, 2, 4, 4, 4],
  [T.customerGateway, 1, 2, 2, 2],
  [T.vpnConnection, 1, 2, 2, 2],
  [T.subnet, 2, 2, 3, 3], // workload subnets (1 in dev, 2 in prod) + GatewaySubnet
  [T.publicIp, 2, 3, 2, 2], // 1 per gateway instance + the test VM's
  [T.awsSubnet, 1, 1, 2, 2],
  [T.routeTableAssociation, 1, 1, 2, 2],
  // Virtual private gateway.
  [T.vpnGateway, 1, 1, 1, 0],
  [T.vpnGatewayAttachment, 1, 1, 1, 0],
  [T.vpnGatewayRoutePropagation, 0, 0, 1, 0],
  [T.vpnConnectionRoute, 1, 4, 0, 0], // static: Azure prefixes x VPN connections
  // Static: each Azure prefix via the VGW + the test hosts' 0.0.0.0/0 via the internet gateway; prod: the Azure prefix via the transit gateway.
  [T.route, 2, 3, 0, 1],
  // Transit gateway.
  [T.transitGateway, 0, 0, 0, 1],
  [T.tgwRouteTable, 0, 0, 0, 1],
  [T.tgwVpcAttachment, 0, 0, 0, 1],
  [T.tgwAssociation, 0, 0, 0, 3], // VPC attachment + 2 VPN attachments
  [T.tgwPropagation, 0, 0, 0, 3],
  // The test hosts (testVms: true, dev's).
  [T.testHosts, 1, 1, 0, 0],
  [T.nsg, 1, 1, 0, 0],
  [T.nic, 1, 1, 0, 0],
  [T.vm, 1, 1, 0, 0],
  [T.internetGateway, 1, 1, 0, 0],
  [T.securityGroup, 1, 1, 0, 0],
  [T.keyPair, 1, 1, 0, 0],
  [T.instance, 1, 1, 0, 0],
  // Monitoring (on in prod, so in both BGP modes): 3 components, 3 alarms per VPN connection, 2 alerts per tunnel (BGP).
  [T.awsTunnelLogs, 0, 0, 1, 1],
  [T.awsMonitoring, 0, 0, 1, 1],
  [T.azureMonitoring, 0, 0, 1, 1],
  [T.logGroup, 0, 0, 1, 1],
  [T.topic, 0, 0, 1, 1],
  [T.metricAlarm, 0, 0, 6, 6],
  [T.workspace, 0, 0, 1, 1],
  [T.diagnosticSetting, 0, 0, 1, 1],
  [T.actionGroup, 0, 0, 1, 1],
  [T.metricAlert, 0, 0, 8, 8],
];

/** A mode's column of COUNTS, without the types it has none of (countsByType lists only what exists). */
function expectedCounts(mode: Mode): Record<string, number> {
  const column = MODES.indexOf(mode);
  return Object.fromEntries(COUNTS.map(([type, ...counts]) => [type, counts[column]!] as const).filter(([, count]) => count > 0));
}

/** The resource types each component owns (public IPs, routes and transit gateway associations and propagations are in two). */
const OWNED: Record<string, string[]> = {
  [T.azureSide]: [T.resourceGroup, T.vnet, T.subnet, T.publicIp, T.gateway],
  [T.tunnelPair]: [T.lng, T.connection, T.password, T.vpnConnection, T.vpnConnectionRoute, T.tgwAssociation, T.tgwPropagation],
  [T.awsSide]: [
    T.vpc,
    T.awsSubnet,
    T.routeTable,
    T.routeTableAssociation,
    T.route,
    T.customerGateway,
    T.vpnGateway,
    T.vpnGatewayAttachment,
    T.vpnGatewayRoutePropagation,
    T.transitGateway,
    T.tgwRouteTable,
    T.tgwVpcAttachment,
    T.tgwAssociation,
    T.tgwPropagation,
  ],
  [T.testHosts]: [T.publicIp, T.route, T.nsg, T.nic, T.vm, T.internetGateway, T.securityGroup, T.keyPair, T.instance],
  [T.awsTunnelLogs]: [T.logGroup],
  [T.awsMonitoring]: [T.topic, T.metricAlarm],
  [T.azureMonitoring]: [T.workspace, T.diagnosticSetting, T.actionGroup, T.metricAlert],
};

/** Which component each resource type belongs to: OWNED turned around. */
const OWNERS: Record<string, string[]> = {};
for (const [component, types] of Object.entries(OWNED)) for (const type of types) (OWNERS[type] ??= []).push(component);

for (const mode of MODES) {
  describe(`resources: ${mode}`, () => {
    it("counts by type are exactly the expected ones", () => {
      const actual = countsByType(evaluations[mode]);
      assert.deepEqual(
        Object.fromEntries(Object.entries(actual).sort(([a], [b]) => a.localeCompare(b))),
        Object.fromEntries(Object.entries(expectedCounts(mode)).sort(([a], [b]) => a.localeCompare(b))),
      );
    });

    it("every resource got a URN, and every custom resource an id", () => {
      for (const r of evaluations[mode].resources) {
        assert.ok(r.urn, `${r.type} ${r.name} has no URN`);
        if (r.custom) assert.ok(r.id, `${r.type} ${r.name} has no id`);
      }
    });

    it("components are ours: one top-level Vpn, the others its children", () => {
      const e = evaluations[mode];
      const components = e.resources.filter((r) => !r.custom);
      assert.ok(components.length >= 4);
      const vpn = single(e, T.vpn);
      assert.equal(vpn.parentUrn, undefined, "the Vpn is top-level");
      for (const c of components.filter((x) => x !== vpn)) {
        assert.ok(c.type.startsWith(COMPONENT_PREFIX), `${c.type} ${c.name} is not one of our components`);
        assert.equal(c.parentUrn, vpn.urn, `${c.type} ${c.name} should be a child of the Vpn`);
      }
    });

    it("every custom resource's parent is one of our components, the one that owns its type", () => {
      const e = evaluations[mode];
      for (const r of e.resources.filter((x) => x.custom)) {
        const parent = parentOf(e, r);
        assert.ok(parent, `${r.type} ${r.name} has no parent`);
        assert.ok(parent.type.startsWith(COMPONENT_PREFIX), `${r.type} ${r.name} has parent ${parent.type}`);
        const owners = OWNERS[r.type];
        assert.ok(owners, `no owner known for ${r.type}`);
        assert.ok(owners.includes(parent.type), `${r.type} ${r.name} belongs to ${owners.join(" or ")}, not ${parent.type}`);
      }
    });

    it("resource names are unique per type (no URN collisions)", () => {
      const urns = evaluations[mode].resources.map((r) => r.urn);
      assert.equal(new Set(urns).size, urns.length);
    });
  });
}

/** Phase 2 integrity in Azure's words, from the test's own table (constraints.md). */
const AZURE_IPSEC_INTEGRITY: Record<string, string> = { SHA1: "SHA1", "SHA2-256": "SHA256" };
const AZURE_GCM: Record<string, string> = { "AES128-GCM-16": "GCMAES128", "AES256-GCM-16": "GCMAES256" };

function only<T>(values: unknown, what: string): T {
  assert.ok(Array.isArray(values) && values.length === 1, `${what}: expected exactly one value, got ${JSON.stringify(values)}`);
  return values[0] as T;
}

/** Maps AWS tunnel N's inputs and the Azure connection's policy into one vocabulary and compares. */
function assertEquivalentIpsec(t: TunnelView): void {
  const p = `tunnel${t.tunnelNumber}`;
  const aws = t.vpnConnection.inputs;
  const azure = t.connection.inputs;
  const what = `${t.vpnConnection.name} ${p} vs ${t.connection.name}`;
  const policies = expectList(azure, "ipsecPolicies");
  assert.equal(policies.length, 1, `${what}: one custom policy`);
  const policy = policies[0] as AzureIpsecPolicy;
  const azureSide = fromAzureIpsecPolicy(policy);
  assert.deepEqual(
    {
      phase1: { encryption: only<string>(aws[`${p}Phase1EncryptionAlgorithms`], "phase 1 encryption"), integrity: only<string>(aws[`${p}Phase1IntegrityAlgorithms`], "phase 1 integrity"), dhGroup: only<number>(aws[`${p}Phase1DhGroupNumbers`], "phase 1 DH") },
      phase2: { encryption: only<string>(aws[`${p}Phase2EncryptionAlgorithms`], "phase 2 encryption"), pfsGroup: only<number>(aws[`${p}Phase2DhGroupNumbers`], "phase 2 DH"), lifetimeSeconds: aws[`${p}Phase2LifetimeSeconds`] },
    },
    azureSide,
    what,
  );
  // Phase 2 integrity: with GCM Azure repeats the cipher; otherwise it must name AWS's integrity.
  const phase2Encryption = only<string>(aws[`${p}Phase2EncryptionAlgorithms`], "phase 2 encryption");
  const expectedIntegrity = AZURE_GCM[phase2Encryption] ?? AZURE_IPSEC_INTEGRITY[only<string>(aws[`${p}Phase2IntegrityAlgorithms`], "phase 2 integrity")];
  assert.equal(policy.ipsecIntegrity, expectedIntegrity, `${what}: phase 2 integrity`);
  assert.notEqual(policy.pfsGroup, "None", `${what}: PFS`);
  // Azure's IKE SA lifetime is fixed at 28800 s; AWS's phase 1 must match it.
  assert.equal(aws[`${p}Phase1LifetimeSeconds`], 28_800, `${what}: phase 1 lifetime`);
  assert.ok(expectNum(aws, `${p}Phase2LifetimeSeconds`) < expectNum(aws, `${p}Phase1LifetimeSeconds`));
  // IKE version, DPD, and who initiates.
  assert.deepEqual(aws[`${p}IkeVersions`], [azure["connectionProtocol"] === "IKEv2" ? "ikev2" : "ikev1"], `${what}: IKE version`);
  assert.equal(aws[`${p}DpdTimeoutSeconds`], azure["dpdTimeoutSeconds"], `${what}: DPD timeout`);
  assert.equal(aws[`${p}DpdTimeoutAction`], "restart", `${what}: DPD action`);
  assert.equal(aws[`${p}StartupAction`], "start", `${what}: AWS initiates`);
  assert.equal(azure["connectionMode"], "Default", `${what}: Azure dials once it exists and answers AWS`);
  assert.equal(azure["usePolicyBasedTrafficSelectors"], false, `${what}: route-based`);
  assert.equal(aws["tunnelInsideIpVersion"], "ipv4");
}
