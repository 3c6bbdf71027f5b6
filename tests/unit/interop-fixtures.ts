/** Hand-built tunnel views shaped like the program's (project profile: AES256/SHA2-384/DH20, AES256-GCM-16/PFS20). */
import type { AwsTunnelView, AzureIpsecPolicyView, AzureTunnelView, TunnelViews } from "../../interop/views";
import { PROFILE_AZURE_IPSEC_POLICY } from "../fixtures/ipsecProfile";

export const KEY = "Xq7.tunnelKey_0123456789abcdefGHIJ";

export const AZURE_POLICY: AzureIpsecPolicyView = { ...PROFILE_AZURE_IPSEC_POLICY };

function aws(tunnelId: string, outside: string, cgw: string, insideCidr: string): AwsTunnelView {
  return {
    tunnelId,
    outsideAddress: outside,
    customerGatewayAddress: cgw,
    presharedKey: KEY,
    ikeVersions: ["ikev2"],
    phase1EncryptionAlgorithms: ["AES256"],
    phase1IntegrityAlgorithms: ["SHA2-384"],
    phase1DhGroupNumbers: [20],
    phase2EncryptionAlgorithms: ["AES256-GCM-16"],
    phase2IntegrityAlgorithms: ["SHA2-256"],
    phase2DhGroupNumbers: [20],
    phase1LifetimeSeconds: 28800,
    phase2LifetimeSeconds: 3600,
    dpdTimeoutSeconds: 45,
    startupAction: "start",
    insideCidr,
    localPrefixes: ["10.0.0.0/16"],
    remotePrefixes: ["172.10.0.0/16"],
  };
}

function azure(tunnelId: string, outside: string, peer: string): AzureTunnelView {
  return {
    tunnelId,
    outsideAddress: outside,
    peerAddress: peer,
    sharedKey: KEY,
    connectionProtocol: "IKEv2",
    ipsecPolicy: { ...AZURE_POLICY },
    connectionMode: "ResponderOnly",
    dpdTimeoutSeconds: 45,
    localPrefixes: ["172.10.0.0/16"],
    remotePrefixes: ["10.0.0.0/16"],
  };
}

/** Static routing, AWS tunnel and Azure gateway in different documentation /24s. */
export function staticTunnel(): TunnelViews {
  const tunnelId = "tunnelpair-1/tunnel-1";
  return {
    stack: "test",
    tunnelId,
    aws: aws(tunnelId, "203.0.113.11", "198.51.100.20", "169.254.21.0/30"),
    azure: azure(tunnelId, "198.51.100.20", "203.0.113.11"),
  };
}

/** BGP over APIPA as in Microsoft's design: AWS 64512 at .1, Azure 65000 at .2. */
export function bgpTunnel(): TunnelViews {
  const tunnelId = "tunnelpair-1/tunnel-2";
  const a = aws(tunnelId, "192.0.2.31", "198.51.100.21", "169.254.21.0/30");
  a.remotePrefixes = [];
  a.bgp = { asn: 64512, localAddress: "169.254.21.1", peerAddress: "169.254.21.2", peerAsn: 65000 };
  const z = azure(tunnelId, "198.51.100.21", "192.0.2.31");
  // Azure's local network gateway for a BGP peer holds just the peer's BGP address.
  z.remotePrefixes = ["169.254.21.1/32"];
  z.bgp = { asn: 65000, localAddress: "169.254.21.2", peerAddress: "169.254.21.1", peerAsn: 64512 };
  return { stack: "test", tunnelId, aws: a, azure: z };
}
