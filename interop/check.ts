/**
 * The interop check for whole stacks: evaluate the program under mocks, derive each tunnel's two
 * views from the declared resources, negotiate every tunnel with real daemons, and run the negative
 * controls, which must fail for their stated reason.
 */
import { evaluateStack, type EvaluateOptions } from "../offline/evaluate";
import { deriveTunnelViews } from "./derive";
import { negativeControls, type NegativeControl } from "./negative";
import { runTunnels, type RunOptions, type TunnelResult } from "./netns";
import type { TunnelViews } from "./views";

export interface NegativeOutcome {
  control: NegativeControl;
  result: TunnelResult;
  /** The variant failed, and for the expected reason. */
  asExpected: boolean;
}

export interface InteropReport {
  positives: TunnelResult[];
  negatives: NegativeOutcome[];
  ok: boolean;
}

/** Views of every tunnel of each stack, from the declared resources. */
export async function stackViews(stacks: (string | EvaluateOptions)[]): Promise<TunnelViews[]> {
  const views: TunnelViews[] = [];
  for (const stack of stacks) {
    const evaluation = await evaluateStack(typeof stack === "string" ? { stack } : stack);
    // A failed evaluation declares no (or half the) tunnels: never check those and call it a pass.
    if (evaluation.error) throw evaluation.error;
    views.push(...deriveTunnelViews(evaluation));
  }
  return views;
}

/**
 * Negative controls for a set of views: every control once per stack, taken from the stack's
 * first tunnel that supports it (BGP controls need a BGP tunnel).
 */
export function controlsFor(views: TunnelViews[]): NegativeControl[] {
  const controls: NegativeControl[] = [];
  const seen = new Set<string>();
  for (const v of views) {
    for (const control of negativeControls(v)) {
      const key = `${v.stack}:${control.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      controls.push(control);
    }
  }
  return controls;
}

export async function checkInterop(views: TunnelViews[], opts: RunOptions & { negatives?: boolean } = {}): Promise<InteropReport> {
  const controls = opts.negatives === false ? [] : controlsFor(views);
  const results = await runTunnels([...views, ...controls.map((c) => c.views)], opts);
  const positives = results.slice(0, views.length);
  const negatives = controls.map((control, i) => {
    const result = results[views.length + i]!;
    return { control, result, asExpected: !result.ok && (result.cause ?? "").includes(control.expectedCause) };
  });
  return { positives, negatives, ok: positives.every((r) => r.ok) && negatives.every((n) => n.asExpected) };
}

export function formatNegatives(negatives: NegativeOutcome[]): string {
  const lines = ["negative controls (each must fail for the stated reason):"];
  for (const n of negatives) {
    const verdict = n.asExpected ? "failed as expected" : n.result.ok ? "UNEXPECTEDLY PASSED" : "FAILED FOR ANOTHER REASON";
    lines.push(`  ${n.result.stack}/${n.result.tunnelId}: expected "${n.control.expectedCause}", got "${n.result.cause ?? "no failure"}": ${verdict}`);
  }
  return lines.join("\n");
}
