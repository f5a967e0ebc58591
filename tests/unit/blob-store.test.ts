import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFileBlobStore, type BlobStore } from '../../src/lib/server/files/blob-store.ts';

let root: string;
let dir: string;
let blobs: BlobStore;

beforeEach(() => {
	root = mkdtempSync(join(tmpdir(), 'prachalab-blobs-'));
	dir = join(root, 'attachments');
	blobs = createFileBlobStore(dir);
});

afterEach(() => {
	rmSync(root, { recursive: true, force: true });
});

describe('the file blob store', () => {
	it('stores bytes under a key, gives them back, and removes them', async () => {
		const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
		await blobs.put('abc123.png', bytes);
		expect(await blobs.get('abc123.png')).toEqual(bytes);
		// Only the file itself is left: no temporary part.
		expect(readdirSync(dir)).toEqual(['abc123.png']);
		await blobs.delete('abc123.png');
		expect(await blobs.get('abc123.png')).toBeNull();
		await blobs.delete('abc123.png');
		expect(readdirSync(dir)).toEqual([]);
	});

	it('answers null for a key that was never stored', async () => {
		expect(await blobs.get('nothing.pdf')).toBeNull();
	});

	it('refuses any key that could reach outside its directory, writing nothing', async () => {
		for (const key of ['../escape.png', 'a/b.png', '..', '.hidden', '', 'x'.repeat(201), 'with space.png']) {
			await expect(blobs.put(key, new Uint8Array([1])), key).rejects.toThrow(/not a blob key/);
			await expect(blobs.get(key), key).rejects.toThrow(/not a blob key/);
			await expect(blobs.delete(key), key).rejects.toThrow(/not a blob key/);
		}
		expect(existsSync(join(root, 'escape.png'))).toBe(false);
		expect(existsSync(dir)).toBe(false);
	});
});
