/**
 * The bench's side of bench/server-probe.preload.ts: start an app server with
 * `preload: PROBE_PRELOAD`, then ask it for its CPU time and memory, or for a CPU profile of one
 * phase of a run.
 */
import type { ChildProcess } from 'node:child_process';
import type { ProbeOrder, ProbeUsage } from './server-probe.preload.ts';

export const PROBE_PRELOAD = './bench/server-probe.preload.ts';

export type { ProbeUsage };

type Order = ProbeOrder extends infer O ? (O extends ProbeOrder ? Omit<O, 'id'> : never) : never;

let nextId = 0;

function ask<T>(child: ChildProcess, order: Order): Promise<T> {
	const id = ++nextId;
	return new Promise((resolve, reject) => {
		const onMessage = (message: { id: number; value?: unknown; error?: string }) => {
			if (message.id !== id) return;
			child.off('message', onMessage);
			if (message.error) reject(new Error(message.error));
			else resolve(message.value as T);
		};
		child.on('message', onMessage);
		child.send({ ...order, id });
	});
}

/** The server's CPU time so far and its memory (after a full GC when `gc` and the server has `--expose-gc`). */
export function serverUsage(child: ChildProcess, gc = false): Promise<ProbeUsage> {
	return ask(child, { kind: 'usage', gc });
}

export function startServerProfile(child: ChildProcess): Promise<void> {
	return ask(child, { kind: 'profile-start' });
}

/** Stops the profile and has the server write it to `path`. */
export function stopServerProfile(child: ChildProcess, path: string): Promise<void> {
	return ask(child, { kind: 'profile-stop', path });
}
