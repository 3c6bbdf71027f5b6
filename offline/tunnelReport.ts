/**
 * The plan's tunnel and BGP rows: each AWS tunnel as offline/join.ts joins it to the Azure side that
 * answers it (named by the join: c1t1, ...), with both sides' IPsec settings compared and the BGP
 * session's addresses and ASNs checked. Pure.
 */
import { fromAzureIpsecPolicy, type AzureIpsecPolicy } from "../infra/ipsec";
import { toAwsPresharedKey } from "../infra/keys";
import { at, list, text } from "../infra/props";
import { TYPES } from "../infra/types";
import type { Evaluation, RegisteredResource } from "./evaluation";
import { joinTunnels } from "./join";
import type { BgpRow, TunnelRow } from "./planReport";
import { cloudNameOf, onOff } from "./readers";

function awsProposalOf(vpn: RegisteredResource, n: number): { text: string; values: Record<string, string> } {
  const one = (suffix: string): string => list(vpn.inputs, `tunnel${n}${suffix}`).map(String).join("+") || "?";
  const scalar = (suffix: string): string => text(vpn.inputs, `tunnel${n}${suffix}`) ?? "?";
  const values = {
    ike: one("IkeVersions"),
    p1enc: one("Phase1EncryptionAlgorithms"),
    p1int: one("Phase1IntegrityAlgorithms"),
    p1dh: one("Phase1DhGroupNumbers"),
    p1life: scalar("Phase1LifetimeSeconds"),
    p2enc: one("Phase2EncryptionAlgorithms"),
    p2int: one("Phase2IntegrityAlgorithms"),
    p2dh: one("Phase2DhGroupNumbers"),
    p2life: scalar("Phase2LifetimeSeconds"),
    dpd: scalar("DpdTimeoutSeconds"),
    dpdAction: scalar("DpdTimeoutAction"),
    startup: scalar("StartupAction"),
  };
  return {
    text:
      `${values.ike}; P1 ${values.p1enc}/${values.p1int}/DH${values.p1dh} ${values.p1life}s; ` +
      `P2 ${values.p2enc}/${values.p2int}/PFS${values.p2dh} ${values.p2life}s; DPD ${values.dpd}s ${values.dpdAction}; startup ${values.startup}`,
    values,
  };
}

function azurePolicyOf(connection: RegisteredResource): { text: string; policy?: AzureIpsecPolicy } {
  const raw = at(connection.inputs, "ipsecPolicies", 0);
  const protocol = text(connection.inputs, "connectionProtocol") ?? "?";
  const tail = `DPD ${text(connection.inputs, "dpdTimeoutSeconds") ?? "?"}s; mode ${text(connection.inputs, "connectionMode") ?? "Default"}; policy-based selectors ${onOff(at(connection.inputs, "usePolicyBasedTrafficSelectors"))}`;
  if (raw === undefined || raw === null || typeof raw !== "object") return { text: `${protocol}; NO custom IPsec policy (Azure's defaults offer no PFS); ${tail}` };
  const p = raw as AzureIpsecPolicy;
  return {
    policy: p,
    text: `${protocol}; IKE ${p.ikeEncryption}/${p.ikeIntegrity}/${p.dhGroup}; IPsec ${p.ipsecEncryption}/${p.ipsecIntegrity}/${p.pfsGroup} ${p.saLifeTimeSeconds}s ${p.saDataSizeKilobytes}KB; ${tail}`,
  };
}

function ipsecMismatches(aws: Record<string, string>, connection: RegisteredResource, policy: AzureIpsecPolicy | undefined): string[] {
  const problems: string[] = [];
  if (!policy) return ["the Azure connection has no custom IPsec policy"];
  const back = fromAzureIpsecPolicy(policy);
  const check = (what: string, awsValue: string, azureValue: string | number): void => {
    if (awsValue !== String(azureValue)) problems.push(`${what}: AWS ${awsValue}, Azure ${azureValue}`);
  };
  check("IKE version", aws["ike"]!, (text(connection.inputs, "connectionProtocol") ?? "?").toLowerCase());
  check("phase 1 encryption", aws["p1enc"]!, back.phase1.encryption);
  check("phase 1 integrity", aws["p1int"]!, back.phase1.integrity);
  check("phase 1 DH group", aws["p1dh"]!, back.phase1.dhGroup);
  check("phase 2 encryption", aws["p2enc"]!, back.phase2.encryption);
  check("phase 2 PFS group", aws["p2dh"]!, back.phase2.pfsGroup);
  check("phase 2 lifetime", aws["p2life"]!, back.phase2.lifetimeSeconds);
  check("DPD timeout", aws["dpd"]!, text(connection.inputs, "dpdTimeoutSeconds") ?? "?");
  return problems;
}

/** Every joined tunnel's row, and a BGP row for each whose connection runs BGP; both sorted by tunnel id. */
export function tunnelReport(evaluation: Evaluation): { tunnels: TunnelRow[]; bgp: BgpRow[] } {
  const of = (type: string): RegisteredResource[] => evaluation.resources.filter((r) => r.custom && r.type === type).sort((a, b) => a.name.localeCompare(b.name));
  const passwords = of(TYPES.password);
  const amazonAsn = text(of(TYPES.vpnGateway)[0]?.inputs, "amazonSideAsn") ?? text(of(TYPES.transitGateway)[0]?.inputs, "amazonSideAsn");
  const tunnels: TunnelRow[] = [];
  const bgp: BgpRow[] = [];
  for (const joined of joinTunnels(evaluation)) {
    const { vpn, tunnelNumber: n, customerGateway: cgw, publicIp: pip, localNetworkGateway: lng, connection, gateway } = joined;
    {
      const outside = joined.outsideAddress ?? "?";
      const insideCidr = text(vpn.state, `tunnel${n}InsideCidr`) ?? "?";
      const awsKey = vpn.inputs[`tunnel${n}PresharedKey`];
      const keyResource = passwords.find((p) => {
        const result = text(p.state, "result");
        return result !== undefined && (result === awsKey || toAwsPresharedKey(result) === awsKey);
      });
      const instance = joined.instance ?? -1;
      const id = joined.id;
      const aws = awsProposalOf(vpn, n);
      const azure = connection ? azurePolicyOf(connection) : { text: "no Azure connection found for this tunnel" };
      const mismatches = connection ? ipsecMismatches(aws.values, connection, azure.policy) : ["no Azure connection found for this tunnel"];
      const row: TunnelRow = {
        id,
        vpnConnection: vpn.name,
        tunnelNumber: n,
        awsOutsideIp: outside,
        insideCidr,
        awsInsideAddress: text(vpn.state, `tunnel${n}VgwInsideAddress`) ?? "?",
        azureInsideAddress: text(vpn.state, `tunnel${n}CgwInsideAddress`) ?? "?",
        azurePublicIp: pip ? text(pip.state, "ipAddress") : undefined,
        azureInstance: instance >= 0 ? instance : undefined,
        customerGateway: cgw ? (cloudNameOf(cgw) ?? cgw.name) : undefined,
        localNetworkGateway: lng ? (cloudNameOf(lng) ?? lng.name) : undefined,
        connection: connection ? (cloudNameOf(connection) ?? connection.name) : undefined,
        keyResource: keyResource?.name,
        keysMatch: connection !== undefined && typeof awsKey === "string" && connection.inputs["sharedKey"] === awsKey,
        awsProposal: aws.text,
        azurePolicy: azure.text,
        ipsecAgree: mismatches.length === 0,
        ipsecMismatches: mismatches,
      };
      tunnels.push(row);

      if (connection && at(connection.inputs, "enableBgp") === true) {
        const problems: string[] = [];
        const ipConfigName = gateway && instance >= 0 ? text(gateway.inputs, "ipConfigurations", instance, "name") : undefined;
        const azurePeer = text(joined.bgpEntry, "customBgpIpAddress");
        const azureAsn = gateway ? text(gateway.inputs, "bgpSettings", "asn") : undefined;
        const awsAsn = lng ? text(lng.inputs, "bgpSettings", "asn") : undefined;
        const awsPeer = lng ? text(lng.inputs, "bgpSettings", "bgpPeeringAddress") : undefined;
        if (azurePeer !== row.azureInsideAddress) problems.push(`Azure peering address ${azurePeer ?? "(none)"} is not the tunnel's Azure inside address ${row.azureInsideAddress}`);
        if (awsPeer !== row.awsInsideAddress) problems.push(`AWS peering address ${awsPeer ?? "(none)"} is not the tunnel's AWS inside address ${row.awsInsideAddress}`);
        if (amazonAsn !== undefined && awsAsn !== amazonAsn) problems.push(`local network gateway ASN ${awsAsn ?? "(none)"} is not the Amazon-side ASN ${amazonAsn}`);
        if (cgw && azureAsn !== text(cgw.inputs, "bgpAsn")) problems.push(`customer gateway ASN ${text(cgw.inputs, "bgpAsn") ?? "?"} is not the Azure gateway ASN ${azureAsn ?? "?"}`);
        const declared = gateway && instance >= 0 ? list(gateway.inputs, "bgpSettings", "bgpPeeringAddresses", instance, "customBgpIpAddresses").map(String) : [];
        if (azurePeer !== undefined && !declared.includes(azurePeer)) problems.push(`the gateway's instance ${instance} does not declare APIPA address ${azurePeer}`);
        bgp.push({
          tunnel: id,
          azureInstance: instance >= 0 ? instance : undefined,
          azureIpConfiguration: ipConfigName,
          azureAsn,
          azurePeeringAddress: azurePeer,
          awsAsn,
          awsPeeringAddress: awsPeer,
          consistent: problems.length === 0,
          problems,
        });
      }
    }
  }
  tunnels.sort((a, b) => a.id.localeCompare(b.id));
  bgp.sort((a, b) => a.tunnel.localeCompare(b.tunnel));
  return { tunnels, bgp };
}
