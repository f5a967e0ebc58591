/**
 * Loaded into a benchmark's server with `node --import` (never in production): every 2 s it
 * appends one JSON line to `STALLS_OUT` (default /tmp/stalls-PID.log) with what held the event
 * loop since the last line: the GC pauses of 5 ms or more (start in ms since load, duration in
 * ms, V8's kind: 1 scavenge, 4 mark-compact, 8 incremental) and the moments a 10 ms timer fired
 * 15 ms or more late (when, and how late). Cheap enough to leave on during a measured run,
 * unlike a CPU profile, so it shows the stalls that make a p99:
 *
 *   COMPARE_NODE_OPTIONS="--import ./bench/stalls.preload.ts" COMPARE_ONLY="paced across" npm run bench -- collab-compare
 *
 * With `ALLOCATIONS=FROM-TO` (ms since load) it also samples every allocation in that window,
 * collected or not (V8's sampling heap profiler, one sample per 32 KiB), and writes
 * /tmp/allocations-PID.heapprofile (Chrome DevTools reads it) and a line with the megabytes
 * allocated: divided by the notes the run received in that window, what the hub allocates per
 * note, which is what sets how often it collects garbage.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { appendFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

const out = process.env.STALLS_OUT ?? `/tmp/stalls-${process.pid}.log`;
const start = performance.now();
const since = (at: number) => Math.round(at - start);

let gcCount = 0;
let gcMs = 0;
const longGc: [number, number, number | undefined][] = [];
new PerformanceObserver((list) => {
	for (const entry of list.getEntries()) {
		gcCount++;
		gcMs += entry.duration;
		const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
		if (entry.duration >= 5) longGc.push([since(entry.startTime), Number(entry.duration.toFixed(1)), kind]);
	}
}).observe({ entryTypes: ['gc'] });

const late: [number, number][] = [];
let due = performance.now() + 10;
function tick(): void {
	const now = performance.now();
	if (now - due >= 15) late.push([since(now), Math.round(now - due)]);
	due = now + 10;
	setTimeout(tick, 10).unref();
}
setTimeout(tick, 10).unref();

setInterval(() => {
	const line = {
		at: since(performance.now()),
		gcCount,
		gcMs: Math.round(gcMs),
		longGc,
		late,
		heapMB: Math.round(process.memoryUsage().heapUsed / 1e6)
	};
	appendFileSync(out, `${JSON.stringify(line)}\n`);
	gcCount = 0;
	gcMs = 0;
	longGc.length = 0;
	late.length = 0;
}, 2000).unref();

interface SamplingNode {
	selfSize: number;
	children: SamplingNode[];
}

function allocated(node: SamplingNode): number {
	return node.children.reduce((sum, child) => sum + allocated(child), node.selfSize);
}

const allocationWindow = process.env.ALLOCATIONS?.split('-').map(Number);
if (allocationWindow?.length === 2) {
	const [from, to] = allocationWindow as [number, number];
	const session = new Session();
	session.connect();
	setTimeout(() => {
		void (async () => {
			await session.post('HeapProfiler.enable');
			await session.post('HeapProfiler.startSampling', {
				samplingInterval: 32 * 1024,
				includeObjectsCollectedByMajorGC: true,
				includeObjectsCollectedByMinorGC: true
			});
			setTimeout(() => {
				void (async () => {
					const { profile } = await session.post('HeapProfiler.stopSampling');
					writeFileSync(`/tmp/allocations-${process.pid}.heapprofile`, JSON.stringify(profile));
					const megabytes = allocated(profile.head as SamplingNode) / 1e6;
					appendFileSync(out, `${JSON.stringify({ allocations: { from, to, megabytes: Math.round(megabytes) } })}\n`);
				})();
			}, to - from).unref();
		})();
	}, from).unref();
}
