// Every config key's change completes, static active-active (tests/lifecycle/everyKey.ts).
import { everyKeyIn } from "./everyKey";

everyKeyIn("static active-active");
