/**
 * Two local servers on 127.0.0.1 that answer like the cloud APIs verify calls, with their
 * documented response shapes:
 * - EC2 Query API over HTTP: DescribeVpnConnections -> DescribeVpnConnectionsResponse XML with
 *   vpnConnectionSet/item/vgwTelemetry/item and routes/item (EC2 API reference, DescribeVpnConnections,
 *   VgwTelemetry, VpnStaticRoute); errors as <Response><Errors><Error><Code>.
 * - ARM over HTTPS (the Azure SDK refuses bearer tokens over plain HTTP), with a throwaway
 *   self-signed certificate: GET connections/{name} (VirtualNetworkGatewayConnection JSON), and
 *   POST getBgpPeerStatus / getLearnedRoutes answered as ARM long-running operations: 202 with
 *   Azure-AsyncOperation and Location headers, the operation InProgress then Succeeded, the
 *   result at Location (azure-rest-api-specs, virtualNetworkGateway.json and its GetBGPPeerStatus /
 *   learned-routes examples; @azure/arm-network polls them with final-state-via: location).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface FakeTelemetry {
  outsideIp: string;
  status: "UP" | "DOWN";
  statusMessage?: string;
  acceptedRouteCount: number;
}

export interface FakeVpnConnection {
  state: string;
  staticRoutesOnly: boolean;
  telemetry: FakeTelemetry[];
  /** Static routes, all "available". */
  routes: string[];
}

export interface FakeAzureConnection {
  status: string;
  ingress: number;
  egress: number;
}

export interface FakeBgpPeer {
  localAddress: string;
  neighbor: string;
  asn: number;
  state: string;
  routesReceived: number;
}

export interface FakeRoute {
  localAddress: string;
  network: string;
  nextHop: string;
  sourcePeer: string;
  origin: string;
  asPath: string;
}

/** What the fake clouds hold; tests change it to break things. */
export interface CloudState {
  vpnConnections: Record<string, FakeVpnConnection>;
  /** By connection name. */
  azureConnections: Record<string, FakeAzureConnection>;
  bgpPeers: FakeBgpPeer[];
  learnedRoutes: FakeRoute[];
  /** How many EC2 requests to answer with RequestLimitExceeded before answering. */
  ec2Throttles: number;
  /** How many ARM requests to answer with 429 before answering. */
  armThrottles: number;
}

export interface FakeClouds {
  ec2Endpoint: string;
  armEndpoint: string;
  /** The ARM server's certificate, to trust in the Azure client. */
  ca: string;
  /** The bearer token the ARM server accepts. */
  token: string;
  state: CloudState;
  /** Every request, "EC2 DescribeVpnConnections vpn-1", "ARM GET /subscriptions/...". */
  requests: string[];
  close(): Promise<void>;
}

const XMLNS = "http://ec2.amazonaws.com/doc/2016-11-15/";

function ec2Error(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "text/xml;charset=UTF-8" });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${code}</Code><Message>${message}</Message></Error></Errors><RequestID>req-err</RequestID></Response>`);
}

function vpnConnectionXml(id: string, c: FakeVpnConnection): string {
  const telemetry = c.telemetry
    .map(
      (t) =>
        `<item><outsideIpAddress>${t.outsideIp}</outsideIpAddress><status>${t.status}</status><lastStatusChange>2026-12-01T20:00:00.000Z</lastStatusChange>` +
        `<statusMessage>${t.statusMessage ?? ""}</statusMessage><acceptedRouteCount>${t.acceptedRouteCount}</acceptedRouteCount></item>`,
    )
    .join("");
  const routes = c.routes.map((r) => `<item><destinationCidrBlock>${r}</destinationCidrBlock><source>Static</source><state>available</state></item>`).join("");
  return (
    `<item><vpnConnectionId>${id}</vpnConnectionId><state>${c.state}</state><type>ipsec.1</type>` +
    `<customerGatewayId>cgw-0a1b2c3d</customerGatewayId><vpnGatewayId>vgw-0a1b2c3d</vpnGatewayId><category>VPN</category>` +
    `<options><staticRoutesOnly>${c.staticRoutesOnly}</staticRoutesOnly></options><routes>${routes}</routes>` +
    `<vgwTelemetry>${telemetry}</vgwTelemetry><tagSet/></item>`
  );
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-ms-request-id": "fake", ...headers });
  res.end(value === undefined ? "" : JSON.stringify(value));
}

function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "verify-tls-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
        "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
      { stdio: "ignore" },
    );
    return { key: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(path.join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startFakeClouds(state: CloudState): Promise<FakeClouds> {
  const requests: string[] = [];
  const token = "test-token-not-a-secret";

  const ec2 = createHttpServer(async (req, res) => {
    const params = new URLSearchParams(await body(req));
    const action = params.get("Action") ?? "";
    const ids = [...params.entries()].filter(([k]) => k.startsWith("VpnConnectionId.")).map(([, v]) => v);
    requests.push(`EC2 ${action} ${ids.join(",")}`);
    if (!/Credential=[^/]+\//.test(req.headers.authorization ?? "")) return ec2Error(res, 401, "AuthFailure", "AWS was not able to validate the provided access credentials");
    if (state.ec2Throttles > 0) {
      state.ec2Throttles -= 1;
      return ec2Error(res, 503, "RequestLimitExceeded", "Request limit exceeded.");
    }
    if (action !== "DescribeVpnConnections") return ec2Error(res, 400, "InvalidAction", `The action ${action} is not valid for this web service.`);
    const unknown = ids.find((id) => !state.vpnConnections[id]);
    if (unknown) return ec2Error(res, 400, "InvalidVpnConnectionID.NotFound", `The vpnConnection ID '${unknown}' does not exist`);
    const items = ids.map((id) => vpnConnectionXml(id, state.vpnConnections[id])).join("");
    res.writeHead(200, { "content-type": "text/xml;charset=UTF-8" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<DescribeVpnConnectionsResponse xmlns="${XMLNS}"><requestId>req-1</requestId><vpnConnectionSet>${items}</vpnConnectionSet></DescribeVpnConnectionsResponse>`);
  });

  const tls = selfSignedCertificate();
  let armBase = "";
  const operations = new Map<string, { polls: number; result: unknown }>();
  let nextOperation = 0;
  const arm = createHttpsServer(tls, async (req, res) => {
    await body(req);
    const url = new URL(req.url ?? "/", armBase);
    requests.push(`ARM ${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${token}`) return json(res, 401, { error: { code: "AuthenticationFailed", message: "Authentication failed." } });
    if (state.armThrottles > 0) {
      state.armThrottles -= 1;
      return json(res, 429, { error: { code: "TooManyRequests", message: "Too many requests." } }, { "retry-after-ms": "20" });
    }
    const op = /^\/operations\/(\d+)$/.exec(url.pathname);
    if (op && operations.has(op[1])) {
      const entry = operations.get(op[1])!;
      entry.polls += 1;
      return json(res, 200, { status: entry.polls < 2 ? "InProgress" : "Succeeded" });
    }
    const result = /^\/operationResults\/(\d+)$/.exec(url.pathname);
    if (result && operations.has(result[1])) return json(res, 200, operations.get(result[1])!.result);

    const connection = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/connections\/([^/]+)$/.exec(url.pathname);
    if (req.method === "GET" && connection) {
      const [, sub, rg, name] = connection;
      const c = state.azureConnections[name];
      if (!c) return json(res, 404, { error: { code: "ResourceNotFound", message: `The Resource 'Microsoft.Network/connections/${name}' under resource group '${rg}' was not found.` } });
      const gatewayId = `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworkGateways/vpn-azure-aws`;
      return json(res, 200, {
        name,
        id: url.pathname,
        type: "Microsoft.Network/connections",
        location: "eastus",
        etag: 'W/"00000000-0000-0000-0000-000000000000"',
        properties: {
          provisioningState: "Succeeded",
          // ARM embeds both gateways, properties and all (VirtualNetworkGatewayConnectionGet.json).
          virtualNetworkGateway1: {
            id: gatewayId,
            properties: { gatewayType: "Vpn", vpnType: "RouteBased", enableBgp: true, activeActive: true, sku: { name: "VpnGw1AZ", tier: "VpnGw1AZ" }, ipConfigurations: [] },
          },
          localNetworkGateway2: {
            id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/localNetworkGateways/lng-${name}`,
            properties: { gatewayIpAddress: "3.1.1.1", localNetworkAddressSpace: { addressPrefixes: [] } },
          },
          connectionType: "IPsec",
          connectionProtocol: "IKEv2",
          routingWeight: 0,
          enableBgp: true,
          connectionStatus: c.status,
          ingressBytesTransferred: c.ingress,
          egressBytesTransferred: c.egress,
        },
      });
    }
    const gatewayAction = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworkGateways\/[^/]+\/(getBgpPeerStatus|getLearnedRoutes)$/.exec(url.pathname);
    if (req.method === "POST" && gatewayAction) {
      const id = String(nextOperation++);
      const value = gatewayAction[1] === "getBgpPeerStatus" ? state.bgpPeers : state.learnedRoutes.map((r) => ({ ...r, weight: 32768 }));
      operations.set(id, { polls: 0, result: { value } });
      return json(res, 202, undefined, { "azure-asyncoperation": `${armBase}/operations/${id}`, location: `${armBase}/operationResults/${id}`, "retry-after": "0" });
    }
    return json(res, 404, { error: { code: "NotFound", message: `No route ${req.method} ${url.pathname}` } });
  });

  const ec2Port = await listen(ec2);
  const armPort = await listen(arm);
  armBase = `https://127.0.0.1:${armPort}`;
  return {
    ec2Endpoint: `http://127.0.0.1:${ec2Port}`,
    armEndpoint: armBase,
    ca: tls.cert,
    token,
    state,
    requests,
    close: async () => {
      await Promise.all([ec2, arm].map((s) => new Promise<void>((resolve) => { s.closeAllConnections(); s.close(() => resolve()); })));
    },
  };
}
