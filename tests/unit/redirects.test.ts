import { describe, expect, it } from 'vitest';
import { sameOriginPath } from '../../src/lib/server/http/redirects.ts';
import { FRIENDLY_REDIRECTS, HOSTILE_REDIRECTS } from '../helpers/redirect-payloads.ts';

const ORIGIN = 'https://prachalab.example';

describe('sameOriginPath', () => {
	it.each(HOSTILE_REDIRECTS)('keeps %j on this site, in characters a header can carry', (payload) => {
		const path = sameOriginPath(payload, ORIGIN);
		expect(path).toMatch(/^\/(?![/\\])/);
		expect(path).toMatch(/^[\u0021-\u007e]+$/);
		// As a browser reads the Location header.
		expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
	});

	it.each(FRIENDLY_REDIRECTS)('keeps the same-site place %s as it is', (path) => {
		expect(sameOriginPath(path, ORIGIN)).toBe(path);
	});

	it('gives the fallback for anything that is not a path, and accepts a Thai path encoded', () => {
		expect(sameOriginPath(null, ORIGIN, '/projects')).toBe('/projects');
		expect(sameOriginPath(['/x'], ORIGIN)).toBe('/');
		expect(sameOriginPath('//evil.test', ORIGIN, '/projects')).toBe('/projects');
		expect(decodeURIComponent(sameOriginPath('/open?q=ข้อมูล', ORIGIN))).toBe('/open?q=ข้อมูล');
	});
});
