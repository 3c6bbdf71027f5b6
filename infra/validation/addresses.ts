/**
 * Address rules: the VNet's address space, the VPC CIDR, the GatewaySubnet and both clouds' workload
 * subnets (syntax, sizes, ranges each cloud refuses, containment, overlaps, subnet names).
 */
import { AWS_VPC_FORBIDDEN, AZURE_VNET_FORBIDDEN, contains, forbiddenRange, isPrivate, overlaps, parseReported, type Ipv4Cidr } from "../addressing";
import { argKey, type NamedCidr } from "../configSchema";
import { NAME_RULES, nameProblem, reservedSubnetName } from "../nameRules";
import { ruleGroup } from "./group";

export { AWS_VPC_FORBIDDEN, AZURE_VNET_FORBIDDEN };

/** Azure's smallest subnet (docs/constraints.md, "Addresses"). */
export const AZURE_SMALLEST_SUBNET_PREFIX = 29;

const AWS_SERVICES_RANGE = forbiddenRange("172.17.0.0/16", "").block;

/** Every address setting, checked together: containment and overlaps relate them all. */
export const addresses = ruleGroup({
  name: "addresses",
  needs: ["vnetAddressSpace", "vpcCidr", "gatewaySubnetCidr", "azureSubnets", "awsSubnets"],
  check(c, { error, warn }) {
    const parse = (key: string, text: string): Ipv4Cidr | undefined => parseReported(key, text, error);
    const vnetBlocks = c.vnetAddressSpace.map((text, i) => parse(argKey(`vnetAddressSpace[${i}]`), text));
    const vpcBlock = parse(argKey("vpcCidr"), c.vpcCidr);
    // Absent with an existing VNet or VPC (infra/validation/hub.ts requires them otherwise).
    const gatewaySubnet = c.gatewaySubnetCidr === undefined ? undefined : parse(argKey("gatewaySubnetCidr"), c.gatewaySubnetCidr);
    const azureSubnets = c.azureSubnets ?? [];
    const awsSubnets = c.awsSubnets ?? [];
    const azureSubnetBlocks = azureSubnets.map((s, i) => parse(argKey(`azureSubnets[${i}].cidr`), s.cidr));
    const awsSubnetBlocks = awsSubnets.map((s, i) => parse(argKey(`awsSubnets[${i}].cidr`), s.cidr));

    const validVnet = vnetBlocks.filter((b): b is Ipv4Cidr => b !== undefined);
    // Containment in a VNet block that did not parse is unknowable: report the block, not its subnets.
    const vnetParsed = validVnet.length === vnetBlocks.length;
    vnetBlocks.forEach((block, i) => {
      if (!block) return;
      vnetBlocks.slice(0, i).forEach((other, j) => {
        if (other && overlaps(block, other)) error(argKey(`vnetAddressSpace[${i}]`), block.text, `overlaps vnetAddressSpace[${j}] (${other.text}); the VNet's address blocks must not overlap`);
      });
      if (!isPrivate(block)) warn(argKey(`vnetAddressSpace[${i}]`), block.text, "is not RFC 1918 private address space; it works inside the VNet but hides real internet hosts in that range");
      const azureForbidden = AZURE_VNET_FORBIDDEN.find((r) => overlaps(block, r.block));
      if (azureForbidden) error(argKey(`vnetAddressSpace[${i}]`), block.text, `overlaps ${azureForbidden.block.text} (${azureForbidden.why}), which Azure does not allow in a virtual network's address space: use private address space such as 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
      if (block.prefix > AZURE_SMALLEST_SUBNET_PREFIX) error(argKey(`vnetAddressSpace[${i}]`), block.text, `is smaller than Azure's smallest subnet (/${AZURE_SMALLEST_SUBNET_PREFIX}): use a prefix length of at most ${AZURE_SMALLEST_SUBNET_PREFIX}`);
    });
    if (vpcBlock) {
      if (vpcBlock.prefix < 16 || vpcBlock.prefix > 28) error(argKey("vpcCidr"), vpcBlock.text, "AWS accepts a VPC CIDR from /16 to /28: use a prefix length from 16 to 28");
      if (!isPrivate(vpcBlock)) warn(argKey("vpcCidr"), vpcBlock.text, "is not RFC 1918 private address space");
      const awsForbidden = AWS_VPC_FORBIDDEN.find((r) => overlaps(vpcBlock, r.block));
      if (awsForbidden) error(argKey("vpcCidr"), vpcBlock.text, `overlaps ${awsForbidden.block.text} (${awsForbidden.why}), which cannot be a VPC's address range: use private address space such as 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
      if (overlaps(vpcBlock, AWS_SERVICES_RANGE)) warn(argKey("vpcCidr"), vpcBlock.text, `overlaps ${AWS_SERVICES_RANGE.text}, which some AWS services use (Cloud9, SageMaker): AWS advises against it`);
      validVnet.forEach((block, i) => {
        if (overlaps(block, vpcBlock)) error(argKey("vpcCidr"), vpcBlock.text, `overlaps the Azure address space vnetAddressSpace[${i}] (${block.text}); the two sides must be disjoint to route between them`);
      });
    }
    if (gatewaySubnet) {
      if (vnetParsed && !validVnet.some((b) => contains(b, gatewaySubnet))) error(argKey("gatewaySubnetCidr"), gatewaySubnet.text, `must lie inside the VNet address space (${c.vnetAddressSpace.join(", ")})`);
      if (gatewaySubnet.prefix > 29) error(argKey("gatewaySubnetCidr"), gatewaySubnet.text, "GatewaySubnet must be at least a /29");
      else if (gatewaySubnet.prefix > 27) warn(argKey("gatewaySubnetCidr"), gatewaySubnet.text, "GatewaySubnet smaller than /27 leaves no room for more gateway features; Microsoft recommends /27 or larger");
    }
    const checkSubnets = (
      listKey: "azureSubnets" | "awsSubnets",
      subnets: NamedCidr[],
      blocks: (Ipv4Cidr | undefined)[],
      parents: Ipv4Cidr[],
      parentText: string,
      extra: { name: string; block: Ipv4Cidr }[],
    ): void => {
      const seenNames = new Map<string, string>();
      blocks.forEach((block, i) => {
        const name = subnets[i]!.name;
        // Azure compares names case-insensitively (docs/constraints.md, "Names").
        const seenKey = listKey === "azureSubnets" ? name.toLowerCase() : name;
        const seen = seenNames.get(seenKey);
        if (seen !== undefined) error(argKey(`${listKey}[${i}].name`), name, seen === name ? "subnet names must be unique" : `collides with ${JSON.stringify(seen)}: Azure compares subnet names case-insensitively`);
        seenNames.set(seenKey, name);
        const reserved = listKey === "azureSubnets" ? reservedSubnetName(name) : undefined;
        if (reserved === "GatewaySubnet") error(argKey(`${listKey}[${i}].name`), name, "GatewaySubnet is created from gatewaySubnetCidr (Azure compares subnet names case-insensitively); pick another name for a workload subnet");
        else if (reserved) error(argKey(`${listKey}[${i}].name`), name, `${reserved} is reserved by Azure for its own service (names compared case-insensitively); pick another name`);
        if (listKey === "azureSubnets") {
          const problem = nameProblem(name, NAME_RULES.subnet);
          if (problem) error(argKey(`${listKey}[${i}].name`), name, problem);
        }
        if (!block) return;
        if (listKey === "azureSubnets" && block.prefix > AZURE_SMALLEST_SUBNET_PREFIX) error(argKey(`${listKey}[${i}].cidr`), block.text, `Azure's smallest subnet is a /${AZURE_SMALLEST_SUBNET_PREFIX} (it reserves 5 addresses in each): use a prefix length of at most ${AZURE_SMALLEST_SUBNET_PREFIX}`);
        if (parents.length > 0 && !parents.some((p) => contains(p, block))) error(argKey(`${listKey}[${i}].cidr`), block.text, `must lie inside ${parentText}`);
        blocks.slice(0, i).forEach((other, j) => {
          if (other && overlaps(block, other)) error(argKey(`${listKey}[${i}].cidr`), block.text, `overlaps ${listKey}[${j}] (${other.text}); subnets must not overlap`);
        });
        for (const e of extra) {
          if (overlaps(block, e.block)) error(argKey(`${listKey}[${i}].cidr`), block.text, `overlaps ${e.name} (${e.block.text}); a workload subnet must not overlap the GatewaySubnet`);
        }
        if (listKey === "awsSubnets" && (block.prefix < 16 || block.prefix > 28)) error(argKey(`${listKey}[${i}].cidr`), block.text, "AWS accepts a subnet from /16 to /28: use a prefix length from 16 to 28");
      });
    };
    checkSubnets("azureSubnets", azureSubnets, azureSubnetBlocks, vnetParsed ? validVnet : [], `the VNet address space (${c.vnetAddressSpace.join(", ")})`, gatewaySubnet ? [{ name: "gatewaySubnetCidr", block: gatewaySubnet }] : []);
    checkSubnets("awsSubnets", awsSubnets, awsSubnetBlocks, vpcBlock ? [vpcBlock] : [], `the VPC CIDR (${c.vpcCidr})`, []);
  },
});
