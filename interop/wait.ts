// Waiting in the interop runs: a sleep, polling a probe until it answers or time runs out, and a
// child process's end.
import type { ChildProcess } from "node:child_process";

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Calls `probe` every `intervalMs` until it returns a value (that value) or `timeoutMs` has passed (undefined). */
export async function until<T>(timeoutMs: number, intervalMs: number, probe: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) return undefined;
    await sleep(intervalMs);
  }
}

/** Resolves once `child` has exited or failed to start, after calling `onEnd` (e.g. to mark it done). */
export function ended(child: ChildProcess, onEnd: () => void): Promise<void> {
  return new Promise((resolve) => {
    const end = (): void => {
      onEnd();
      resolve();
    };
    child.once("exit", end);
    child.once("error", end);
  });
}
