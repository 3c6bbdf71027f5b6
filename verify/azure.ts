/**
 * Azure side of verify: each connection's status and byte counters, and (both long-running
 * POSTs, polled by the SDK) the gateway's BGP peer status and learned routes. Credentials come
 * from DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, ...).
 */
import { NetworkManagementClient } from "@azure/arm-network";
import { DefaultAzureCredential, type TokenCredential } from "@azure/identity";
import { parseArmId, type AzureConnectionView, type BgpPeerView, type LearnedRouteView, type VerifyOutputs } from "./health";

/** Options for tests or a sovereign cloud; production uses none. */
export interface AzureClientOptions {
  endpoint?: string;
  credential?: TokenCredential;
  /** Extra CA certificates to trust (PEM), for a test server. */
  ca?: string;
  /** Retries of throttled (429, Retry-After honoured) and transient failures. */
  maxRetries?: number;
  retryDelayInMs?: number;
  /** Polling interval of the long-running operations when the service sends no Retry-After. */
  lroIntervalMs?: number;
}

export const DEFAULT_AZURE_MAX_RETRIES = 5;

export function createNetworkClient(subscriptionId: string, options: AzureClientOptions = {}): NetworkManagementClient {
  return new NetworkManagementClient(options.credential ?? new DefaultAzureCredential(), subscriptionId, {
    endpoint: options.endpoint,
    retryOptions: { maxRetries: options.maxRetries ?? DEFAULT_AZURE_MAX_RETRIES, retryDelayInMs: options.retryDelayInMs },
    tlsOptions: options.ca ? { ca: options.ca } : undefined,
  });
}

interface RestErrorLike {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

const CREDENTIAL_ERRORS = new Set(["CredentialUnavailableError", "AggregateAuthenticationError", "AuthenticationRequiredError"]);

/** True when the failure means no call can succeed (no usable credential). */
export function isAzureCredentialError(error: unknown): boolean {
  return CREDENTIAL_ERRORS.has((error as RestErrorLike | undefined)?.name ?? "");
}

/** One sentence for the operator about a failed Azure call. */
export function describeAzureError(error: unknown, what: string, retries: number): string {
  const e = (error ?? {}) as RestErrorLike;
  const message = (e.message ?? String(error)).split("\n")[0];
  if (isAzureCredentialError(error)) {
    // DefaultAzureCredential's AggregateAuthenticationError carries each credential's reason.
    const reasons = ((error as { errors?: unknown[] }).errors ?? []).map((x) => (x instanceof Error ? x.message : String(x)).split("\n")[0]);
    return `Azure: no usable credential (${e.name}: ${reasons.length ? reasons.join("; ") : message}). Run \`az login\`, or set AZURE_TENANT_ID/AZURE_CLIENT_ID with a secret or certificate, then run verify again.`;
  }
  if (e.statusCode === 404) return `Azure: ${what} does not exist (${e.code ?? "404"}). Is the stack deployed, and is this the stack's subscription?`;
  if (e.statusCode === 429) return `Azure: ${what}: throttled (429) after ${retries} retries. Wait a minute and run verify again.`;
  if (e.statusCode === 401 || e.statusCode === 403) return `Azure: ${what}: ${e.code ?? e.statusCode}: the signed-in identity may not read it (needs e.g. Network Contributor or Reader on the resource group).`;
  return `Azure: ${what}: ${e.code ?? e.name ?? "error"}: ${message}`;
}

export interface AzureObservations {
  connections: Record<string, AzureConnectionView | undefined>;
  bgpPeers?: BgpPeerView[];
  learnedRoutes?: LearnedRouteView[];
}

/** Reads the connections, then (BGP peers in BGP mode) the gateway's sessions and routes. */
export async function observeAzure(outputs: VerifyOutputs, client: NetworkManagementClient, errors: string[], options: AzureClientOptions = {}): Promise<AzureObservations> {
  const retries = options.maxRetries ?? DEFAULT_AZURE_MAX_RETRIES;
  const result: AzureObservations = { connections: {} };
  for (const tunnel of outputs.tunnels) {
    const id = parseArmId(tunnel.azureConnectionId);
    try {
      const c = await client.virtualNetworkGatewayConnections.get(id.resourceGroupName, id.name);
      result.connections[tunnel.id] = { connectionStatus: c.connectionStatus, ingressBytes: c.ingressBytesTransferred, egressBytes: c.egressBytesTransferred };
    } catch (error) {
      errors.push(describeAzureError(error, `connection ${id.name} (${tunnel.id})`, retries));
      if (isAzureCredentialError(error)) return result;
    }
  }
  const gateway = parseArmId(outputs.azure.gatewayId);
  const lro = { updateIntervalInMs: options.lroIntervalMs };
  if (outputs.routing === "bgp") {
    try {
      const peers = await client.virtualNetworkGateways.getBgpPeerStatus(gateway.resourceGroupName, gateway.name, lro).pollUntilDone();
      result.bgpPeers = (peers.value ?? []).map((p) => ({ localAddress: p.localAddress, neighbor: p.neighbor, asn: p.asn, state: p.state, routesReceived: p.routesReceived }));
    } catch (error) {
      errors.push(describeAzureError(error, `BGP peer status of gateway ${gateway.name}`, retries));
    }
  }
  try {
    const routes = await client.virtualNetworkGateways.getLearnedRoutes(gateway.resourceGroupName, gateway.name, lro).pollUntilDone();
    result.learnedRoutes = (routes.value ?? []).map((r) => ({ network: r.network, sourcePeer: r.sourcePeer, origin: r.origin }));
  } catch (error) {
    errors.push(describeAzureError(error, `learned routes of gateway ${gateway.name}`, retries));
  }
  return result;
}
