/**
 * The two committed stacks: the outputs contract (by value, no key in it), the document's names
 * and test hosts in dev, protection of the slow resources in prod.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { VpnConfig } from "../../infra/config";
import { CONTRACT_VERSION, OUTPUT_NAMES, type AwsContract, type AzureContract, type TestHostsContract, type TunnelContract } from "../../infra/outputs";
import { MOCK_AMI_ID } from "../../offline/mocks";
import {
  T,
  allStrings,
  at,
  evaluateModes,
  gatewayPublicIps,
  idOf,
  expectList,
  ofType,
  single,
  expectStr,
  expectStrings,
  tunnelsByWiring,
  type Evaluation,
} from "../helpers";

/** Exhaustive key lists: the compiler fails if a contract field is added without a test. */
type Exhaustive<K extends string, L extends readonly K[]> = Exclude<K, L[number]> extends never ? L : never;
const keysOf = <K extends string>() => <const L extends readonly K[]>(list: Exhaustive<K, L>): L => list;
const AZURE_KEYS = keysOf<keyof AzureContract>()(["resourceGroupName", "vnetId", "vnetName", "vnetAddressSpace", "gatewayId", "gatewayPublicIps"]);
const AWS_KEYS = keysOf<keyof AwsContract>()(["region", "vpcId", "vpcCidr", "gatewayKind", "gatewayId", "routeTableIds"]);
const TUNNEL_KEYS = keysOf<keyof TunnelContract>()(["id", "awsOutsideIp", "insideCidr", "awsVpnConnectionId", "azureLocalNetworkGatewayId", "azureConnectionId"]);
const TEST_HOST_KEYS = keysOf<keyof TestHostsContract>()(["awsPrivateIp", "azurePrivateIp", "pingFromAws", "pingFromAzure"]);

let dev: Evaluation;
let prod: Evaluation;
before(async () => {
  const all = await evaluateModes(["static-active-standby", "bgp-active-active-tgw"]);
  dev = all["static-active-standby"];
  prod = all["bgp-active-active-tgw"];
});

function configOf(e: Evaluation): VpnConfig {
  assert.ok(e.config);
  return e.config;
}

const sortedKeys = (value: unknown): string[] => Object.keys(value as object).sort();

for (const stack of ["dev", "prod"] as const) {
  describe(`outputs contract: ${stack}`, () => {
    let e: Evaluation;
    before(() => {
      e = stack === "dev" ? dev : prod;
    });

    it("the output names are the contract's, testHosts only with test hosts, monitoring only with monitoring", () => {
      const expected = OUTPUT_NAMES.filter((name) => (stack === "dev" ? name !== "monitoring" : name !== "testHosts"));
      assert.deepEqual(Object.keys(e.outputs).sort(), [...expected].sort());
      assert.equal(e.outputs["contractVersion"], CONTRACT_VERSION);
      assert.equal(e.outputs["routing"], configOf(e).routing);
    });

    it("azure: every field, by value from the Azure resources", () => {
      const azure = e.outputs["azure"];
      assert.deepEqual(sortedKeys(azure), [...AZURE_KEYS].sort());
      assert.equal(at(azure, "resourceGroupName"), single(e, T.resourceGroup).state["name"]);
      assert.equal(at(azure, "resourceGroupName"), configOf(e).resourceGroupName);
      assert.equal(at(azure, "vnetId"), idOf(single(e, T.vnet)));
      assert.equal(at(azure, "vnetName"), configOf(e).vnetName);
      assert.deepEqual(at(azure, "vnetAddressSpace"), configOf(e).vnetAddressSpace);
      assert.equal(at(azure, "gatewayId"), idOf(single(e, T.gateway)));
      assert.deepEqual(at(azure, "gatewayPublicIps"), gatewayPublicIps(e).map((pip) => expectStr(pip.state, "ipAddress")));
    });

    it("aws: every field, by value from the AWS resources", () => {
      const aws = e.outputs["aws"];
      const config = configOf(e);
      assert.deepEqual(sortedKeys(aws), [...AWS_KEYS].sort());
      assert.equal(at(aws, "region"), config.awsRegion);
      assert.equal(at(aws, "vpcId"), idOf(single(e, T.vpc)));
      assert.equal(at(aws, "vpcCidr"), config.vpcCidr);
      assert.equal(at(aws, "gatewayKind"), config.awsAttachment);
      assert.equal(at(aws, "gatewayId"), idOf(single(e, config.awsAttachment === "tgw" ? T.transitGateway : T.vpnGateway)));
      assert.deepEqual(at(aws, "routeTableIds"), [idOf(single(e, T.routeTable))]);
    });

    it("tunnels: one entry per tunnel, in tunnel order, every field by value", () => {
      const tunnels = expectList(e.outputs, "tunnels");
      const wired = tunnelsByWiring(e);
      assert.equal(tunnels.length, wired.length);
      assert.deepEqual(tunnels.map((t) => at(t, "id")), wired.map((w) => `c${w.instance + 1}t${w.tunnelNumber}`));
      tunnels.forEach((t, i) => {
        const w = wired[i]!;
        assert.deepEqual(sortedKeys(t), [...TUNNEL_KEYS].sort());
        assert.equal(at(t, "awsOutsideIp"), w.vpnConnection.state[`tunnel${w.tunnelNumber}Address`]);
        assert.equal(at(t, "insideCidr"), w.vpnConnection.inputs[`tunnel${w.tunnelNumber}InsideCidr`]);
        assert.equal(at(t, "insideCidr"), configOf(e).tunnelInsideCidrs[i]);
        assert.equal(at(t, "awsVpnConnectionId"), idOf(w.vpnConnection));
        assert.equal(at(t, "azureLocalNetworkGatewayId"), idOf(w.lng));
        assert.equal(at(t, "azureConnectionId"), idOf(w.connection));
      });
    });

    it("no output holds a key, and no output needs to be secret", () => {
      const keys = ofType(e, T.vpnConnection).flatMap((vpn) => [expectStr(vpn.inputs, "tunnel1PresharedKey"), expectStr(vpn.inputs, "tunnel2PresharedKey")]);
      const passwords = ofType(e, T.password).map((p) => expectStr(p.state, "result"));
      const texts = allStrings(e.outputs);
      for (const secret of [...keys, ...passwords]) {
        assert.ok(!texts.some((text) => text.includes(secret)), "a pre-shared key appears in the outputs");
        assert.ok(!JSON.stringify(e.outputs).includes(secret));
        assert.ok(!e.warnings.some((w) => w.includes(secret)), "a pre-shared key appears in a warning");
      }
      assert.deepEqual(e.secretOutputs, []);
    });
  });
}

describe("dev: the document's topology and names", () => {
  it("Azure names: rg-azure-aws, vnet-azure, subnet-01, GatewaySubnet, vpn-azure-aws, pip-vpn-azure-aws", () => {
    assert.equal(single(dev, T.resourceGroup).inputs["resourceGroupName"], "rg-azure-aws");
    assert.equal(single(dev, T.vnet).inputs["virtualNetworkName"], "vnet-azure");
    assert.deepEqual(ofType(dev, T.subnet).map((s) => [s.inputs["subnetName"], s.inputs["addressPrefix"]]).sort(), [["GatewaySubnet", "172.10.0.0/27"], ["subnet-01", "172.10.1.0/24"]]);
    assert.equal(single(dev, T.gateway).inputs["virtualNetworkGatewayName"], "vpn-azure-aws");
    assert.deepEqual(gatewayPublicIps(dev).map((p) => p.inputs["publicIpAddressName"]), ["pip-vpn-azure-aws"]);
  });

  it("the gateway: route-based VPN, VpnGw1AZ Generation1, active-standby, no BGP, in the GatewaySubnet", () => {
    const gateway = single(dev, T.gateway);
    assert.equal(gateway.inputs["gatewayType"], "Vpn");
    assert.equal(gateway.inputs["vpnType"], "RouteBased");
    assert.deepEqual(gateway.inputs["sku"], { name: "VpnGw1AZ", tier: "VpnGw1AZ" });
    assert.equal(gateway.inputs["vpnGatewayGeneration"], "Generation1");
    assert.equal(gateway.inputs["activeActive"], false);
    assert.equal(gateway.inputs["enableBgp"], false);
    const gatewaySubnet = ofType(dev, T.subnet).find((s) => s.inputs["subnetName"] === "GatewaySubnet")!;
    assert.equal(at(gateway.inputs, "ipConfigurations", 0, "subnet", "id"), idOf(gatewaySubnet));
  });

  it("the public IP: Standard, static, zone-redundant", () => {
    const [pip] = gatewayPublicIps(dev);
    assert.deepEqual(pip!.inputs["zones"], ["1", "2", "3"]);
    assert.equal(pip!.inputs["publicIPAllocationMethod"], "Static");
    assert.deepEqual(pip!.inputs["sku"], { name: "Standard", tier: "Regional" });
  });

  it("tunnel 1 is lng-azure-aws, tunnel 2 lng-azure-aws-standby", () => {
    assert.deepEqual(tunnelsByWiring(dev).map((t) => t.lng.inputs["localNetworkGatewayName"]), ["lng-azure-aws", "lng-azure-aws-standby"]);
  });

  it("nothing is protected in dev", () => {
    assert.deepEqual(dev.resources.filter((r) => r.protect).map((r) => `${r.type} ${r.name}`), []);
  });
});

describe("dev: test hosts", () => {
  it("AWS security group: SSH only from adminCidr, ICMP from the Azure prefixes, nothing else in", () => {
    const config = configOf(dev);
    const sg = single(dev, T.securityGroup);
    assert.equal(sg.inputs["vpcId"], idOf(single(dev, T.vpc)));
    const ingress = expectList(sg.inputs, "ingress");
    assert.equal(ingress.length, 2);
    const icmp = ingress.find((r) => at(r, "protocol") === "icmp");
    const ssh = ingress.find((r) => at(r, "protocol") === "tcp");
    assert.deepEqual(expectStrings(icmp, "cidrBlocks"), config.vnetAddressSpace);
    assert.deepEqual([at(ssh, "fromPort"), at(ssh, "toPort")], [22, 22]);
    assert.deepEqual(expectStrings(ssh, "cidrBlocks"), [config.adminCidr]);
    assert.notEqual(config.adminCidr, "0.0.0.0/0");
  });

  it("AWS instance: in the workload subnet, behind the security group, with the key pair and the looked-up AMI", () => {
    const instance = single(dev, T.instance);
    assert.equal(instance.inputs["subnetId"], idOf(single(dev, T.awsSubnet)));
    assert.deepEqual(instance.inputs["vpcSecurityGroupIds"], [idOf(single(dev, T.securityGroup))]);
    assert.equal(instance.inputs["keyName"], single(dev, T.keyPair).state["keyName"]);
    assert.equal(single(dev, T.keyPair).inputs["publicKey"], configOf(dev).sshPublicKey);
    assert.equal(instance.inputs["ami"], MOCK_AMI_ID);
  });

  it("AWS: an internet gateway on the VPC and a default route to it in the workload route table", () => {
    const igw = single(dev, T.internetGateway);
    assert.equal(igw.inputs["vpcId"], idOf(single(dev, T.vpc)));
    const route = ofType(dev, T.route).find((r) => r.inputs["destinationCidrBlock"] === "0.0.0.0/0");
    assert.ok(route);
    assert.equal(route.inputs["gatewayId"], idOf(igw));
    assert.equal(route.inputs["routeTableId"], idOf(single(dev, T.routeTable)));
  });

  it("Azure NSG: ICMP from the VPC, SSH from adminCidr only", () => {
    const config = configOf(dev);
    const rules = expectList(single(dev, T.nsg).inputs, "securityRules");
    assert.equal(rules.length, 2);
    for (const rule of rules) {
      assert.equal(at(rule, "direction"), "Inbound");
      assert.equal(at(rule, "access"), "Allow");
      const sources = [at(rule, "sourceAddressPrefix"), ...((at(rule, "sourceAddressPrefixes") as unknown[] | undefined) ?? [])].filter((s) => s !== undefined);
      for (const source of sources) assert.ok(!["*", "Internet", "0.0.0.0/0", "Any"].includes(String(source)), `open source ${String(source)}`);
    }
    const icmp = rules.find((r) => at(r, "protocol") === "Icmp");
    const ssh = rules.find((r) => at(r, "protocol") === "Tcp");
    assert.deepEqual(at(icmp, "sourceAddressPrefixes"), [config.vpcCidr]);
    assert.equal(at(ssh, "destinationPortRange"), "22");
    assert.equal(at(ssh, "sourceAddressPrefix"), config.adminCidr);
  });

  it("Azure VM: SSH key only, no password, on a NIC in the workload subnet behind the NSG", () => {
    const vm = single(dev, T.vm);
    assert.equal(at(vm.inputs, "osProfile", "linuxConfiguration", "disablePasswordAuthentication"), true);
    assert.equal(at(vm.inputs, "osProfile", "adminPassword"), undefined);
    assert.equal(at(vm.inputs, "osProfile", "linuxConfiguration", "ssh", "publicKeys", 0, "keyData"), configOf(dev).sshPublicKey);
    const nic = single(dev, T.nic);
    assert.equal(at(vm.inputs, "networkProfile", "networkInterfaces", 0, "id"), idOf(nic));
    assert.equal(at(nic.inputs, "networkSecurityGroup", "id"), idOf(single(dev, T.nsg)));
    const workload = ofType(dev, T.subnet).find((s) => s.inputs["subnetName"] === "subnet-01")!;
    assert.equal(at(nic.inputs, "ipConfigurations", 0, "subnet", "id"), idOf(workload));
  });

  it("outputs: both private IPs and the ping commands", () => {
    const hosts = dev.outputs["testHosts"];
    assert.deepEqual(sortedKeys(hosts), [...TEST_HOST_KEYS].sort());
    const awsIp = expectStr(single(dev, T.instance).state, "privateIp");
    const azureIp = expectStr(single(dev, T.nic).state, "ipConfigurations", 0, "privateIPAddress");
    assert.equal(at(hosts, "awsPrivateIp"), awsIp);
    assert.equal(at(hosts, "azurePrivateIp"), azureIp);
    assert.equal(at(hosts, "pingFromAws"), `ping -c 4 ${azureIp}`);
    assert.equal(at(hosts, "pingFromAzure"), `ping -c 4 ${awsIp}`);
  });
});

describe("prod: no test hosts, slow resources protected", () => {
  it("no test host resources", () => {
    for (const type of [T.testHosts, T.nsg, T.nic, T.vm, T.internetGateway, T.securityGroup, T.keyPair, T.instance]) {
      assert.equal(ofType(prod, type).length, 0, type);
    }
    assert.equal(prod.outputs["testHosts"], undefined);
  });

  it("the gateway, its public IPs, the VPN connections and customer gateways are protected", () => {
    const guarded = [single(prod, T.gateway), ...gatewayPublicIps(prod), ...ofType(prod, T.vpnConnection), ...ofType(prod, T.customerGateway)];
    assert.equal(guarded.length, 1 + 2 + 2 + 2);
    for (const r of guarded) assert.equal(r.protect, true, `${r.type} ${r.name}`);
  });

  it("so are the transit gateway and the VPC", () => {
    assert.equal(single(prod, T.transitGateway).protect, true);
    assert.equal(single(prod, T.vpc).protect, true);
  });

  it("cheap, re-creatable resources stay unprotected", () => {
    for (const type of [T.lng, T.connection, T.password, T.route, T.awsSubnet]) {
      for (const r of ofType(prod, type)) assert.equal(r.protect, false, `${r.type} ${r.name}`);
    }
  });

  it("the gateway: VpnGw2AZ Generation2, active-active, BGP with ASN 65010", () => {
    const gateway = single(prod, T.gateway);
    assert.deepEqual(gateway.inputs["sku"], { name: "VpnGw2AZ", tier: "VpnGw2AZ" });
    assert.equal(gateway.inputs["vpnGatewayGeneration"], "Generation2");
    assert.equal(gateway.inputs["activeActive"], true);
    assert.equal(gateway.inputs["enableBgp"], true);
    assert.equal(at(gateway.inputs, "bgpSettings", "asn"), 65010);
    assert.deepEqual(gatewayPublicIps(prod).map((p) => p.inputs["publicIpAddressName"]), ["pip-vpngw-prod", "pip-vpngw-prod-2"]);
    assert.equal(single(prod, T.vpc).inputs["cidrBlock"], "10.30.0.0/16");
  });
});
