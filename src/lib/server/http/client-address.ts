import type { IncomingMessage } from 'node:http';

/**
 * Where the client's address comes from: the socket's peer, or, behind a proxy, a header the
 * proxy writes. The same environment variables and rules as adapter-node's
 * `getClientAddress()`, which SvelteKit requests use, so a raw upgrade request (the collab
 * WebSocket) is counted under the same address as the pages.
 */
export interface AddressConfig {
	/** `ADDRESS_HEADER`, lower case (e.g. `x-forwarded-for`); undefined: the socket's peer. */
	header: string | undefined;
	/** `XFF_DEPTH`: how many trusted proxies stand in front of the app (for `x-forwarded-for` only). */
	xffDepth: number;
}

export function readAddressConfig(env: Record<string, string | undefined>): AddressConfig {
	const header = env.ADDRESS_HEADER?.trim().toLowerCase() || undefined;
	const depth = env.XFF_DEPTH?.trim() || '1';
	const xffDepth = Number(depth);
	if (!Number.isInteger(xffDepth) || xffDepth < 1)
		throw new Error(`XFF_DEPTH must be a positive whole number (the proxies in front of the app), not "${depth}"`);
	return { header, xffDepth };
}

/**
 * The client's address for `request`. With `x-forwarded-for`, the address `xffDepth` places from
 * the right: each trusted proxy appends the peer it saw, so anything further left was written
 * by the client and is not believed. Throws, as adapter-node does, when the configured header is
 * missing or too short: the proxy is misconfigured or was bypassed, and counting such requests
 * under the proxy's own address would put every client in one bucket.
 */
export function clientAddress(request: IncomingMessage, config: AddressConfig): string {
	if (!config.header) return request.socket.remoteAddress ?? '';
	const raw = request.headers[config.header];
	if (raw === undefined) throw new Error(`ADDRESS_HEADER is ${config.header}, but the request has no such header`);
	const value = Array.isArray(raw) ? raw.join(', ') : raw;
	if (config.header !== 'x-forwarded-for') return value;
	const addresses = value.split(',');
	if (config.xffDepth > addresses.length) {
		throw new Error(`XFF_DEPTH is ${config.xffDepth}, but x-forwarded-for holds only ${addresses.length} address(es)`);
	}
	return addresses[addresses.length - config.xffDepth]!.trim();
}
