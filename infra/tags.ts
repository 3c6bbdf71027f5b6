/**
 * The team's tags: one map, put on every taggable resource of both clouds with the program's own
 * `managed-by` (and, on AWS, each resource's `Name`), checked against both clouds' tag rules
 * before anything is created. docs/constraints.md, "Tags". Pure.
 */

/** The tag the program puts on everything it creates. */
export const MANAGED_BY = { "managed-by": "azure-aws-vpn" } as const;

/** Tag keys the program sets itself: a team tag of that key (any case) would be overwritten. */
const PROGRAM_KEYS = ["Name", "managed-by"] as const;

/** Both clouds' tag rules, the stricter of each (docs/constraints.md, "Tags"). */
const TAG_RULES = {
  /** AWS and Azure: 50 tags a resource; the program's Name and managed-by take two. */
  maxTags: 50 - PROGRAM_KEYS.length,
  /** AWS: keys of 1 to 128 characters (Azure allows 512). */
  maxKeyLength: 128,
  /** AWS and Azure: values of up to 256 characters. */
  maxValueLength: 256,
  /** AWS: letters, digits, spaces and + - = . _ : / @ across services (Azure refuses / in names, below). */
  awsCharacters: /^[\p{L}\p{N}\p{Zs}+\-=._:/@]*$/u,
  /** Azure: characters a tag name cannot contain. */
  azureKeyForbidden: /[<>%&\\?/]/,
  /** AWS: the aws: prefix, in any case, is reserved for AWS's own tags. */
  awsReservedPrefix: /^aws:/i,
} as const;

/** Every problem with a team's tags, each as [path under the tags, value, rule]. */
export function tagProblems(tags: Readonly<Record<string, string>>): [string, unknown, string][] {
  const problems: [string, unknown, string][] = [];
  const entries = Object.entries(tags);
  if (entries.length > TAG_RULES.maxTags) {
    problems.push(["", `${entries.length} tags`, `lists more than ${TAG_RULES.maxTags} tags: AWS and Azure take at most 50 a resource, and the program adds ${PROGRAM_KEYS.join(" and ")}`]);
  }
  const seen = new Map<string, string>();
  for (const [key, value] of entries) {
    const at = `.${key}`;
    if (key.length === 0 || key.length > TAG_RULES.maxKeyLength) problems.push([at, key, `a tag key must be 1 to ${TAG_RULES.maxKeyLength} characters (AWS's limit; Azure's is 512)`]);
    if (!TAG_RULES.awsCharacters.test(key)) problems.push([at, key, "a tag key may hold only letters, digits, spaces and + - = . _ : / @ (the characters every AWS service accepts)"]);
    if (TAG_RULES.azureKeyForbidden.test(key)) problems.push([at, key, "a tag key cannot contain < > % & \\ ? / (Azure refuses them in tag names)"]);
    if (TAG_RULES.awsReservedPrefix.test(key)) problems.push([at, key, "a tag key cannot start with aws: (in any case): AWS reserves the prefix for its own tags"]);
    const own = PROGRAM_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
    if (own !== undefined) problems.push([at, key, `is a tag the program sets itself (${own}): name the resources with their own settings (vpcName, gatewayName...) and pick another key`]);
    const earlier = seen.get(key.toLowerCase());
    if (earlier !== undefined) problems.push([at, key, `repeats the key ${JSON.stringify(earlier)} in another case: Azure compares tag names case-insensitively and keeps one`]);
    else seen.set(key.toLowerCase(), key);
    if (value.length > TAG_RULES.maxValueLength) problems.push([at, `${value.length} characters`, `a tag value is at most ${TAG_RULES.maxValueLength} characters`]);
    if (!TAG_RULES.awsCharacters.test(value)) problems.push([at, value, "a tag value may hold only letters, digits, spaces and + - = . _ : / @ (the characters every AWS service accepts)"]);
  }
  return problems;
}

/** The tags of an Azure resource: the team's and managed-by. */
export function azureTags(tags: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return { ...tags, ...MANAGED_BY };
}

/** The tags of an AWS resource: the team's, managed-by and the resource's Name (none for one without). */
export function awsTags(tags: Readonly<Record<string, string>> | undefined, name?: string): Record<string, string> {
  return { ...(name === undefined ? {} : { Name: name }), ...tags, ...MANAGED_BY };
}
