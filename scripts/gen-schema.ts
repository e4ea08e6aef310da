// Writes config/*.schema.json from the zod schemas; `npm test` fails when the committed files differ.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonSchemas } from '../src/config/json-schema';

const dir = join(__dirname, '..', '..', 'config');
for (const [name, text] of Object.entries(jsonSchemas())) {
  writeFileSync(join(dir, name), text);
  console.log(`wrote config/${name}`);
}
