/**
 * What feeds what: every data link between the resources of an evaluation, matched by value from
 * the property dependencies the SDK recorded (offline/feed.ts has the shape). Pure.
 */
import { toAwsPresharedKey } from "../infra/keys";
import { TYPES } from "../infra/types";
import type { Evaluation, RegisteredResource } from "./evaluation";
import { SECRET, type Feed, type FeedEnd } from "./feed";
import { cloudNameOf, cloudOf, leaves, rootKey, typeShort } from "./readers";

function end(r: RegisteredResource, property: string): FeedEnd {
  return { urn: r.urn, name: r.name, type: r.type, typeShort: typeShort(r.type), cloud: cloudOf(r.type), cloudName: cloudNameOf(r), property };
}

function isSecretPath(r: RegisteredResource, pathText: string): boolean {
  return r.secretInputPaths.some((p) => pathText === p || pathText.startsWith(`${p}.`) || pathText.startsWith(`${p}[`));
}

/**
 * Every data link between resources: for each input that the SDK recorded as depending on other
 * resources (propertyDependencies), the producer's output whose value the input holds, matched
 * by value against the producer's mocked state: a computed output (e.g. ipAddress, tunnel1Address,
 * result), its id, an id the input was composed from, or a key after toAwsPresharedKey.
 */
export function deriveFeeds(evaluation: Evaluation): Feed[] {
  const byUrn = new Map(evaluation.resources.map((r) => [r.urn, r]));
  const feeds: Feed[] = [];
  for (const consumer of evaluation.resources) {
    if (!consumer.custom) continue;
    for (const [property, urns] of Object.entries(consumer.propertyDependencies ?? {})) {
      const producers = urns.map((u) => byUrn.get(u)).filter((r): r is RegisteredResource => r !== undefined && r.custom);
      const consumed = leaves(consumer.inputs[property], property);
      for (const producer of producers) {
        const outputs = leaves(producer.state, "").filter((l) => {
          const key = rootKey(l.path);
          return !Object.hasOwn(producer.inputs, key) || JSON.stringify(producer.inputs[key]) !== JSON.stringify(producer.state[key]);
        });
        for (const leaf of consumed) {
          const secret = isSecretPath(consumer, leaf.path) || producer.type === TYPES.password;
          let fromProperty: string | undefined;
          let via: string | undefined;
          const exact = outputs.find((o) => o.value === leaf.value);
          if (exact) fromProperty = exact.path;
          else if (producer.id !== undefined && leaf.value === producer.id) fromProperty = "id";
          else if (producer.id !== undefined && leaf.value.startsWith(`${producer.id}/`)) {
            fromProperty = "id";
            via = "composed from the id";
          } else if (secret) {
            const transformed = outputs.find((o) => toAwsPresharedKey(o.value) === leaf.value);
            if (transformed) {
              fromProperty = transformed.path;
              via = "toAwsPresharedKey";
            }
          }
          if (fromProperty === undefined) continue;
          const from = end(producer, fromProperty);
          const to = end(consumer, leaf.path);
          feeds.push({
            from,
            to,
            value: secret ? SECRET : leaf.value,
            secret,
            crossCloud: from.cloud !== to.cloud && (from.cloud === "azure" || from.cloud === "aws") && (to.cloud === "azure" || to.cloud === "aws"),
            via,
          });
        }
      }
    }
  }
  return feeds;
}
