/**
 * Pulumi's plugins (a policy pack, a component provider) announce their gRPC port as the first
 * line of stdout. The tests that start one wait for that line here.
 */
import type { ChildProcess } from "node:child_process";

/** The port `child` prints; rejects with its stderr if it exits first or stays silent past `timeoutMs`. */
export function pluginPort(child: ChildProcess, what: string, timeoutMs: number): Promise<number> {
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise<number>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => reject(new Error(`${what} printed no port within ${timeoutMs / 1000} s; stderr:\n${stderr}`)), timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(\d+)\s*$/m.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}; stderr:\n${stderr}`));
    });
  });
}
