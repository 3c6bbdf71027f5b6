// Every config key's change completes, bgp active-active (tests/lifecycle/everyKey.ts).
import { everyKeyIn } from "./everyKey";

everyKeyIn("bgp active-active");
