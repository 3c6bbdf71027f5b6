/**
 * The naming rules of every cloud resource this program names, from config or derived from it.
 * Sources and dates: docs/constraints.md, "Names". Pure.
 */

export interface NameRule {
  /** What the cloud calls the resource, for messages. */
  resource: string;
  min: number;
  max: number;
  /** Allowed characters, as a regex character class body. */
  chars: RegExp;
  charsText: string;
  first?: RegExp;
  last?: RegExp;
  edgeText?: string;
}

const AZURE_NETWORK_CHARS = /^[A-Za-z0-9._-]*$/;
const AZURE_NETWORK_EDGES = { first: /^[A-Za-z0-9]/, last: /[A-Za-z0-9_]$/, edgeText: "start with a letter or digit and end with a letter, digit or '_'" };
const azureNetwork = (resource: string, min: number, max: number): NameRule => ({
  resource,
  min,
  max,
  chars: AZURE_NETWORK_CHARS,
  charsText: "letters, digits, '.', '_' and '-'",
  ...AZURE_NETWORK_EDGES,
});

/** Microsoft.Resources and Microsoft.Network naming rules (docs/constraints.md, "Names"). */
export const NAME_RULES = {
  resourceGroup: {
    resource: "Azure resource group",
    min: 1,
    max: 90,
    chars: /^[\p{L}\p{N}._()-]*$/u,
    charsText: "letters, digits, '_', '(', ')', '-' and '.'",
    last: /[^.]$/,
    edgeText: "not end with '.'",
  },
  vnet: azureNetwork("Azure virtual network", 2, 64),
  subnet: azureNetwork("Azure subnet", 1, 80),
  gateway: azureNetwork("Azure virtual network gateway", 1, 80),
  publicIp: azureNetwork("Azure public IP address", 1, 80),
  localNetworkGateway: azureNetwork("Azure local network gateway", 1, 80),
  connection: azureNetwork("Azure connection", 1, 80),
  peering: azureNetwork("Azure virtual network peering", 1, 80),
  linuxComputerName: {
    resource: "Azure Linux VM computer name",
    min: 1,
    max: 64,
    chars: /^[^\\/"'[\]:|<>+=;,?*@&\s]*$/,
    charsText: "no whitespace and none of \\ / \" ' [ ] : | < > + = ; , ? * @ &",
    first: /^[^_]/,
    last: /[^.-]$/,
    edgeText: "not start with '_' nor end with '.' or '-'",
  },
  /** AWS names are the Name tag: a tag value of up to 256 Unicode characters. */
  awsNameTag: { resource: "AWS Name tag", min: 1, max: 256, chars: /^[\s\S]*$/u, charsText: "any characters" },
} as const satisfies Record<string, NameRule>;

/** What is wrong with `name` under `rule`, or undefined. */
export function nameProblem(name: string, rule: NameRule): string | undefined {
  const length = [...name].length;
  const problems: string[] = [];
  if (length < rule.min || length > rule.max) problems.push(`${rule.min} to ${rule.max} characters (this is ${length})`);
  if (!rule.chars.test(name)) problems.push(`only ${rule.charsText}`);
  if ((rule.first && name.length > 0 && !rule.first.test(name)) || (rule.last && name.length > 0 && !rule.last.test(name))) problems.push(rule.edgeText ?? "");
  return problems.length === 0 ? undefined : `an ${rule.resource} name must be ${problems.join("; ")}`;
}

/** Subnet names Azure reserves for its own services, compared case-insensitively. */
export const RESERVED_SUBNET_NAMES = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "AzureBastionSubnet", "RouteServerSubnet"] as const;

export function reservedSubnetName(name: string): string | undefined {
  return RESERVED_SUBNET_NAMES.find((reserved) => reserved.toLowerCase() === name.toLowerCase());
}

/** The test VM's computer name, derived from the VPC name (one home: TestHosts uses it). */
export function testVmComputerName(namePrefix: string): string {
  return `${namePrefix}-test-azure`;
}
