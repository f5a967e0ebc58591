/** A same-site path to go back to, or `fallback` for anything that could leave the site. */
export function safeNextPath(value: unknown, fallback = '/'): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
		return fallback;
	}
	return value;
}
