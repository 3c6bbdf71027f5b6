/**
 * AWS side of verify: EC2 DescribeVpnConnections per VPN connection of the outputs, mapped to
 * each tunnel by its outside IP. Credentials come from the SDK's default chain (environment,
 * shared config and SSO, container or instance role).
 */
import { DescribeVpnConnectionsCommand, EC2Client, type VpnConnection } from "@aws-sdk/client-ec2";
import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import type { AwsTunnelView, VerifyOutputs } from "./health";

/** Options for tests or a non-default endpoint; production uses none. */
export interface AwsClientOptions {
  endpoint?: string;
  /** Total attempts per call, retries of throttling and transient errors included. */
  maxAttempts?: number;
  /** A fixed delay between attempts instead of the SDK's backoff (tests: a throttling backoff starts at 500 ms). */
  retryDelayMs?: number;
}

export const DEFAULT_AWS_MAX_ATTEMPTS = 6;

export function createEc2Client(region: string, options: AwsClientOptions = {}): EC2Client {
  return new EC2Client({
    region,
    endpoint: options.endpoint,
    // The SDK's standard retry mode backs off exponentially with jitter on throttling (RequestLimitExceeded).
    maxAttempts: options.maxAttempts ?? DEFAULT_AWS_MAX_ATTEMPTS,
    retryStrategy: options.retryDelayMs === undefined ? undefined : new ConfiguredRetryStrategy(options.maxAttempts ?? DEFAULT_AWS_MAX_ATTEMPTS, options.retryDelayMs),
  });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : "";
}

/** One sentence for the operator about a failed AWS call. */
export function describeAwsError(error: unknown, what: string, region: string, attempts: number): string {
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (name === "CredentialsProviderError") {
    return `AWS: no credentials found (${message}). Set AWS_PROFILE (after \`aws sso login\` if it is an SSO profile) or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, then run verify again.`;
  }
  if (name.endsWith(".NotFound")) {
    return `AWS: ${what} does not exist in ${region} (${name}). Is the stack deployed, and are these credentials for the stack's account?`;
  }
  const meta = (error as { $retryable?: { throttling?: boolean }; $metadata?: { attempts?: number } } | undefined) ?? {};
  if (meta.$retryable?.throttling || name === "RequestLimitExceeded" || name === "Throttling") {
    return `AWS: ${what}: throttled (${name}) on all ${meta.$metadata?.attempts ?? attempts} attempts. Wait a minute and run verify again.`;
  }
  if (name === "UnauthorizedOperation" || name === "AuthFailure") {
    return `AWS: ${what}: ${name}: the credentials may not call ec2:DescribeVpnConnections (${message}).`;
  }
  return `AWS: ${what}: ${name || "error"}: ${message}`;
}

function viewOf(connection: VpnConnection, outsideIp: string): AwsTunnelView {
  const telemetry = (connection.VgwTelemetry ?? []).find((t) => t.OutsideIpAddress === outsideIp);
  return {
    connectionState: connection.State ?? "unknown",
    status: telemetry?.Status,
    statusMessage: telemetry?.StatusMessage || undefined,
    acceptedRouteCount: telemetry?.AcceptedRouteCount,
    staticRoutes: (connection.Routes ?? []).filter((r) => r.State === "available").flatMap((r) => (r.DestinationCidrBlock ? [r.DestinationCidrBlock] : [])),
  };
}

/** Reads every VPN connection of the outputs; one failed connection does not hide the others. */
export async function observeAws(outputs: VerifyOutputs, client: EC2Client, errors: string[]): Promise<Record<string, AwsTunnelView | undefined>> {
  const views: Record<string, AwsTunnelView | undefined> = {};
  const connectionIds = [...new Set(outputs.tunnels.map((t) => t.awsVpnConnectionId))];
  const attempts = typeof client.config.maxAttempts === "function" ? await client.config.maxAttempts() : DEFAULT_AWS_MAX_ATTEMPTS;
  for (const id of connectionIds) {
    let connection: VpnConnection | undefined;
    try {
      const response = await client.send(new DescribeVpnConnectionsCommand({ VpnConnectionIds: [id] }));
      connection = response.VpnConnections?.find((c) => c.VpnConnectionId === id);
      if (!connection) errors.push(`AWS: VPN connection ${id} does not exist in ${outputs.aws.region}. Is the stack deployed?`);
    } catch (error) {
      errors.push(describeAwsError(error, `VPN connection ${id}`, outputs.aws.region, attempts));
      // Without credentials every further call fails the same way.
      if (errorName(error) === "CredentialsProviderError") break;
    }
    if (!connection) continue;
    for (const tunnel of outputs.tunnels.filter((t) => t.awsVpnConnectionId === id)) views[tunnel.id] = viewOf(connection, tunnel.awsOutsideIp);
  }
  return views;
}
