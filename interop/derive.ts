/**
 * Each side's view of every tunnel, derived from the declared resources only (the inputs the
 * program gives the providers, and the providers' mocked outputs): never from the shared IPsec
 * profile. If the program wires something wrong, the views disagree and the daemons fail.
 */
import { num, numbers, record, str, strings } from "../infra/props";
import { TYPES } from "../infra/types";
import type { Evaluation, RegisteredResource } from "../offline/evaluate";
import { existingHubResources } from "../offline/existingHub";
import { joinTunnels } from "../offline/join";
import { awsAnnounced, azureAnnounced, isSpokeResource } from "./spokes";
import type { AwsTunnelView, AzureIpsecPolicyView, AzureTunnelView, BgpView, TunnelViews } from "./views";

type Props = Record<string, unknown>;


export class DeriveError extends Error {}

/** A declared string: the interop check cannot run without it. */
function need(props: Props, key: string, where: string): string {
  const value = str(props, key);
  if (value === undefined) throw new DeriveError(`${where}: ${key} is not declared`);
  return value;
}
/** A declared number (or numeric string). */
function needNum(props: Props, key: string, where: string): number {
  const value = num(props, key);
  if (value === undefined) throw new DeriveError(`${where}: ${key} is not declared`);
  return value;
}

/** Derives both views of every tunnel in an evaluation. */
export function deriveTunnelViews(evaluation: Evaluation): TunnelViews[] {
  if (evaluation.error) throw new DeriveError(`the ${evaluation.stack} program failed: ${evaluation.error.message}`);
  // An existing hub is read, not declared: its gateways and networks as the deployment reads them.
  const resources = [...evaluation.resources, ...existingHubResources(evaluation)];
  const of = (type: string): RegisteredResource[] => resources.filter((r) => r.type === type);
  const byId = (type: string, id: unknown): RegisteredResource | undefined => of(type).find((r) => r.id !== undefined && r.id === id);
  const one = (type: string): RegisteredResource => {
    const found = of(type).filter((r) => !isSpokeResource(r));
    if (found.length !== 1) throw new DeriveError(`expected one ${type}, found ${found.length}`);
    return found[0]!;
  };

  const vpc = one(TYPES.vpc);
  const vnet = one(TYPES.vnet);
  const gateway = one(TYPES.gateway);
  const gatewayId = gateway.id ?? "";
  const ipConfigs = (gateway.inputs["ipConfigurations"] as unknown[] | undefined ?? []).map((v) => record(v));
  // Instance k of the gateway speaks from the public IP of its k-th IP configuration.
  const instances = ipConfigs.map((config) => {
    const pip = byId(TYPES.publicIp, record(config["publicIPAddress"])["id"]);
    return {
      ipConfigurationId: `${gatewayId}/ipConfigurations/${String(config["name"])}`,
      publicIp: pip ? need(pip.state, "ipAddress", pip.name) : "",
    };
  });
  const gatewayBgp = record(gateway.inputs["bgpSettings"]);

  const views: TunnelViews[] = [];
  for (const joined of joinTunnels(evaluation)) {
    const { vpn, tunnelNumber: n, id: tunnelId } = joined;
    const where = `VPN connection ${vpn.name}`;
    const cgw = joined.customerGateway;
    if (!cgw) throw new DeriveError(`${where}: its customerGatewayId matches no customer gateway`);
    const awsGateway = byId(TYPES.vpnGateway, vpn.inputs["vpnGatewayId"]) ?? byId(TYPES.transitGateway, vpn.inputs["transitGatewayId"]);
    if (!awsGateway) throw new DeriveError(`${where}: attached to no declared virtual private gateway or transit gateway`);
    const bgp = vpn.inputs["staticRoutesOnly"] !== true;
    const staticRoutes = of(TYPES.vpnConnectionRoute).filter((r) => r.inputs["vpnConnectionId"] === vpn.id).map((r) => need(r.inputs, "destinationCidrBlock", r.name));
    {
      const p = `tunnel${n}`;
      const outsideAddress = need(vpn.state, `${p}Address`, where);
      const awsView: AwsTunnelView = {
        tunnelId,
        outsideAddress,
        customerGatewayAddress: need(cgw.inputs, "ipAddress", cgw.name),
        presharedKey: need(vpn.inputs, `${p}PresharedKey`, where),
        ikeVersions: strings(vpn.inputs, `${p}IkeVersions`),
        phase1EncryptionAlgorithms: strings(vpn.inputs, `${p}Phase1EncryptionAlgorithms`),
        phase1IntegrityAlgorithms: strings(vpn.inputs, `${p}Phase1IntegrityAlgorithms`),
        phase1DhGroupNumbers: numbers(vpn.inputs, `${p}Phase1DhGroupNumbers`),
        phase2EncryptionAlgorithms: strings(vpn.inputs, `${p}Phase2EncryptionAlgorithms`),
        phase2IntegrityAlgorithms: strings(vpn.inputs, `${p}Phase2IntegrityAlgorithms`),
        phase2DhGroupNumbers: numbers(vpn.inputs, `${p}Phase2DhGroupNumbers`),
        phase1LifetimeSeconds: needNum(vpn.inputs, `${p}Phase1LifetimeSeconds`, where),
        phase2LifetimeSeconds: needNum(vpn.inputs, `${p}Phase2LifetimeSeconds`, where),
        dpdTimeoutSeconds: needNum(vpn.inputs, `${p}DpdTimeoutSeconds`, where),
        dpdTimeoutAction: str(vpn.inputs, `${p}DpdTimeoutAction`),
        startupAction: need(vpn.inputs, `${p}StartupAction`, where),
        insideCidr: need(vpn.inputs, `${p}InsideCidr`, where),
        localPrefixes: bgp ? awsAnnounced(evaluation, vpc, vpn) : [need(vpc.inputs, "cidrBlock", vpc.name)],
        remotePrefixes: bgp ? [] : staticRoutes,
        bgp: bgp
          ? {
              asn: needNum(awsGateway.inputs, "amazonSideAsn", awsGateway.name),
              localAddress: need(vpn.state, `${p}VgwInsideAddress`, where),
              peerAddress: need(vpn.state, `${p}CgwInsideAddress`, where),
              peerAsn: needNum(cgw.inputs, "bgpAsn", cgw.name),
            }
          : undefined,
      };

      // The Azure side that answers this tunnel: the local network gateway pointing at its address.
      const lng = joined.localNetworkGateway;
      if (!lng) throw new DeriveError(`tunnel ${tunnelId}: no Azure local network gateway points at the AWS outside address ${outsideAddress}`);
      const conn = joined.connection;
      if (!conn) throw new DeriveError(`tunnel ${tunnelId}: no Azure connection uses local network gateway ${lng.name}`);
      if (joined.gateway?.id !== gateway.id) throw new DeriveError(`tunnel ${tunnelId}: Azure connection ${conn.name} is not on the declared gateway`);
      // Azure instance k initiates and answers from public IP k; AWS accepts only its customer gateway's IP.
      const instanceIndex = joined.instance ?? 0;
      const instance = instances[instanceIndex];
      const policies = (conn.inputs["ipsecPolicies"] as unknown[] | undefined ?? []).map((v) => record(v));
      const policy = policies[0];
      const lngBgp = record(lng.inputs["bgpSettings"]);
      // The entry must name this instance's IP configuration on the declared gateway exactly.
      const customBgp = str(joined.bgpEntry, "ipConfigurationId") === instance?.ipConfigurationId ? record(joined.bgpEntry) : undefined;
      const azureBgp: BgpView | undefined = conn.inputs["enableBgp"] === true
        ? {
            asn: needNum(gatewayBgp, "asn", gateway.name),
            // Without a custom address for this instance Azure would use the instance's first APIPA address.
            localAddress: typeof customBgp?.["customBgpIpAddress"] === "string"
              ? customBgp["customBgpIpAddress"]
              : String((record((gatewayBgp["bgpPeeringAddresses"] as unknown[] | undefined)?.[instanceIndex])["customBgpIpAddresses"] as string[] | undefined)?.[0] ?? ""),
            peerAddress: need(lngBgp, "bgpPeeringAddress", lng.name),
            peerAsn: needNum(lngBgp, "asn", lng.name),
          }
        : undefined;
      const azureView: AzureTunnelView = {
        tunnelId,
        outsideAddress: instance?.publicIp ?? "",
        peerAddress: need(lng.inputs, "gatewayIpAddress", lng.name),
        sharedKey: need(conn.inputs, "sharedKey", conn.name),
        connectionProtocol: typeof conn.inputs["connectionProtocol"] === "string" ? conn.inputs["connectionProtocol"] : "IKEv2",
        ipsecPolicy: policy ? toPolicyView(policy, conn.name) : undefined,
        connectionMode: typeof conn.inputs["connectionMode"] === "string" ? conn.inputs["connectionMode"] : "Default",
        dpdTimeoutSeconds: typeof conn.inputs["dpdTimeoutSeconds"] === "number" ? conn.inputs["dpdTimeoutSeconds"] : 45,
        localPrefixes: conn.inputs["enableBgp"] === true ? azureAnnounced(evaluation, vnet) : strings(record(vnet.inputs["addressSpace"]), "addressPrefixes"),
        remotePrefixes: strings(record(lng.inputs["localNetworkAddressSpace"]), "addressPrefixes"),
        bgp: azureBgp,
      };
      views.push({ stack: evaluation.stack, tunnelId, aws: awsView, azure: azureView });
    }
  }
  if (views.length === 0) throw new DeriveError(`the ${evaluation.stack} program declares no VPN connection`);
  return views;
}

function toPolicyView(policy: Props, where: string): AzureIpsecPolicyView {
  return {
    ikeEncryption: need(policy, "ikeEncryption", where),
    ikeIntegrity: need(policy, "ikeIntegrity", where),
    dhGroup: need(policy, "dhGroup", where),
    ipsecEncryption: need(policy, "ipsecEncryption", where),
    ipsecIntegrity: need(policy, "ipsecIntegrity", where),
    pfsGroup: need(policy, "pfsGroup", where),
    saLifeTimeSeconds: needNum(policy, "saLifeTimeSeconds", where),
    saDataSizeKilobytes: needNum(policy, "saDataSizeKilobytes", where),
  };
}
