/**
 * Redirect targets an attacker would try in `next` or `redirectTo`: the tricks of OWASP's
 * unvalidated-redirects cheat sheet and the ways browsers read a URL (they drop tabs and
 * newlines, read `\` as `/`, resolve dot segments, accept a scheme without slashes), plus
 * characters no HTTP header may carry.
 */
export const HOSTILE_REDIRECTS: readonly string[] = [
	'/\t/evil.test/phish',
	'/\n/evil.test',
	'/\r/evil.test',
	'\t//evil.test',
	' //evil.test',
	'//evil.test',
	'///evil.test',
	'////evil.test',
	'/\\evil.test',
	'\\\\evil.test',
	'/\\/evil.test',
	'\\/evil.test',
	'/./\\evil.test',
	'/.//evil.test',
	'/..//evil.test',
	'/%2e//evil.test',
	'/%2e%2e//evil.test',
	'//evil.test@localhost',
	'//localhost@evil.test',
	'https://evil.test',
	'HTTPS://evil.test',
	'https:/evil.test',
	'https:evil.test',
	'http:\\\\evil.test',
	'javascript:alert(1)',
	'JaVaScRiPt:alert(1)',
	'data:text/html,<script>alert(1)</script>',
	'evil.test',
	'/\u0000',
	'/ok\u0000//evil.test',
	'/\r\nSet-Cookie: pwned=1',
	'/\u0085//evil.test',
	'/\u007f//evil.test',
	'/\u2028//evil.test',
	'/\uff0f\uff0fevil.test',
	'/ผ่านแล้ว?q=ไทย#หัวข้อ',
	'/\u00ff\u0100',
	'/%0d%0aSet-Cookie:%20pwned=1',
	''
];

/** Same-site places a sign-in or a language switch may come back to, kept as they are. */
export const FRIENDLY_REDIRECTS: readonly string[] = ['/', '/projects', '/projects/abc123?tab=boards', '/f/queue-2569?via=qr#top', '/account'];
