const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a state-changing request (any method but GET, HEAD and OPTIONS) came from another
 * site. SvelteKit refuses cross-site form posts, but only those with a form content type: a
 * cross-site `fetch` with no body or another type reaches the route with the visitor's cookie.
 * Browsers send Origin with every such request (the string "null" from sandboxed or privacy-
 * stripped contexts, refused too); where it is missing, Sec-Fetch-Site still tells. A request
 * with neither comes from a program, not a browser, and so carries no visitor's cookie by force.
 */
export function isCrossSiteWrite(request: Request, appOrigin: string): boolean {
	if (SAFE_METHODS.has(request.method)) return false;
	const origin = request.headers.get('origin');
	if (origin !== null) return origin !== appOrigin;
	const site = request.headers.get('sec-fetch-site');
	return site !== null && site !== 'same-origin' && site !== 'none';
}
