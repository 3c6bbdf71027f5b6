/**
 * Offline evaluations leave out azure-native's API-version type aliases. Every azure-native resource
 * passes about 60 of them to `pulumi.mergeOptions` (`{ type: "azure-native:network/v20150501preview:Subnet" }`,
 * one per API version the provider ever had), so that the engine can find state recorded under an
 * older versioned type token. The SDK turns each into a URN through several Outputs: they were half
 * an offline evaluation's CPU (measured 2026-12-02, 30 dev/prod evaluations, median of 5: 4.2 s ->
 * 2.4 s), and they decide the order in which resources register, which the plan's diagram and its
 * cost table's ties follow. Offline nothing matches old state and nothing reads them; every other
 * alias (the program's own, a renamed type's) is kept.
 *
 * How: the SDK's exported `mergeOptions(opts1, opts2)`, the one the providers' generated code calls
 * as `pulumi.mergeOptions(opts, aliasOpts)`, is wrapped on the SDK's index so that it drops them
 * from its second argument. That relies on the export's name, its two arguments and on it being a
 * writable property of the index: tests/harness/lean-sdk.test.ts fails loudly when an SDK update
 * changes any of them. `pulumi up` never loads this module.
 */
import { API_VERSION_ALIAS_TYPE } from "./evaluation";

interface WithAliases {
  aliases?: unknown[];
}

/** Resource options without azure-native's API-version type aliases (see the module comment). */
export function withoutApiVersionAliases<T>(options: T): T {
  const aliases = (options as WithAliases | undefined)?.aliases;
  if (!Array.isArray(aliases)) return options;
  const kept = aliases.filter((alias) => !(alias !== null && typeof alias === "object" && Object.keys(alias).join() === "type" && API_VERSION_ALIAS_TYPE.test(String((alias as { type: unknown }).type))));
  return kept.length === aliases.length ? options : { ...options, aliases: kept };
}

/** The SDK function wrapped: `mergeOptions(opts1, opts2)`. */
export type MergeOptions = (first: unknown, second: unknown) => unknown;

const WRAPPED = Symbol.for("azure-aws-vpn.withoutApiVersionAliases");

/** Wraps the SDK index's `mergeOptions` (once per index) so that it drops API-version aliases. */
export function leaveOutApiVersionAliases(index: Record<string, unknown>): void {
  const merge = index["mergeOptions"] as MergeOptions & { [WRAPPED]?: true };
  if (merge[WRAPPED]) return;
  const wrapped = Object.assign((first: unknown, second: unknown) => merge(first, withoutApiVersionAliases(second)), { [WRAPPED]: true as const });
  index["mergeOptions"] = wrapped;
}

// The CommonJS exports object itself, which the providers' `require("@pulumi/pulumi")` returns (an
// ES namespace import would be a copy).
// eslint-disable-next-line @typescript-eslint/no-require-imports
leaveOutApiVersionAliases(require("@pulumi/pulumi") as Record<string, unknown>);
