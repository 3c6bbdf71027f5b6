/**
 * An ESTIMATE of the monthly cost of the resources a stack declares, from a dated, sourced price
 * table (pricing/prices.json by default). Quantities come from the registered resources (SKU,
 * instance type, how many VPN connections and attachments), never from config. Pure apart from
 * loadPriceTable().
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import type { RegisteredResource } from "./evaluate";
import { at } from "../infra/props";
import { TYPES } from "../infra/types";
import { MONITORING_FREE_TYPES, MONITORING_PRICED_TYPES, monitoringCost, type MonitoringCostOptions } from "./monitoringCost";

export const DEFAULT_PRICES_FILE = path.resolve(__dirname, "..", "pricing", "prices.json");

const priceEntrySchema = z
  .object({
    usd: z.number().nonnegative(),
    per: z.enum(["hour", "month", "GB", "GB-month"]),
    confidence: z.enum(["high", "medium", "low"]),
    sources: z.array(z.string()).min(1),
    note: z.string().optional(),
    range: z.tuple([z.number(), z.number()]).optional(),
    included: z.number().int().nonnegative().optional(),
  })
  .strict();

const priceTableSchema = z
  .object({
    $comment: z.string().optional(),
    currency: z.string(),
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date, YYYY-MM-DD"),
    regions: z.object({ azure: z.string(), aws: z.string() }).strict(),
    hoursPerMonth: z.number().positive(),
    sources: z.record(z.string(), z.string()),
    prices: z.record(z.string(), priceEntrySchema),
    notes: z.array(z.string()),
  })
  .strict();

export type PriceEntry = z.infer<typeof priceEntrySchema>;
export type PriceTable = z.infer<typeof priceTableSchema>;

/** Validates a price table (e.g. a --prices override); every source a price cites must exist. */
export function parsePriceTable(value: unknown, origin = "price table"): PriceTable {
  const parsed = priceTableSchema.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.map(String).join(".") || "(root)"}: ${i.message}`);
    throw new Error(`${origin} is not a valid price table:\n${problems.join("\n")}`);
  }
  const table = parsed.data;
  const missing = Object.entries(table.prices).flatMap(([key, entry]) =>
    entry.sources.filter((s) => !Object.hasOwn(table.sources, s)).map((s) => `  - prices.${key} cites unknown source "${s}"`),
  );
  if (missing.length > 0) throw new Error(`${origin} is not a valid price table:\n${missing.join("\n")}`);
  return table;
}

export function loadPriceTable(file: string = DEFAULT_PRICES_FILE): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`cannot read the price table ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parsePriceTable(raw, file);
}

export type Cloud = "azure" | "aws";

export interface CostLine {
  cloud: Cloud;
  /** The resource kind, e.g. "VPN gateway VpnGw1AZ". */
  kind: string;
  /** Logical names of the resources counted. */
  resources: string[];
  quantity: number;
  /** What one unit of quantity is, e.g. "gateway", "GB". */
  unit: string;
  /** The price key used, absent for kinds that cost nothing. */
  priceKey?: string;
  unitPriceUsd?: number;
  per?: PriceEntry["per"];
  monthlyUsd: number;
  confidence?: PriceEntry["confidence"];
  note?: string;
}

export interface CostEstimate {
  estimate: true;
  currency: string;
  asOf: string;
  regions: PriceTable["regions"];
  hoursPerMonth: number;
  trafficGbPerMonth: number;
  lines: CostLine[];
  totalMonthlyUsd: number;
  byCloud: Record<Cloud, number>;
  /** Kinds the table has no price for (counted as 0). */
  unpriced: string[];
  notes: string[];
  /** The sources the priced lines cite, by id. */
  sources: Record<string, string>;
}

export interface CostOptions extends MonitoringCostOptions {
  /** GB per month crossing the tunnels in each direction (egress on both sides); default 0. */
  trafficGbPerMonth?: number;
}

/** Resource types with no charge of their own. */
const FREE_TYPES: Readonly<Record<string, { cloud: Cloud; kind: string }>> = {
  [TYPES.resourceGroup]: { cloud: "azure", kind: "Resource group" },
  [TYPES.vnet]: { cloud: "azure", kind: "Virtual network" },
  [TYPES.subnet]: { cloud: "azure", kind: "Subnet" },
  [TYPES.lng]: { cloud: "azure", kind: "Local network gateway" },
  [TYPES.nsg]: { cloud: "azure", kind: "Network security group" },
  [TYPES.nic]: { cloud: "azure", kind: "Network interface" },
  [TYPES.vpc]: { cloud: "aws", kind: "VPC" },
  [TYPES.awsSubnet]: { cloud: "aws", kind: "Subnet" },
  [TYPES.routeTable]: { cloud: "aws", kind: "Route table" },
  [TYPES.routeTableAssociation]: { cloud: "aws", kind: "Route table association" },
  [TYPES.route]: { cloud: "aws", kind: "Route" },
  [TYPES.customerGateway]: { cloud: "aws", kind: "Customer gateway" },
  [TYPES.vpnGateway]: { cloud: "aws", kind: "Virtual private gateway" },
  [TYPES.vpnGatewayAttachment]: { cloud: "aws", kind: "VGW attachment" },
  [TYPES.vpnGatewayRoutePropagation]: { cloud: "aws", kind: "VGW route propagation" },
  [TYPES.vpnConnectionRoute]: { cloud: "aws", kind: "VPN connection static route" },
  [TYPES.transitGateway]: { cloud: "aws", kind: "Transit gateway (billed per attachment)" },
  [TYPES.tgwRouteTable]: { cloud: "aws", kind: "Transit gateway route table" },
  [TYPES.tgwAssociation]: { cloud: "aws", kind: "Transit gateway association" },
  [TYPES.tgwPropagation]: { cloud: "aws", kind: "Transit gateway propagation" },
  [TYPES.internetGateway]: { cloud: "aws", kind: "Internet gateway" },
  [TYPES.securityGroup]: { cloud: "aws", kind: "Security group" },
  [TYPES.keyPair]: { cloud: "aws", kind: "Key pair" },
};

/** Types priced below (everything else custom is free or unpriced). */
const PRICED_TYPES = new Set<string>([
  TYPES.gateway,
  TYPES.connection,
  TYPES.publicIp,
  TYPES.vm,
  TYPES.vpnConnection,
  TYPES.tgwVpcAttachment,
  TYPES.instance,
  ...MONITORING_PRICED_TYPES,
]);
const IGNORED_TYPES = new Set<string>([TYPES.password]);

/** Assumed root volume of an EC2 instance that declares none (Amazon Linux 2023's AMI default). */
export const DEFAULT_EC2_ROOT_GB = 8;


export function roundCents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

/** Monthly amount for a quantity at a price (cents-rounded). `size` multiplies GB-month prices. */
export function monthlyFor(entry: PriceEntry, quantity: number, hoursPerMonth: number, size = 1): number {
  switch (entry.per) {
    case "hour":
      return roundCents(quantity * entry.usd * hoursPerMonth);
    case "month":
    case "GB":
      return roundCents(quantity * entry.usd);
    case "GB-month":
      return roundCents(quantity * size * entry.usd);
  }
}

export function estimateMonthlyCost(resources: readonly RegisteredResource[], table: PriceTable, options: CostOptions = {}): CostEstimate {
  const traffic = options.trafficGbPerMonth ?? 0;
  const hours = table.hoursPerMonth;
  const lines: CostLine[] = [];
  const unpriced: string[] = [];
  const custom = resources.filter((r) => r.custom);
  const of = (type: string): RegisteredResource[] => custom.filter((r) => r.type === type);

  const priced = (cloud: Cloud, kind: string, members: RegisteredResource[], quantity: number, unit: string, priceKey: string, size = 1, extraNote?: string): void => {
    const entry = table.prices[priceKey];
    const names = members.map((r) => r.name);
    if (entry === undefined) {
      unpriced.push(`${kind} (no price "${priceKey}" in the table)`);
      lines.push({ cloud, kind, resources: names, quantity, unit, priceKey, monthlyUsd: 0, note: "no price in the table: counted as 0" });
      return;
    }
    const note = [entry.note, extraNote].filter((n): n is string => n !== undefined).join("; ");
    lines.push({
      cloud,
      kind,
      resources: names,
      quantity,
      unit,
      priceKey,
      unitPriceUsd: entry.usd,
      per: entry.per,
      monthlyUsd: monthlyFor(entry, quantity, hours, size),
      confidence: entry.confidence,
      note: note || undefined,
    });
  };
  const groupBy = (items: RegisteredResource[], keyOf: (r: RegisteredResource) => string): Map<string, RegisteredResource[]> => {
    const groups = new Map<string, RegisteredResource[]>();
    for (const item of items) {
      const key = keyOf(item);
      groups.set(key, [...(groups.get(key) ?? []), item]);
    }
    return groups;
  };

  // Azure: gateways by SKU, tunnels beyond those included, public IPs, VMs and their disks.
  const gateways = of(TYPES.gateway);
  for (const [sku, members] of groupBy(gateways, (g) => String(at(g.inputs, "sku", "name") ?? "unknown"))) {
    const activeActive = members.some((g) => at(g.inputs, "activeActive") === true);
    priced("azure", `VPN gateway ${sku}`, members, members.length, "gateway", `azure.vpnGateway.${sku}`, 1, activeActive ? "active-active: same hourly price" : undefined);
  }
  const connections = of(TYPES.connection);
  const tunnelEntry = table.prices["azure.s2sTunnel.beyondIncluded"];
  const included = tunnelEntry?.included ?? 10;
  if (connections.length > 0) {
    const extra = gateways.reduce((sum, g) => {
      const count = connections.filter((c) => at(c.inputs, "virtualNetworkGateway1", "id") === g.id).length;
      return sum + Math.max(0, count - included);
    }, 0);
    priced("azure", `S2S tunnels beyond ${included} per gateway (${connections.length} declared)`, connections, extra, "tunnel", "azure.s2sTunnel.beyondIncluded");
  }
  const publicIps = of(TYPES.publicIp);
  for (const [sku, members] of groupBy(publicIps, (p) => String(at(p.inputs, "sku", "name") ?? "Basic"))) {
    priced("azure", `Public IP ${sku} static`, members, members.length, "address", `azure.publicIp.${sku}`);
  }
  const vms = of(TYPES.vm);
  for (const [size, members] of groupBy(vms, (vm) => String(at(vm.inputs, "hardwareProfile", "vmSize") ?? "unknown"))) {
    priced("azure", `Virtual machine ${size}`, members, members.length, "VM", `azure.vm.${size}`);
  }
  for (const [type, members] of groupBy(vms, (vm) => String(at(vm.inputs, "storageProfile", "osDisk", "managedDisk", "storageAccountType") ?? "unknown"))) {
    const key = type === "Standard_LRS" ? "azure.disk.Standard_LRS.S4" : `azure.disk.${type}`;
    priced("azure", `OS disk ${type}`, members, members.length, "disk", key);
  }

  // AWS: VPN connections, transit gateway attachments, instances, their public IPv4 and volumes.
  const vpns = of(TYPES.vpnConnection);
  if (vpns.length > 0) priced("aws", "Site-to-Site VPN connection (2 tunnels each)", vpns, vpns.length, "connection", "aws.vpnConnection");
  const tgws = of(TYPES.transitGateway);
  if (tgws.length > 0) {
    const attachments = [...of(TYPES.tgwVpcAttachment), ...vpns.filter((v) => at(v.inputs, "transitGatewayId") !== undefined)];
    priced("aws", "Transit gateway attachment (VPC + VPN)", attachments, attachments.length, "attachment", "aws.transitGateway.attachment");
    priced("aws", "Transit gateway data processing", tgws, traffic, "GB", "aws.transitGateway.dataProcessingPerGb");
  }
  const instances = of(TYPES.instance);
  for (const [type, members] of groupBy(instances, (i) => String(at(i.inputs, "instanceType") ?? "unknown"))) {
    priced("aws", `EC2 instance ${type}`, members, members.length, "instance", `aws.ec2.${type}`);
  }
  const withPublicIp = instances.filter((i) => at(i.inputs, "associatePublicIpAddress") === true);
  if (withPublicIp.length > 0) priced("aws", "Public IPv4 address (instances)", withPublicIp, withPublicIp.length, "address", "aws.publicIpv4");
  if (instances.length > 0) {
    const sizeOf = (i: RegisteredResource): number => {
      const declared = at(i.inputs, "rootBlockDevice", "volumeSize");
      return typeof declared === "number" ? declared : DEFAULT_EC2_ROOT_GB;
    };
    const totalGb = instances.reduce((sum, i) => sum + sizeOf(i), 0);
    priced("aws", `EBS gp3 root volumes (${totalGb} GB)`, instances, instances.length, "volume", "aws.ebs.gp3PerGbMonth", totalGb / instances.length);
  }

  // Traffic through the tunnels: egress on each side.
  if (vpns.length > 0 && connections.length > 0) {
    priced("azure", "Internet egress (Azure to AWS)", connections, traffic, "GB", "azure.egress.internetPerGb");
    priced("aws", "Data transfer out (AWS to Azure)", vpns, traffic, "GB", "aws.egress.internetPerGb");
  }

  // Logs, alarms and alerts (offline/monitoringCost.ts).
  monitoringCost(of, priced, options);

  // Everything else: free kinds (shown, so every declared kind is accounted for) or unpriced.
  const rest = custom.filter((r) => !PRICED_TYPES.has(r.type) && !IGNORED_TYPES.has(r.type));
  for (const [type, members] of groupBy(rest, (r) => r.type)) {
    const free = FREE_TYPES[type] ?? MONITORING_FREE_TYPES[type];
    if (free) {
      lines.push({ cloud: free.cloud, kind: free.kind, resources: members.map((r) => r.name), quantity: members.length, unit: "resource", unitPriceUsd: 0, monthlyUsd: 0, note: "no charge" });
    } else {
      const cloud: Cloud = type.startsWith("aws:") ? "aws" : "azure";
      unpriced.push(type);
      lines.push({ cloud, kind: type, resources: members.map((r) => r.name), quantity: members.length, unit: "resource", monthlyUsd: 0, note: "not in the price table: counted as 0" });
    }
  }

  lines.sort((a, b) => (a.cloud === b.cloud ? b.monthlyUsd - a.monthlyUsd : a.cloud === "azure" ? -1 : 1));
  const sum = (items: CostLine[]): number => roundCents(items.reduce((total, line) => total + line.monthlyUsd, 0));
  const cited = new Set(lines.flatMap((l) => (l.priceKey !== undefined ? (table.prices[l.priceKey]?.sources ?? []) : [])));
  return {
    estimate: true,
    currency: table.currency,
    asOf: table.asOf,
    regions: table.regions,
    hoursPerMonth: hours,
    trafficGbPerMonth: traffic,
    lines,
    totalMonthlyUsd: sum(lines),
    byCloud: { azure: sum(lines.filter((l) => l.cloud === "azure")), aws: sum(lines.filter((l) => l.cloud === "aws")) },
    unpriced,
    notes: table.notes,
    sources: Object.fromEntries([...cited].sort().map((id) => [id, table.sources[id] ?? id])),
  };
}
