/**
 * The shape of one value handed from one resource to another ("what feeds what"), which
 * offline/deriveFeeds.ts derives and offline/spokes.ts filters, and the mark a secret value shows
 * as: its own module, with no imports, so that every part of the plan can share it.
 */

/** What the plan shows instead of a secret value, everywhere. */
export const SECRET = "[secret]";

/** Which cloud a resource type belongs to ("pulumi" for random, "component" for ours). */
export type CloudKind = "azure" | "aws" | "pulumi" | "component";

export interface FeedEnd {
  urn: string;
  name: string;
  type: string;
  typeShort: string;
  cloud: CloudKind;
  cloudName?: string;
  property: string;
}

export interface Feed {
  from: FeedEnd;
  to: FeedEnd;
  /** The value handed over; "[secret]" for keys. */
  value: string;
  secret: boolean;
  crossCloud: boolean;
  /** How the value was transformed on the way, when it was. */
  via?: string;
}
