// `npm run schema`: regenerates the committed schema.json from the TypeScript types.
import { writeFileSync } from "node:fs";
import { SCHEMA_FILE, analyzeSchema } from "./analyze";

writeFileSync(SCHEMA_FILE, analyzeSchema());
console.log(`wrote ${SCHEMA_FILE}`);
