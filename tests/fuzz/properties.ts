/**
 * The properties the fuzz suites check: what a valid config promises the program (a consistent
 * topology), and what every validation issue must look like.
 */
import { contains, insideAddresses, insideCidrProblem, overlaps, parseIpv4Cidr, type Ipv4Cidr } from "../../infra/addressing";
import { asnReservation, configSchema, CREATABLE_SKUS, formatIssue, PROJECT, tunnelCount, type ConfigIssue, type VpnConfig } from "../../infra/config";
import { GUARDED_SETTINGS } from "../../infra/guards";
import { profileProblems, toAwsTunnelOptions, toAzureIpsecPolicy } from "../../infra/ipsec";
import { planTopology, throughputCeiling } from "../../infra/topology";

const PROVIDER_KEYS = new Set(["aws:region", "azure-native:location"]);

function cidrOf(text: string, what: string, problems: string[]): Ipv4Cidr | undefined {
  const parsed = parseIpv4Cidr(text);
  if (!parsed.ok) {
    problems.push(`${what} ${JSON.stringify(text)} was accepted but does not parse: ${parsed.rule}`);
    return undefined;
  }
  // The program hands these strings to the clouds as written: they must mean what we checked.
  if (parsed.cidr.text !== text) problems.push(`${what} ${JSON.stringify(text)} was accepted but is read as ${parsed.cidr.text}`);
  return parsed.cidr;
}

/** Everything a valid config promises the program, as a list of broken promises. */
export function topologyProblems(config: VpnConfig, stack: string): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string): void => {
    if (!ok) problems.push(problem);
  };
  check(config.stack === stack, `stack ${config.stack} is not ${stack}`);

  // Tunnels: 2 (active-standby) or 4 (active-active), unique ids, one /30 each.
  const topology = planTopology(config);
  const expected = config.activeActive ? 4 : 2;
  check(topology.tunnels.length === expected && tunnelCount(config.activeActive) === expected, `${topology.tunnels.length} tunnels with activeActive ${config.activeActive}`);
  check(topology.connections.length === expected / 2, `${topology.connections.length} VPN connections`);
  check(topology.publicIpNames.length === expected / 2 && new Set(topology.publicIpNames).size === expected / 2, `public IP names ${topology.publicIpNames.join(", ")}`);
  check(new Set(topology.tunnels.map((t) => t.id)).size === expected, "tunnel ids repeat");
  check(config.tunnelInsideCidrs.length === expected, `${config.tunnelInsideCidrs.length} inside CIDRs for ${expected} tunnels`);
  const bgp = config.routing === "bgp";
  const inside: Ipv4Cidr[] = [];
  for (const tunnel of topology.tunnels) {
    const problem = insideCidrProblem(tunnel.insideCidr, bgp);
    check(problem === undefined, `${tunnel.id} inside CIDR ${tunnel.insideCidr}: ${problem}`);
    const block = cidrOf(tunnel.insideCidr, `${tunnel.id} inside CIDR`, problems);
    if (!block) continue;
    check(block.prefix === 30, `${tunnel.id} inside CIDR ${block.text} is not a /30`);
    check(!inside.some((other) => overlaps(other, block)), `${tunnel.id} inside CIDR ${block.text} overlaps another tunnel's`);
    inside.push(block);
    const addresses = insideAddresses(tunnel.insideCidr);
    check(addresses.aws !== addresses.azure && tunnel.awsInsideAddress === addresses.aws && tunnel.azureInsideAddress === addresses.azure, `${tunnel.id} inside addresses`);
  }
  if (bgp) check(topology.apipaByInstance.flat().length === expected, "one custom APIPA address per tunnel");

  // Addresses: subnets inside their parents and apart, the two sides disjoint.
  const vnet = config.vnetAddressSpace.map((text, i) => cidrOf(text, `vnetAddressSpace[${i}]`, problems)).filter((b): b is Ipv4Cidr => b !== undefined);
  const vpc = cidrOf(config.vpcCidr, "vpcCidr", problems);
  const gatewaySubnet = config.gatewaySubnetCidr === undefined ? undefined : cidrOf(config.gatewaySubnetCidr, "gatewaySubnetCidr", problems);
  const azureSubnets = config.azureSubnets.map((s, i) => cidrOf(s.cidr, `azureSubnets[${i}]`, problems));
  const awsSubnets = config.awsSubnets.map((s, i) => cidrOf(s.cidr, `awsSubnets[${i}]`, problems));
  vnet.forEach((a, i) => vnet.slice(i + 1).forEach((b) => check(!overlaps(a, b), `VNet blocks ${a.text} and ${b.text} overlap`)));
  if (vpc) {
    check(vpc.prefix >= 16 && vpc.prefix <= 28, `VPC ${vpc.text} size`);
    for (const block of vnet) check(!overlaps(block, vpc), `VNet ${block.text} and VPC ${vpc.text} overlap`);
  }
  const azureAll = [...azureSubnets, gatewaySubnet].filter((b): b is Ipv4Cidr => b !== undefined);
  for (const block of azureAll) check(vnet.some((v) => contains(v, block)), `Azure subnet ${block.text} is outside the VNet`);
  azureAll.forEach((a, i) => azureAll.slice(i + 1).forEach((b) => check(!overlaps(a, b), `Azure subnets ${a.text} and ${b.text} overlap`)));
  const awsAll = awsSubnets.filter((b): b is Ipv4Cidr => b !== undefined);
  for (const block of awsAll) check(vpc !== undefined && contains(vpc, block), `AWS subnet ${block.text} is outside the VPC`);
  awsAll.forEach((a, i) => awsAll.slice(i + 1).forEach((b) => check(!overlaps(a, b), `AWS subnets ${a.text} and ${b.text} overlap`)));
  if (gatewaySubnet) check(gatewaySubnet.prefix <= 29, `GatewaySubnet ${gatewaySubnet.text} is smaller than a /29`);
  check(new Set(config.azureSubnets.map((s) => s.name)).size === config.azureSubnets.length, "Azure subnet names repeat");
  check(new Set(config.awsSubnets.map((s) => s.name)).size === config.awsSubnets.length, "AWS subnet names repeat");

  // Gateway, routing, ASNs, profile.
  check(Object.hasOwn(CREATABLE_SKUS, config.gatewaySku) && CREATABLE_SKUS[config.gatewaySku].includes(config.gatewayGeneration), `${config.gatewaySku} ${config.gatewayGeneration} cannot be created`);
  try {
    throughputCeiling(config, topology);
  } catch (err) {
    problems.push(`throughputCeiling throws: ${String(err)}`);
  }
  check(!bgp || config.activeActive, "BGP without active-active");
  check(config.awsAttachment !== "tgw" || bgp, "transit gateway without BGP");
  if (config.awsAttachment === "tgw") {
    const zones = config.awsSubnets.map((s) => s.availabilityZone);
    check(zones.every((z) => z !== undefined) && new Set(zones).size === zones.length, `transit gateway subnets need one distinct zone each: ${JSON.stringify(zones)}`);
  }
  check(config.awsAsn !== config.azureAsn, "equal ASNs");
  check(asnReservation(config.azureAsn) === undefined && asnReservation(config.awsAsn) === undefined, `reserved ASN ${config.azureAsn}/${config.awsAsn}`);
  check(profileProblems(config.ipsec).length === 0, `profile problems: ${JSON.stringify(profileProblems(config.ipsec))}`);
  try {
    toAzureIpsecPolicy(config.ipsec);
    toAwsTunnelOptions(config.ipsec);
  } catch (err) {
    problems.push(`the profile does not map: ${String(err)}`);
  }

  // Day-2 settings name real things.
  const ids = topology.tunnels.map((t) => t.id);
  for (const id of Object.keys(config.keyRotation)) check(ids.includes(id), `keyRotation names ${id}, not a tunnel`);
  for (const setting of config.acknowledgeDisruption) check(Object.hasOwn(GUARDED_SETTINGS, setting), `acknowledgeDisruption names ${setting}, not a guarded setting`);
  if (config.testVms) check(config.adminCidr !== undefined && config.sshPublicKey !== undefined, "test hosts without admin CIDR or SSH key");
  return problems;
}

/** What an issue must look like: our key (or a provider's), and a rule that is a sentence. */
export function issueProblems(issue: ConfigIssue): string[] {
  const problems: string[] = [];
  const line = formatIssue(issue);
  if (!PROVIDER_KEYS.has(issue.key)) {
    if (!issue.key.startsWith(`${PROJECT}:`)) problems.push(`key ${JSON.stringify(issue.key)} is not one of ours`);
    const top = /^[^.[]+/.exec(issue.key.slice(PROJECT.length + 1))?.[0] ?? "";
    if (!Object.hasOwn(configSchema.shape, top) && !issue.rule.startsWith("is not a setting")) problems.push(`${line}: names no setting, yet the rule is not "is not a setting"`);
  }
  if (typeof issue.rule !== "string" || issue.rule.trim().length === 0) problems.push(`${issue.key}: empty rule`);
  else {
    if (issue.rule !== issue.rule.trim()) problems.push(`${line}: rule has surrounding whitespace`);
    if (!/[a-z]{2,}\s+\S+/i.test(issue.rule)) problems.push(`${line}: the rule is not a sentence`);
    if (/\bundefined\b|\bNaN\b|\[object /.test(issue.rule)) problems.push(`${line}: the rule shows a programming value`);
  }
  if (!line.startsWith(`${issue.key} = `)) problems.push(`formatted issue does not start with its key: ${line}`);
  return problems;
}
