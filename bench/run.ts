/**
 * Runs the benchmarks: `npm run bench` runs every bench/*.bench.ts in turn, `npm run bench --
 * name` only those whose file name contains `name`. Each file is run as its own Node process
 * (a clean heap, so memory figures are its own) and prints its results; bench/README.md keeps
 * the last figures. Most need a production build first (`npm run build`).
 */
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(here)
	.filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
	.sort();

let failed = 0;
for (const file of files) {
	console.log(`\n## ${file}\n`);
	const result = spawnSync(process.execPath, ['--expose-gc', `${here}${file}`], { stdio: 'inherit' });
	if (result.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
