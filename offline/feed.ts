/**
 * The shape of one value handed from one resource to another ("what feeds what"), which
 * offline/report.ts derives and offline/spokes.ts filters: its own module, so that neither of
 * them imports the other.
 */

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
