import { createSubscriber } from 'svelte/reactivity';
import { m } from '$lib/paraglide/messages.js';
import {
	addImage,
	boardRoots,
	deleteImages,
	imageFileId,
	listImages,
	placeImage,
	placedImageSize,
	readPrivacy,
	updateImage,
	type BoardImage,
	type ImagePatch
} from '$lib/board';
import type { BoardSession } from './board-session.svelte';

/** The longest side a photo is sent with: enough for a board, a tenth of a phone camera's bytes. */
const SEND_MAX_SIDE = 2048;
/** A photo this small in a type every browser shows goes as it is. */
const SEND_AS_IS_BYTES = 1.5 * 1024 * 1024;
const SHOWN_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

/** An image on its way to the board. */
export interface PendingImage {
	key: number;
	name: string;
	/** `waiting`: offline, sent again when the board is back online. */
	state: 'uploading' | 'waiting' | 'failed';
	reason: string;
	file: Blob;
	at: { x: number; y: number };
	stagger: number;
}

/** What the upload answered. */
interface Uploaded {
	file: string;
	width: number;
	height: number;
}

class UploadRefused extends Error {}

/**
 * The images of one open board (board/images.ts) for Svelte: read through `createSubscriber`,
 * added by uploading the file (POST `…/images`, the server checks and strips it) and then placing
 * the signed reference it answers on the board, moved, resized, described and removed as
 * changes of mine (undoable like notes' changes only where the session tracks them).
 *
 * A photo chosen while the board is offline is kept here (in memory) and sent when the board
 * is back, and the page says so; leaving the page then asks first. A large photo is scaled down
 * in the browser before it is sent (the server has no decoder: board-images/images.ts), which
 * also turns an iPhone's HEIC into JPEG where the browser can read it (Safari).
 *
 * One per session (`boardImagesOf`), so the canvas, its toolbar and the participant view share it.
 */
export class BoardImages {
	readonly session: BoardSession;
	pending = $state<PendingImage[]>([]);
	/** The last thing done, for a polite live region. */
	announcement = $state('');
	#list: BoardImage[];
	#subscribe: () => void;
	#next = 0;
	#cleanups: (() => void)[] = [];

	constructor(session: BoardSession) {
		this.session = session;
		const root = boardRoots(session.doc).images;
		this.#list = listImages(session.doc);
		const changed = () => (this.#list = listImages(session.doc));
		root.observeDeep(changed);
		this.#cleanups.push(() => root.unobserveDeep(changed));
		this.#subscribe = createSubscriber((update) => {
			root.observeDeep(update);
			return () => root.unobserveDeep(update);
		});
		const online = () => void this.retryWaiting();
		const leaving = (event: BeforeUnloadEvent) => {
			if (this.pending.some((p) => p.state !== 'failed')) event.preventDefault();
		};
		window.addEventListener('online', online);
		window.addEventListener('beforeunload', leaving);
		session.provider.on('status', online);
		this.#cleanups.push(() => {
			window.removeEventListener('online', online);
			window.removeEventListener('beforeunload', leaving);
			session.provider.off('status', online);
		});
	}

	/** Every image, oldest first (reactive). */
	get images(): BoardImage[] {
		this.#subscribe();
		return this.#list;
	}

	/** Where an image's file is served. */
	src(image: Pick<BoardImage, 'file'>): string {
		return `${this.session.imagesUrl}/${imageFileId(image.file)}`;
	}

	/** Whether I may add images now (an editor, the board not locked, no private brainstorm unless I run it). */
	get canAdd(): boolean {
		if (!this.session.imagesUrl || !this.session.editable) return false;
		return this.session.canFacilitate || !this.closedByPrivacy;
	}

	/** During a private brainstorm only facilitators add images (rules/images.ts). */
	get closedByPrivacy(): boolean {
		return this.session.facilitation.privacy.privateNotes && !this.session.canFacilitate;
	}

	/** Whether I may move, resize, describe or remove this image (a guest: their own, unless allowed more). */
	mayChange(image: Pick<BoardImage, 'author'>): boolean {
		return this.session.mayChange({ author: image.author });
	}

	/** Adds the image files among `files` around `at` (board units); returns how many were images. */
	add(files: Iterable<File>, at: { x: number; y: number }): number {
		let stagger = 0;
		for (const file of files) {
			if (!file.type.startsWith('image/') && file.type !== '') continue;
			const pending: PendingImage = { key: ++this.#next, name: file.name || 'image', state: 'uploading', reason: '', file, at, stagger: stagger++ };
			this.pending = [...this.pending, pending];
			void this.#send(pending.key);
		}
		return stagger;
	}

	/** Sends again the images that wait for the connection. */
	async retryWaiting(): Promise<void> {
		if (!this.#online()) return;
		for (const p of this.pending) if (p.state === 'waiting') void this.#send(p.key);
	}

	retry(key: number): void {
		void this.#send(key);
	}

	dismiss(key: number): void {
		this.pending = this.pending.filter((p) => p.key !== key);
	}

	move(id: string, x: number, y: number): void {
		this.#change(id, { x, y });
	}

	resize(id: string, w: number, h: number): void {
		this.#change(id, { w, h });
	}

	describe(id: string, alt: string): void {
		this.#change(id, { alt });
	}

	remove(id: string): void {
		const image = this.#list.find((i) => i.id === id);
		if (!image || !this.mayChange(image)) return;
		this.session.change((doc) => void deleteImages(doc, [id]));
		this.announcement = m.bi_removed();
	}

	destroy(): void {
		for (const cleanup of this.#cleanups) cleanup();
	}

	#change(id: string, patch: ImagePatch): void {
		const image = this.#list.find((i) => i.id === id);
		if (!image || !this.mayChange(image)) return;
		this.session.change((doc) => void updateImage(doc, id, patch));
	}

	#online(): boolean {
		return navigator.onLine && this.session.status === 'connected';
	}

	#update(key: number, fields: Partial<PendingImage>): void {
		this.pending = this.pending.map((p) => (p.key === key ? { ...p, ...fields } : p));
	}

	async #send(key: number): Promise<void> {
		const pending = this.pending.find((p) => p.key === key);
		if (!pending || !this.session.imagesUrl) return;
		if (!this.#online()) {
			this.#update(key, { state: 'waiting', reason: '' });
			return;
		}
		this.#update(key, { state: 'uploading', reason: '' });
		try {
			const file = await prepareForSending(pending.file);
			const uploaded = await upload(this.session.imagesUrl, file, pending.name);
			this.#place(uploaded, pending);
			this.dismiss(key);
			this.announcement = m.bi_placed({ name: pending.name });
		} catch (error) {
			if (error instanceof UploadRefused) this.#update(key, { state: 'failed', reason: error.message });
			// The network went away under the upload: it waits like one chosen offline.
			else this.#update(key, this.#online() ? { state: 'failed', reason: m.bi_error_network() } : { state: 'waiting', reason: '' });
		}
	}

	#place(uploaded: Uploaded, pending: PendingImage): void {
		const size = placedImageSize(uploaded.width, uploaded.height);
		const rect = placeImage(pending.at, size, pending.stagger);
		const anonymous = readPrivacy(this.session.doc).anonymousNotes;
		this.session.change((doc) => void addImage(doc, { file: uploaded.file, ...rect, author: anonymous ? '' : this.session.me.id }));
	}
}

async function upload(url: string, file: Blob, name: string): Promise<Uploaded> {
	const form = new FormData();
	form.append('image', file, name);
	const response = await fetch(url, { method: 'POST', body: form, headers: { accept: 'application/json' } });
	const body = (await response.json().catch(() => null)) as ({ message?: string } & Partial<Uploaded>) | null;
	if (!response.ok || !body?.file) {
		const fallback = response.status === 401 ? m.bi_error_signed_out() : response.status === 403 ? m.bi_error_forbidden() : m.bi_error_network();
		throw new UploadRefused(body?.message ?? fallback);
	}
	return { file: body.file, width: Number(body.width), height: Number(body.height) };
}

/**
 * The file as it is sent: as it is when it is small and in a type every browser shows; else
 * drawn at most SEND_MAX_SIDE a side (turned as its EXIF says) and sent as JPEG. A file the
 * browser cannot read (HEIC outside Safari) goes as it is, and the server says what to do.
 */
async function prepareForSending(file: Blob): Promise<Blob> {
	if (SHOWN_TYPES.has(file.type) && file.size <= SEND_AS_IS_BYTES) return file;
	let bitmap: ImageBitmap;
	try {
		bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	} catch {
		return file;
	}
	const scale = Math.min(1, SEND_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
	const canvas = document.createElement('canvas');
	canvas.width = Math.max(1, Math.round(bitmap.width * scale));
	canvas.height = Math.max(1, Math.round(bitmap.height * scale));
	const context = canvas.getContext('2d');
	if (!context) return file;
	// JPEG has no transparency: what was transparent becomes white, not black.
	context.fillStyle = '#fff';
	context.fillRect(0, 0, canvas.width, canvas.height);
	context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
	bitmap.close();
	const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
	// A type not every browser shows (HEIC) goes as the JPEG whatever its size.
	return blob && (blob.size < file.size || !SHOWN_TYPES.has(file.type)) ? blob : file;
}

const instances = new WeakMap<BoardSession, BoardImages>();

/** The images of `session`'s board (one instance per session, gone with its document). */
export function boardImagesOf(session: BoardSession): BoardImages {
	let images = instances.get(session);
	if (!images) {
		const created = new BoardImages(session);
		session.doc.on('destroy', () => created.destroy());
		instances.set(session, created);
		images = created;
	}
	return images;
}
