import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { timingSafeEqual } from 'node:crypto';
import type { Duplex } from 'node:stream';

/**
 * How nodes reach a board's owner (several app servers on PostgreSQL): a socket for a board
 * owned elsewhere is piped to the owner's internal URL as it came (the client keeps speaking
 * plain y-websocket), and a change made on a node that does not own the board is sent to the
 * owner as a Yjs update, which the owner stores and relays like its own.
 *
 * Node-to-node requests carry the cluster token (a server key every node reads from the shared
 * database, keys.ts): only with it does the owner believe the client address a forwarded
 * socket says it came from, and only with it does it take board changes.
 */

/** The header with the cluster token. */
export const NODE_TOKEN_HEADER = 'x-prachalab-node';
/** The client address a forwarding node saw (believed only with the token). */
export const FORWARDED_CLIENT_HEADER = 'x-prachalab-client';
/** Where the owner's board endpoints are (under the app's own port; refused without the token). */
export const CLUSTER_PATH = /^\/_cluster\/boards\/([a-z0-9]{1,64})\/(update|compact)$/;

/** The owner answered that it does not own the board (any more): ask who does, and try again. */
export class NotOwnerHere extends Error {
	constructor(boardId: string) {
		super(`the node asked no longer owns board ${boardId}`);
		this.name = 'NotOwnerHere';
	}
}

export interface Peers {
	/** Whether `request` came from another node (it carries the cluster token). */
	fromNode(request: IncomingMessage): boolean;
	/** The client address another node forwarded with `request`, or undefined. */
	forwardedClient(request: IncomingMessage): string | undefined;
	/**
	 * Pipes an upgrade to the owner at `address`; the owner answers the handshake. Resolves
	 * `piped`, or `answered` (the owner refused it, and its answer went to the client), or
	 * `unreachable` (nothing listens there: the owner died; the socket is left untouched).
	 */
	forwardUpgrade(
		address: string,
		request: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		client: string
	): Promise<'piped' | 'answered' | 'unreachable'>;
	/** Sends a board change (a Yjs update) to its owner; resolves once stored and relayed there. Throws NotOwnerHere. */
	sendUpdate(address: string, boardId: string, update: Uint8Array): Promise<void>;
	/** Asks the owner to fold the board's log into a snapshot now. Throws NotOwnerHere. */
	compact(address: string, boardId: string): Promise<void>;
	/** Sockets piped to owners now. */
	readonly forwarded: number;
	/** Closes every piped socket (shutdown: their clients reconnect elsewhere). */
	close(): void;
}

export function createPeers(token: Uint8Array, options: { timeoutMs?: number } = {}): Peers {
	const secret = Buffer.from(token).toString('hex');
	const timeoutMs = options.timeoutMs ?? 10_000;
	const piped = new Set<Duplex>();

	function fromNode(request: IncomingMessage): boolean {
		const given = request.headers[NODE_TOKEN_HEADER];
		if (typeof given !== 'string' || given.length !== secret.length) return false;
		return timingSafeEqual(Buffer.from(given), Buffer.from(secret));
	}

	function post(address: string, path: string, body: Uint8Array): Promise<number> {
		const url = new URL(path, address);
		const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
		return new Promise((resolve, reject) => {
			const req = send(url, {
				method: 'POST',
				headers: { [NODE_TOKEN_HEADER]: secret, 'content-type': 'application/octet-stream', 'content-length': body.byteLength },
				timeout: timeoutMs
			});
			req.on('response', (res) => {
				res.resume();
				res.on('end', () => resolve(res.statusCode ?? 0));
			});
			req.on('timeout', () => req.destroy(new Error(`${url.host} did not answer within ${timeoutMs} ms`)));
			req.on('error', reject);
			req.end(body);
		});
	}

	async function call(address: string, boardId: string, action: 'update' | 'compact', body: Uint8Array): Promise<void> {
		const status = await post(address, `/_cluster/boards/${boardId}/${action}`, body);
		if (status === 409) throw new NotOwnerHere(boardId);
		if (status !== 204) throw new Error(`board ${boardId}: its owner answered ${status} to ${action}`);
	}

	return {
		fromNode,
		forwardedClient(request) {
			const client = request.headers[FORWARDED_CLIENT_HEADER];
			return typeof client === 'string' && fromNode(request) ? client : undefined;
		},

		forwardUpgrade(address, request, socket, head, client) {
			const url = new URL(request.url ?? '/', address);
			const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
			const headers = { ...request.headers, [NODE_TOKEN_HEADER]: secret, [FORWARDED_CLIENT_HEADER]: client };
			const upstream = send(url, { method: 'GET', headers, timeout: timeoutMs });
			let settle!: (outcome: 'piped' | 'answered' | 'unreachable') => void;
			const outcome = new Promise<'piped' | 'answered' | 'unreachable'>((resolve) => (settle = resolve));
			const fail = (status: number) => {
				settle('answered');
				if (socket.destroyed) return;
				socket.end(`HTTP/1.1 ${status} ${status === 503 ? 'Service Unavailable' : 'Error'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
				socket.destroy();
			};
			upstream.on('timeout', () => upstream.destroy(new Error('owner did not answer')));
			// Refused: nothing listens at the owner's address, so it died (its lease not yet
			// expired). Anything else (a timeout): the client retries later.
			upstream.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? settle('unreachable') : fail(503)));
			upstream.on('response', (res) => {
				res.resume();
				fail(res.statusCode ?? 502);
			});
			upstream.on('upgrade', (res, ownerSocket, ownerHead) => {
				settle('piped');
				if (socket.destroyed) return ownerSocket.destroy();
				let reply = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`;
				for (let i = 0; i < res.rawHeaders.length; i += 2) reply += `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}\r\n`;
				socket.write(reply + '\r\n');
				if (ownerHead.length > 0) socket.write(ownerHead);
				if (head.length > 0) ownerSocket.write(head);
				piped.add(socket);
				ownerSocket.setNoDelay(true);
				ownerSocket.on('error', () => socket.destroy());
				socket.on('error', () => ownerSocket.destroy());
				ownerSocket.on('close', () => socket.destroy());
				socket.on('close', () => {
					piped.delete(socket);
					ownerSocket.destroy();
				});
				ownerSocket.pipe(socket);
				socket.pipe(ownerSocket);
			});
			upstream.end();
			return outcome;
		},

		sendUpdate: (address, boardId, update) => call(address, boardId, 'update', update),
		compact: (address, boardId) => call(address, boardId, 'compact', new Uint8Array()),

		get forwarded() {
			return piped.size;
		},

		close() {
			for (const socket of piped) socket.destroy();
			piped.clear();
		}
	};
}

/** What the owner's side of the board endpoints needs from the hub. */
export interface OwnerSide {
	/** Stores and relays `update` on the board if this node owns it (or may take it); throws `BoardOwnedElsewhere` if another does. */
	applyUpdate(boardId: string, update: Uint8Array): Promise<void>;
	compactHere(boardId: string): Promise<void>;
}

/**
 * Answers `/_cluster/boards/ID/{update,compact}` (true when the request was one of these): 204
 * done, 409 another node owns the board, 403 without the cluster token.
 */
export function handleClusterRequest(
	req: IncomingMessage,
	res: ServerResponse,
	peers: Peers,
	owner: OwnerSide,
	isOwnedElsewhere: (error: unknown) => boolean
): boolean {
	const match = CLUSTER_PATH.exec(new URL(req.url ?? '/', 'http://node').pathname);
	if (!match) return false;
	const answer = (status: number) => {
		res.statusCode = status;
		res.end();
	};
	if (req.method !== 'POST' || !peers.fromNode(req)) {
		req.resume();
		answer(403);
		return true;
	}
	const [, boardId, action] = match;
	const chunks: Buffer[] = [];
	req.on('data', (chunk: Buffer) => chunks.push(chunk));
	req.on('end', () => {
		const body = new Uint8Array(Buffer.concat(chunks));
		const work = action === 'update' ? owner.applyUpdate(boardId!, body) : owner.compactHere(boardId!);
		work.then(
			() => answer(204),
			(error: unknown) => answer(isOwnedElsewhere(error) ? 409 : 500)
		);
	});
	return true;
}
