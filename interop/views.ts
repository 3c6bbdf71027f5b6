// The types of each cloud's view of one tunnel (interop/derive.ts builds them; render.ts turns them into daemon config).
import type { AzureIpsecPolicy } from "../infra/ipsec";

/**
 * Each cloud's view of one tunnel, as derived from the *declared* resources (never from the
 * shared IPsec profile object). Values keep the vocabulary of the cloud they come from:
 * AWS tunnel options (`AES256-GCM-16`, `SHA2-384`, DH group numbers) and Azure's custom IPsec
 * policy (`GCMAES256`, `SHA384`, `ECP384`, `PFS2048`, ...).
 */

/** BGP as one side declares it for a tunnel. */
export interface BgpView {
  /** This side's ASN. */
  asn: number;
  /** This side's inside (APIPA) address, e.g. 169.254.21.1. */
  localAddress: string;
  /** The address this side expects its peer on. */
  peerAddress: string;
  /** The ASN this side expects its peer to have. */
  peerAsn: number;
}

/** The AWS end of a tunnel, from `aws.ec2.VpnConnection` inputs (and its mocked outputs). */
export interface AwsTunnelView {
  /** Stable id, e.g. "tunnelpair-1/tunnel-2". */
  tunnelId: string;
  /** The AWS tunnel's outside (public) address. */
  outsideAddress: string;
  /** The customer gateway's IP address (the Azure gateway's public IP). */
  customerGatewayAddress: string;
  presharedKey: string;
  /** e.g. ["ikev2"] */
  ikeVersions: string[];
  /** e.g. ["AES256"] */
  phase1EncryptionAlgorithms: string[];
  /** e.g. ["SHA2-384"] */
  phase1IntegrityAlgorithms: string[];
  /** e.g. [20] */
  phase1DhGroupNumbers: number[];
  /** e.g. ["AES256-GCM-16"] */
  phase2EncryptionAlgorithms: string[];
  /** e.g. ["SHA2-256"] (ignored by IKE for GCM ciphers) */
  phase2IntegrityAlgorithms: string[];
  /** e.g. [20]; AWS always uses PFS. */
  phase2DhGroupNumbers: number[];
  phase1LifetimeSeconds: number;
  phase2LifetimeSeconds: number;
  dpdTimeoutSeconds: number;
  /** "clear" (AWS's default when undeclared), "restart" or "none". */
  dpdTimeoutAction?: string;
  /** "start" (AWS initiates) or "add". */
  startupAction: string;
  /** The tunnel's inside /30, e.g. 169.254.21.0/30. */
  insideCidr: string;
  /** Prefixes behind AWS (the VPC CIDRs). */
  localPrefixes: string[];
  /** Prefixes AWS routes into the tunnel (static routes), empty in BGP mode. */
  remotePrefixes: string[];
  bgp?: BgpView;
}

/** Azure's custom IPsec/IKE policy, in Azure's vocabulary (the shape of `ipsecPolicies[0]`). */
export type AzureIpsecPolicyView = AzureIpsecPolicy;

/** The Azure end of a tunnel, from the connection, its local network gateway and the gateway. */
export interface AzureTunnelView {
  tunnelId: string;
  /** The Azure gateway's public IP used for this tunnel. */
  outsideAddress: string;
  /** The local network gateway's gatewayIpAddress (the AWS tunnel outside address). */
  peerAddress: string;
  sharedKey: string;
  /** "IKEv2" or "IKEv1". */
  connectionProtocol: string;
  /** Undefined when the connection declares no custom policy (Azure's defaults then apply). */
  ipsecPolicy?: AzureIpsecPolicyView;
  /** "Default", "InitiatorOnly" or "ResponderOnly". */
  connectionMode: string;
  dpdTimeoutSeconds: number;
  /** Prefixes behind Azure (the VNet address space). */
  localPrefixes: string[];
  /** The local network gateway's address space (empty in BGP mode). */
  remotePrefixes: string[];
  bgp?: BgpView;
}

/** Both ends of one tunnel. */
export interface TunnelViews {
  stack: string;
  tunnelId: string;
  aws: AwsTunnelView;
  azure: AzureTunnelView;
}
