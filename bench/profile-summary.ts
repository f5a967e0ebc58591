/**
 * Where a server's CPU went, from a V8 `.cpuprofile` (bench/server-probe.ts writes one of the
 * phase a bench measures; `node --cpu-prof` writes one of a whole process): each sample goes to
 * the cause of the innermost frame on its stack that one of the rules below recognises (the
 * SQLite call a query ends in, not the route that ran the query), then the top functions by
 * self time.
 *
 *   node bench/profile-summary.ts PROFILE.cpuprofile [how many functions, default 25] [--cpu-ms-each MS]
 *
 * Times are shares of the profile's samples. The sampler counts wall time, so on a busy machine a
 * sample may stand for time the process waited for a core: with `--cpu-ms-each X` (the server's
 * measured CPU time per request, as the benches print it) each cause also gets its share of X.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}
interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}
export interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** A cause, and how to recognise a frame of it (by function name and script URL). */
const CAUSES: { cause: string; match: (f: CallFrame) => boolean }[] = [
	{ cause: 'idle', match: (f) => f.functionName === '(idle)' },
	{ cause: 'garbage collection', match: (f) => f.functionName === '(garbage collector)' },
	{ cause: 'SQLite (the statement running)', match: (f) => /sqlite-driver|better-sqlite3|db\/open\.ts/.test(f.url) },
	{ cause: 'form token (HMAC, random id)', match: (f) => /FormToken|^Hmac$|randomFill|randomBytes/.test(f.functionName) },
	{ cause: 'Thai segmentation for search', match: (f) => f.functionName === 'words' || f.functionName === 'indexableText' },
	{ cause: 'kysely (building and compiling queries)', match: (f) => f.url.includes('node_modules/kysely') },
	{
		cause: 'validation and body parsing',
		match: (f) => /^(checkSubmission|checkContact|checkDistrict|parseUrlEncoded|readFormBody|fieldsFrom|echoValues)$/.test(f.functionName)
	},
	{ cause: 'dates and numbers (Intl)', match: (f) => /^(formatDate|formatDateTime|formatNumber|DateTimeFormat|NumberFormat)$/.test(f.functionName) },
	{ cause: 'metrics (prom-client)', match: (f) => f.url.includes('prom-client') },
	{
		cause: 'rendering (Svelte components, serialising data)',
		match: (f) =>
			/_page\.svelte|_layout\.svelte|\.svelte\.js|internal2\.js|render_response|render_page|^stringify$|uneval/.test(f.url + ' ' + f.functionName)
	},
	{ cause: 'socket writes', match: (f) => /^(writev|writeLatin1String|writeUtf8String|writeBuffer)$/.test(f.functionName) },
	{
		cause: 'Node HTTP and web streams',
		match: (f) => /node:_http|node:net|node:internal\/(webstreams|streams|deps\/undici|stream_base)/.test(f.url)
	},
	{ cause: 'SvelteKit (routing, hooks, actions, cookies)', match: (f) => /build\/server|server\/index\.ts/.test(f.url) },
	{ cause: 'module loading (first requests)', match: (f) => /node:internal\/modules|amaro/.test(f.url) }
];

function label(f: CallFrame): string {
	const file = f.url.replace(/^.*\/(node_modules\/)?/, '');
	return `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
}

export function summarise(profile: CpuProfile, top = 25, cpuMsEach?: number): string {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const selfTime = new Map<number, number>();
	let total = 0;
	profile.samples.forEach((id, i) => {
		const dt = profile.timeDeltas[i] ?? 0;
		total += dt;
		selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
	});
	const byCause = new Map<string, number>();
	const byFunction = new Map<string, number>();
	for (const [id, t] of selfTime) {
		let cause = 'other';
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const found = CAUSES.find((c) => c.match(byId.get(at!)!.callFrame));
			if (found) {
				cause = found.cause;
				break;
			}
		}
		byCause.set(cause, (byCause.get(cause) ?? 0) + t);
		const name = label(byId.get(id)!.callFrame);
		byFunction.set(name, (byFunction.get(name) ?? 0) + t);
	}
	const busy = total - (byCause.get('idle') ?? 0);
	const share = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
	const cost = (t: number) => (cpuMsEach ? `  ${((cpuMsEach * t) / busy).toFixed(3).padStart(6)} ms` : '');
	const lines = [
		`${(total / 1e6).toFixed(2)} s sampled, ${share(busy).trim()} busy${cpuMsEach ? `; ${cpuMsEach.toFixed(3)} ms of CPU per request, shared out below` : ''}`,
		'',
		'by cause:'
	];
	for (const [cause, t] of [...byCause].sort((a, b) => b[1] - a[1])) lines.push(`${share(t)}${cause === 'idle' ? '' : cost(t)}  ${cause}`);
	lines.push('', `top ${top} functions by self time:`);
	for (const [name, t] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`${share(t)}  ${name}`);
	return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const args = process.argv.slice(2);
	const at = args.indexOf('--cpu-ms-each');
	const cpuMsEach = at >= 0 ? Number(args.splice(at, 2)[1]) : undefined;
	const [path, top] = args;
	if (!path) {
		console.error('usage: node bench/profile-summary.ts PROFILE.cpuprofile [top] [--cpu-ms-each MS]');
		process.exit(2);
	}
	console.log(summarise(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, Number(top ?? 25), cpuMsEach));
}
