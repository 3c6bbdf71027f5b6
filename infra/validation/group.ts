/**
 * A rule group: the config keys it needs and a check that runs only when all of them passed the
 * schema, so a setting the stack got wrong is reported once, by the schema. Keys it only consults
 * (`orDefault`) stand at their default when the stack's value failed the schema, as they did
 * before the split; moving one into `needs` drops the issues derived from that default.
 */
import type { ConfigKey, DefaultedKey, ParsedConfig } from "../configSchema";

/** Records an issue: the key (`argKey`: `VpnArgs.vpcCidr`), the value, the rule. */
export type Report = (key: string, value: unknown, rule: string) => void;

/** What a check gets besides its keys. */
export interface RuleContext {
  error: Report;
  warn: Report;
  /** The awsRegion arg as given (checked on its own): rules compare with it only when it is a known region. */
  awsRegion: unknown;
  /** The settings as given (every arg but the regions), before the schema. */
  written: Readonly<Record<string, unknown>>;
  /** Settings whose value is known only later (an sshPublicKey Output): unset here; their own rule runs when known. */
  later: ReadonlySet<ConfigKey>;
}

export interface RuleGroup<K extends ConfigKey = ConfigKey, D extends DefaultedKey = never> {
  /** What the group checks (unique; tests name groups by it). */
  name: string;
  /** Keys that must have passed the schema for the group to run. */
  needs: readonly K[];
  /** Keys it also consults; a value that failed the schema stands at its default here. */
  orDefault?: readonly D[];
  /** The rules, over exactly the declared keys. */
  check(c: Pick<ParsedConfig, K | D>, ctx: RuleContext): void;
}

/** A group of any keys, as the driver holds them. */
export type AnyRuleGroup = RuleGroup<ConfigKey, DefaultedKey>;

/** Declares a group; the keys' types come from `needs` and `orDefault`, so `check` reads no other key. */
export function ruleGroup<const K extends ConfigKey, const D extends DefaultedKey = never>(group: RuleGroup<K, D>): AnyRuleGroup {
  return group;
}
