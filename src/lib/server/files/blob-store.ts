import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomString } from '../ids.ts';

/**
 * Where file bytes live (attachments), by key. Keys are made by the caller, never from user
 * input, and never reused. The default keeps them in a directory beside the database; several
 * app servers need one every node reaches (a table, an object store) behind the same interface.
 */
export interface BlobStore {
	/** Stores the bytes under `key`, all or nothing: a crash never leaves half of them under it. */
	put(key: string, bytes: Uint8Array): Promise<void>;
	/** The bytes under `key`, or null if there are none. */
	get(key: string): Promise<Uint8Array | null>;
	/** Removes `key`'s bytes; a key already gone is not an error. */
	delete(key: string): Promise<void>;
}

// A key is one plain file name: nothing that could reach outside the directory.
const KEY = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9]+)?$/i;

function checkKey(key: string): string {
	if (key.length > 200 || !KEY.test(key)) throw new Error(`not a blob key: ${JSON.stringify(key.slice(0, 80))}`);
	return key;
}

/** Blobs as files in `dir` (created when first written to). */
export function createFileBlobStore(dir: string): BlobStore {
	return {
		async put(key, bytes) {
			const path = join(dir, checkKey(key));
			await mkdir(dir, { recursive: true });
			// Through a temporary name, so a crash never leaves half a file under a real one.
			const temp = join(dir, `.${key}.${randomString(8)}.part`);
			try {
				await writeFile(temp, bytes, { flag: 'wx' });
				await rename(temp, path);
			} catch (error) {
				await rm(temp, { force: true });
				throw error;
			}
		},
		async get(key) {
			try {
				return new Uint8Array(await readFile(join(dir, checkKey(key))));
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
				throw error;
			}
		},
		async delete(key) {
			await rm(join(dir, checkKey(key)), { force: true });
		}
	};
}
