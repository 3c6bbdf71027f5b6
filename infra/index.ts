// Entry point for `pulumi up`: every stack output of the contract in infra/outputs.ts.
import { main } from "./program";

export const { contractVersion, routing, azure, aws, tunnels, testHosts, monitoring } = main();
