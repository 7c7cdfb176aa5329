/**
 * Dev-time: writes src/core/prompts/reads.generated.json, the rules' narrowed searches
 * (src/core/prompts/reads.ts) with their codes filled in from codes.generated.json. The app's read
 * path loads it as a chunk of a few kilobytes instead of the code sets themselves.
 *
 *   npx tsx scripts/compile-reads.ts
 *
 * test/core/read-narrowed.test.ts fails when the file no longer matches what reads.ts computes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import codes from '../src/core/prompts/codes.generated.json';
import type { CompiledCodes } from '../src/core/prompts/codes';
import { narrowedParams } from '../src/core/prompts/reads';

const out = fileURLToPath(new URL('../src/core/prompts/reads.generated.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(narrowedParams(codes as unknown as CompiledCodes), null, 2)}\n`);
console.log(`wrote ${out}`);
