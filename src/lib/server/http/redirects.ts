// C0 controls, DEL and C1 controls. Browsers drop tabs and newlines from a URL before reading
// it ("/\t/evil.test" becomes "//evil.test", another host), and no header may carry CR, LF or NUL.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The place on this site `value` names (path, query and fragment, percent-encoded), for a
 * redirect to go back to after signing in or switching language; `fallback` for anything else.
 * `value` is resolved against the app's own `origin` the way a browser would resolve it, and
 * kept only if it stays on that origin: a scheme, `//host`, `\host`, dot segments that make
 * `//host`, or control characters all give `fallback`. Non-ASCII text is kept, encoded, so
 * the Location header never fails.
 */
export function sameOriginPath(value: unknown, origin: string | URL, fallback = '/'): string {
	if (typeof value !== 'string' || !value.startsWith('/') || CONTROL_CHARACTERS.test(value)) return fallback;
	const site = new URL(origin);
	let url: URL;
	try {
		url = new URL(value, site);
	} catch {
		return fallback;
	}
	if (url.origin !== site.origin) return fallback;
	const path = url.pathname + url.search + url.hash;
	// "/.//evil.test" resolves to the path "//evil.test", which a browser reads as a host.
	if (path.startsWith('//')) return fallback;
	return path;
}
