/**
 * Each side's view of every tunnel, derived from the declared resources only (the inputs the
 * program gives the providers, and the providers' mocked outputs): never from the shared IPsec
 * profile. If the program wires something wrong, the views disagree and the daemons fail.
 */
import type { Evaluation, RegisteredResource } from "../offline/evaluate";
import { awsAnnounced, azureAnnounced, isSpokeResource } from "./spokes";
import type { AwsTunnelView, AzureIpsecPolicyView, AzureTunnelView, BgpView, TunnelViews } from "./views";

type Props = Record<string, unknown>;

const T = {
  vpn: "aws:ec2/vpnConnection:VpnConnection",
  cgw: "aws:ec2/customerGateway:CustomerGateway",
  vgw: "aws:ec2/vpnGateway:VpnGateway",
  tgw: "aws:ec2transitgateway/transitGateway:TransitGateway",
  vpc: "aws:ec2/vpc:Vpc",
  route: "aws:ec2/vpnConnectionRoute:VpnConnectionRoute",
  lng: "azure-native:network:LocalNetworkGateway",
  conn: "azure-native:network:VirtualNetworkGatewayConnection",
  gateway: "azure-native:network:VirtualNetworkGateway",
  pip: "azure-native:network:PublicIPAddress",
  vnet: "azure-native:network:VirtualNetwork",
} as const;

export class DeriveError extends Error {}

function str(props: Props, key: string, where: string): string {
  const value = props[key];
  if (typeof value !== "string") throw new DeriveError(`${where}: ${key} is not declared`);
  return value;
}
function num(props: Props, key: string, where: string): number {
  const value = props[key];
  const n = typeof value === "string" ? Number(value) : value;
  if (typeof n !== "number" || Number.isNaN(n)) throw new DeriveError(`${where}: ${key} is not declared`);
  return n;
}
function strings(props: Props, key: string): string[] {
  const value = props[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
function numbers(props: Props, key: string): number[] {
  const value = props[key];
  return Array.isArray(value) ? value.map(Number).filter((n) => !Number.isNaN(n)) : [];
}
function obj(value: unknown): Props {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Props) : {};
}

/** Derives both views of every tunnel in an evaluation. */
export function deriveTunnelViews(evaluation: Evaluation): TunnelViews[] {
  if (evaluation.error) throw new DeriveError(`the ${evaluation.stack} program failed: ${evaluation.error.message}`);
  const of = (type: string): RegisteredResource[] => evaluation.resources.filter((r) => r.type === type);
  const byId = (type: string, id: unknown): RegisteredResource | undefined => of(type).find((r) => r.id !== undefined && r.id === id);
  const one = (type: string): RegisteredResource => {
    const found = of(type).filter((r) => !isSpokeResource(r));
    if (found.length !== 1) throw new DeriveError(`expected one ${type}, found ${found.length}`);
    return found[0]!;
  };

  const vpc = one(T.vpc);
  const vnet = one(T.vnet);
  const gateway = one(T.gateway);
  const gatewayId = gateway.id ?? "";
  const ipConfigs = (gateway.inputs["ipConfigurations"] as unknown[] | undefined ?? []).map(obj);
  // Instance k of the gateway speaks from the public IP of its k-th IP configuration.
  const instances = ipConfigs.map((config) => {
    const pip = byId(T.pip, obj(config["publicIPAddress"])["id"]);
    return {
      ipConfigurationId: `${gatewayId}/ipConfigurations/${String(config["name"])}`,
      publicIp: pip ? str(pip.state, "ipAddress", pip.name) : "",
    };
  });
  const gatewayBgp = obj(gateway.inputs["bgpSettings"]);

  const views: TunnelViews[] = [];
  for (const vpn of of(T.vpn)) {
    const where = `VPN connection ${vpn.name}`;
    const cgw = byId(T.cgw, vpn.inputs["customerGatewayId"]);
    if (!cgw) throw new DeriveError(`${where}: its customerGatewayId matches no customer gateway`);
    const awsGateway = byId(T.vgw, vpn.inputs["vpnGatewayId"]) ?? byId(T.tgw, vpn.inputs["transitGatewayId"]);
    if (!awsGateway) throw new DeriveError(`${where}: attached to no declared virtual private gateway or transit gateway`);
    const bgp = vpn.inputs["staticRoutesOnly"] !== true;
    const staticRoutes = of(T.route).filter((r) => r.inputs["vpnConnectionId"] === vpn.id).map((r) => str(r.inputs, "destinationCidrBlock", r.name));
    const pairName = vpn.name.replace(/-vpn$/, "").replace(/^tunnels-/, "");
    for (const n of [1, 2] as const) {
      const tunnelId = `${pairName}t${n}`;
      const p = `tunnel${n}`;
      const outsideAddress = str(vpn.state, `${p}Address`, where);
      const awsView: AwsTunnelView = {
        tunnelId,
        outsideAddress,
        customerGatewayAddress: str(cgw.inputs, "ipAddress", cgw.name),
        presharedKey: str(vpn.inputs, `${p}PresharedKey`, where),
        ikeVersions: strings(vpn.inputs, `${p}IkeVersions`),
        phase1EncryptionAlgorithms: strings(vpn.inputs, `${p}Phase1EncryptionAlgorithms`),
        phase1IntegrityAlgorithms: strings(vpn.inputs, `${p}Phase1IntegrityAlgorithms`),
        phase1DhGroupNumbers: numbers(vpn.inputs, `${p}Phase1DhGroupNumbers`),
        phase2EncryptionAlgorithms: strings(vpn.inputs, `${p}Phase2EncryptionAlgorithms`),
        phase2IntegrityAlgorithms: strings(vpn.inputs, `${p}Phase2IntegrityAlgorithms`),
        phase2DhGroupNumbers: numbers(vpn.inputs, `${p}Phase2DhGroupNumbers`),
        phase1LifetimeSeconds: num(vpn.inputs, `${p}Phase1LifetimeSeconds`, where),
        phase2LifetimeSeconds: num(vpn.inputs, `${p}Phase2LifetimeSeconds`, where),
        dpdTimeoutSeconds: num(vpn.inputs, `${p}DpdTimeoutSeconds`, where),
        startupAction: str(vpn.inputs, `${p}StartupAction`, where),
        insideCidr: str(vpn.inputs, `${p}InsideCidr`, where),
        localPrefixes: bgp ? awsAnnounced(evaluation, vpc, vpn) : [str(vpc.inputs, "cidrBlock", vpc.name)],
        remotePrefixes: bgp ? [] : staticRoutes,
        bgp: bgp
          ? {
              asn: num(awsGateway.inputs, "amazonSideAsn", awsGateway.name),
              localAddress: str(vpn.state, `${p}VgwInsideAddress`, where),
              peerAddress: str(vpn.state, `${p}CgwInsideAddress`, where),
              peerAsn: num(cgw.inputs, "bgpAsn", cgw.name),
            }
          : undefined,
      };

      // The Azure side that answers this tunnel: the local network gateway pointing at its address.
      const lng = of(T.lng).find((l) => l.inputs["gatewayIpAddress"] === outsideAddress);
      if (!lng) throw new DeriveError(`tunnel ${tunnelId}: no Azure local network gateway points at the AWS outside address ${outsideAddress}`);
      const conn = of(T.conn).find((c) => obj(c.inputs["localNetworkGateway2"])["id"] === lng.id);
      if (!conn) throw new DeriveError(`tunnel ${tunnelId}: no Azure connection uses local network gateway ${lng.name}`);
      if (obj(conn.inputs["virtualNetworkGateway1"])["id"] !== gatewayId) throw new DeriveError(`tunnel ${tunnelId}: Azure connection ${conn.name} is not on the declared gateway`);
      // Azure instance k initiates and answers from public IP k; AWS accepts only its customer gateway's IP.
      const instanceIndex = Math.max(0, instances.findIndex((i) => i.publicIp === awsView.customerGatewayAddress));
      const instance = instances[instanceIndex];
      const policies = (conn.inputs["ipsecPolicies"] as unknown[] | undefined ?? []).map(obj);
      const policy = policies[0];
      const lngBgp = obj(lng.inputs["bgpSettings"]);
      const customBgp = (conn.inputs["gatewayCustomBgpIpAddresses"] as unknown[] | undefined ?? []).map(obj)
        .find((entry) => entry["ipConfigurationId"] === instance?.ipConfigurationId);
      const azureBgp: BgpView | undefined = conn.inputs["enableBgp"] === true
        ? {
            asn: num(gatewayBgp, "asn", gateway.name),
            // Without a custom address for this instance Azure would use the instance's first APIPA address.
            localAddress: typeof customBgp?.["customBgpIpAddress"] === "string"
              ? customBgp["customBgpIpAddress"]
              : String((obj((gatewayBgp["bgpPeeringAddresses"] as unknown[] | undefined)?.[instanceIndex])["customBgpIpAddresses"] as string[] | undefined)?.[0] ?? ""),
            peerAddress: str(lngBgp, "bgpPeeringAddress", lng.name),
            peerAsn: num(lngBgp, "asn", lng.name),
          }
        : undefined;
      const azureView: AzureTunnelView = {
        tunnelId,
        outsideAddress: instance?.publicIp ?? "",
        peerAddress: str(lng.inputs, "gatewayIpAddress", lng.name),
        sharedKey: str(conn.inputs, "sharedKey", conn.name),
        connectionProtocol: typeof conn.inputs["connectionProtocol"] === "string" ? conn.inputs["connectionProtocol"] : "IKEv2",
        ipsecPolicy: policy ? toPolicyView(policy, conn.name) : undefined,
        connectionMode: typeof conn.inputs["connectionMode"] === "string" ? conn.inputs["connectionMode"] : "Default",
        dpdTimeoutSeconds: typeof conn.inputs["dpdTimeoutSeconds"] === "number" ? conn.inputs["dpdTimeoutSeconds"] : 45,
        localPrefixes: conn.inputs["enableBgp"] === true ? azureAnnounced(evaluation, vnet) : strings(obj(vnet.inputs["addressSpace"]), "addressPrefixes"),
        remotePrefixes: strings(obj(lng.inputs["localNetworkAddressSpace"]), "addressPrefixes"),
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
    ikeEncryption: str(policy, "ikeEncryption", where),
    ikeIntegrity: str(policy, "ikeIntegrity", where),
    dhGroup: str(policy, "dhGroup", where),
    ipsecEncryption: str(policy, "ipsecEncryption", where),
    ipsecIntegrity: str(policy, "ipsecIntegrity", where),
    pfsGroup: str(policy, "pfsGroup", where),
    saLifeTimeSeconds: num(policy, "saLifeTimeSeconds", where),
    saDataSizeKilobytes: num(policy, "saDataSizeKilobytes", where),
  };
}
