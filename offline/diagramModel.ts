/**
 * The plan's diagram model: the resources as declared, by cloud and component, and the links of the
 * VPN chain (offline/diagram.ts renders it as Mermaid). Pure.
 */
import { TYPES } from "../infra/types";
import { deriveFeeds } from "./deriveFeeds";
import type { DiagramEdge, DiagramGroup, DiagramModel, DiagramNode } from "./diagram";
import type { Evaluation, RegisteredResource } from "./evaluation";
import { SECRET, type CloudKind, type Feed } from "./feed";
import { cloudNameOf, cloudOf, rootKey, typeShort } from "./readers";
import { SPOKE_LINK_TYPES } from "./spokes";

/** Consumers whose incoming links the diagram draws: the tunnel chain, end to end. */
const VPN_CHAIN = new Set<string>([TYPES.gateway, TYPES.customerGateway, TYPES.vpnConnection, TYPES.lng, TYPES.connection, ...SPOKE_LINK_TYPES]);

/**
 * The resources actually declared, grouped by cloud and then by component, with the links of the
 * VPN chain: cross-cloud feeds (public IP -> customer gateway, tunnel -> local network gateway),
 * keys (dotted), and the links into gateways, VPN connections and connections. Links from the
 * resource group (every Azure resource has one) are left out.
 */
export function diagramModel(evaluation: Evaluation, feeds: Feed[] = deriveFeeds(evaluation)): DiagramModel {
  const custom = evaluation.resources.filter((r) => r.custom);
  // Ids by URN order, so the same program always gives the same text.
  const nodeId = new Map<string, string>();
  [...custom].sort((a, b) => a.urn.localeCompare(b.urn)).forEach((r, i) => nodeId.set(r.urn, `n${i}`));
  const components = evaluation.resources.filter((r) => !r.custom);
  const componentOf = (r: RegisteredResource): RegisteredResource | undefined => {
    let parent = r.parentUrn;
    while (parent !== undefined) {
      const found = evaluation.resources.find((x) => x.urn === parent);
      if (found === undefined) return undefined;
      if (!found.custom) return found;
      parent = found.parentUrn;
    }
    return undefined;
  };
  const clouds: { cloud: CloudKind; label: string }[] = [
    { cloud: "azure", label: `Azure${evaluation.config ? ` (${evaluation.config.azureLocation})` : ""}` },
    { cloud: "aws", label: `AWS${evaluation.config ? ` (${evaluation.config.awsRegion})` : ""}` },
    { cloud: "pulumi", label: "Pulumi state (random keys)" },
  ];
  const groups: DiagramGroup[] = [];
  for (const { cloud, label } of clouds) {
    const members = custom.filter((r) => cloudOf(r.type) === cloud);
    if (members.length === 0) continue;
    const group: DiagramGroup = { id: `g_${cloud}`, label, nodes: [], groups: [] };
    const owners = [...components, undefined];
    owners.forEach((component, ci) => {
      const inside = members.filter((r) => componentOf(r)?.urn === component?.urn).sort((a, b) => typeShort(a.type).localeCompare(typeShort(b.type)) || a.name.localeCompare(b.name));
      if (inside.length === 0) return;
      const nodes: DiagramNode[] = inside.map((r) => ({
        id: nodeId.get(r.urn)!,
        lines: [`${typeShort(r.type)}${r.protect ? " (protected)" : ""}`, cloudNameOf(r) ?? r.name],
      }));
      if (component === undefined) group.nodes.push(...nodes);
      else group.groups.push({ id: `g_${cloud}_c${ci}`, label: `${typeShort(component.type)} ${component.name}`, nodes, groups: [] });
    });
    groups.push(group);
  }
  const edges: DiagramEdge[] = [];
  const seen = new Map<string, DiagramEdge>();
  for (const feed of feeds) {
    if (feed.from.type === TYPES.resourceGroup) continue;
    if (!(feed.crossCloud || feed.secret || VPN_CHAIN.has(feed.to.type))) continue;
    const from = nodeId.get(feed.from.urn);
    const to = nodeId.get(feed.to.urn);
    if (from === undefined || to === undefined) continue;
    const key = `${from}->${to}`;
    const label = feed.secret
      ? `key ${SECRET}`
      : feed.crossCloud && rootKey(feed.to.property) !== rootKey(feed.from.property)
        ? `${rootKey(feed.from.property)} \u2192 ${rootKey(feed.to.property)}`
        : rootKey(feed.to.property);
    const existing = seen.get(key);
    if (existing) {
      if (!existing.label.split(", ").includes(label)) existing.label = `${existing.label}, ${label}`;
      continue;
    }
    const edge: DiagramEdge = { from, to, label, style: feed.secret ? "dotted" : feed.crossCloud ? "thick" : "solid" };
    seen.set(key, edge);
    edges.push(edge);
  }
  return { direction: "LR", groups, edges };
}
