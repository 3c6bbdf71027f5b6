/**
 * Where the program can deploy: Azure locations and AWS regions as the clouds list them, dated,
 * with "did you mean" suggestions. Sources and date: docs/constraints.md, "Regions and zones".
 * A region opened after the catalog date is refused until it is added here (one line).
 */

/** The date the lists below were last checked against the clouds' published lists. */
export const CATALOG_DATE = "2026-12-01";

/** Azure public-cloud location names (`az account list-locations --query "[].name"`), physical regions. */
export const AZURE_LOCATIONS: readonly string[] = [
  "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast", "belgiumcentral",
  "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast", "centralindia", "centralus", "chilecentral",
  "denmarkeast", "eastasia", "eastus", "eastus2", "francecentral", "francesouth", "germanynorth", "germanywestcentral",
  "indonesiacentral", "israelcentral", "italynorth", "japaneast", "japanwest", "jioindiacentral", "jioindiawest",
  "koreacentral", "koreasouth", "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope",
  "norwayeast", "norwaywest", "polandcentral", "qatarcentral", "southafricanorth", "southafricawest", "southcentralus",
  "southeastasia", "southindia", "spaincentral", "swedencentral", "switzerlandnorth", "switzerlandwest", "uaecentral",
  "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
];

/** AWS commercial regions (`aws ec2 describe-regions --all-regions`), all of which offer Transit Gateway. */
export const AWS_REGIONS: readonly string[] = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
  "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
  "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
  "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
  "us-east-2", "us-west-1", "us-west-2",
];

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** The closest candidates (up to three) within a third of the value's length, nearest first. */
export function suggestions(value: string, candidates: readonly string[]): string[] {
  const normalised = value.toLowerCase().replace(/[\s_]/g, "");
  const limit = Math.max(2, Math.floor(normalised.length / 3));
  return candidates
    .map((c) => ({ c, d: c === normalised ? 0 : editDistance(normalised, c) }))
    .filter(({ d }) => d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, 3)
    .map(({ c }) => c);
}

const didYouMean = (options: string[]): string => (options.length > 0 ? `; did you mean ${options.join(" or ")}?` : "");

export function azureLocationProblem(location: string): string | undefined {
  if (AZURE_LOCATIONS.includes(location)) return undefined;
  return `is not an Azure location (catalog of ${CATALOG_DATE}, names as \`az account list-locations\` gives them, e.g. eastus)${didYouMean(suggestions(location, AZURE_LOCATIONS))}`;
}

export function awsRegionProblem(region: string): string | undefined {
  if (AWS_REGIONS.includes(region)) return undefined;
  return `is not an AWS region (catalog of ${CATALOG_DATE}, e.g. us-east-1)${didYouMean(suggestions(region, AWS_REGIONS))}`;
}

/** An availability zone name is the region's code and one letter (e.g. us-east-1a). */
export function availabilityZoneProblem(zone: string, region: string): string | undefined {
  if (new RegExp(`^${region.replace(/[-]/g, "\\-")}[a-z]$`).test(zone)) return undefined;
  const letter = /([a-z])$/.exec(zone)?.[1] ?? "a";
  return `must be a zone of aws:region ${region}: a zone is the region's code and one letter (e.g. ${region}${letter})`;
}
