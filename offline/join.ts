/**
 * The one walk from an AWS tunnel to the Azure side that answers it, over the registered
 * resources of an evaluation: VPN connection -> customer gateway -> Azure public IP -> local
 * network gateway -> Azure connection -> gateway and its instance -> the connection's custom BGP
 * entry for that instance. Every link is optional: the plan report shows the gaps, interop
 * (interop/derive.ts) asserts the links it needs. Pure.
 */
import { at, list, text } from "../infra/props";
import { tunnelId, type TunnelNumber } from "../infra/tunnelId";
import { TYPES } from "../infra/types";
import type { Evaluation, RegisteredResource } from "./evaluate";
import { existingHubResources } from "./existingHub";

/** One AWS tunnel and whatever the program joined to it. */
export interface JoinedTunnel {
  /** "c1t2": the position of its VPN connection among the declared ones, and its tunnel number. */
  id: string;
  vpn: RegisteredResource;
  /** 0-based position of the VPN connection among the declared ones. */
  vpnIndex: number;
  tunnelNumber: TunnelNumber;
  /** The AWS outside address (mocked state `tunnelNAddress`). */
  outsideAddress?: string;
  customerGateway?: RegisteredResource;
  /** The Azure public IP whose address the customer gateway points at. */
  publicIp?: RegisteredResource;
  /** The Azure local network gateway pointing at the outside address. */
  localNetworkGateway?: RegisteredResource;
  /** The Azure connection using that local network gateway. */
  connection?: RegisteredResource;
  /** The connection's gateway; with no connection, the first declared gateway. */
  gateway?: RegisteredResource;
  /** The gateway's IP configuration (instance) on that public IP. */
  instance?: number;
  /** The connection's `gatewayCustomBgpIpAddresses` entry for that IP configuration. */
  bgpEntry?: unknown;
}

/** Every tunnel of every declared VPN connection, in declaration order, tunnel 1 then 2. */
export function joinTunnels(evaluation: Evaluation): JoinedTunnel[] {
  // An existing gateway and its public IPs are read, not declared: the joins take them as read.
  const resources = [...evaluation.resources, ...existingHubResources(evaluation)];
  const of = (type: string): RegisteredResource[] => resources.filter((r) => r.type === type);
  const byId = (type: string, id: unknown): RegisteredResource | undefined => of(type).find((r) => r.id !== undefined && r.id === id);
  const gateways = of(TYPES.gateway);
  const lngs = of(TYPES.lng);
  const connections = of(TYPES.connection);
  const pips = of(TYPES.publicIp);
  return of(TYPES.vpnConnection).flatMap((vpn, vpnIndex) => {
    const customerGateway = byId(TYPES.customerGateway, vpn.inputs["customerGatewayId"]);
    const publicIp = pips.find((p) => customerGateway !== undefined && text(p.state, "ipAddress") === text(customerGateway.inputs, "ipAddress"));
    return ([1, 2] as const).map((tunnelNumber): JoinedTunnel => {
      const outsideAddress = text(vpn.state, `tunnel${tunnelNumber}Address`);
      const localNetworkGateway = lngs.find((l) => text(l.inputs, "gatewayIpAddress") === (outsideAddress ?? "?"));
      const connection = localNetworkGateway ? connections.find((c) => at(c.inputs, "localNetworkGateway2", "id") === localNetworkGateway.id) : undefined;
      const gateway = connection ? byId(TYPES.gateway, at(connection.inputs, "virtualNetworkGateway1", "id")) : gateways[0];
      const found = gateway && publicIp ? list(gateway.inputs, "ipConfigurations").findIndex((c) => at(c, "publicIPAddress", "id") === publicIp.id) : -1;
      const instance = found >= 0 ? found : undefined;
      const ipConfigName = gateway && instance !== undefined ? text(gateway.inputs, "ipConfigurations", instance, "name") : undefined;
      const bgpEntry = connection
        ? list(connection.inputs, "gatewayCustomBgpIpAddresses").find((e) => ipConfigName !== undefined && (text(e, "ipConfigurationId") ?? "").endsWith(`/ipConfigurations/${ipConfigName}`))
        : undefined;
      return {
        id: tunnelId(vpnIndex + 1, tunnelNumber),
        vpn,
        vpnIndex,
        tunnelNumber,
        outsideAddress,
        customerGateway,
        publicIp,
        localNetworkGateway,
        connection,
        gateway,
        instance,
        bgpEntry,
      };
    });
  });
}
