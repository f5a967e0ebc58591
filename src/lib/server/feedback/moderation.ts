import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import { newId } from '../ids.ts';
import { Checker, parseTags, refuse } from '../validation.ts';
import { answersOf, type StoredAnswer } from './responses.ts';
import { feedbackSearch } from './search.ts';
import { isChannel, isStatus, type Channel, type ModerationStatus } from '../../domain/feedback.ts';

/**
 * The team's side of a round: the moderation queue (new → published / hidden / spam), tags and
 * notes on responses. Contact details appear only in `findResponse` with `withContact` (the
 * route grants it to people who edit the project); lists never carry them.
 */

export interface ResponseFilter {
	status?: ModerationStatus | undefined;
	channel?: Channel | undefined;
	tag?: string | undefined;
	/** Words to find in the free-text answers (Thai segmented). */
	q?: string | undefined;
	limit?: number;
	offset?: number;
}

/** A filter from a query string; unknown values are ignored rather than refused (it is a URL). */
export function responseFilterFrom(params: URLSearchParams): ResponseFilter {
	const status = params.get('status');
	const channel = params.get('channel');
	const page = Math.max(1, Math.min(10_000, Number(params.get('page')) || 1));
	return {
		status: isStatus(status) ? status : undefined,
		channel: isChannel(channel) ? channel : undefined,
		tag: params.get('tag')?.trim().slice(0, 40) || undefined,
		q: params.get('q')?.trim().slice(0, 200) || undefined,
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	};
}

export const PAGE_SIZE = 50;

export interface ResponseListItem {
	id: string;
	channel: Channel;
	locale: string;
	status: ModerationStatus;
	rating: number | null;
	submittedAt: number;
	enteredByName: string | null;
	answers: StoredAnswer[];
	tags: string[];
	notes: number;
	onBoard: boolean;
}

/** One page of a round's responses matching `filter`, newest first (best match first when searching), and the total. */
export async function listResponses(db: DB, roundId: string, filter: ResponseFilter = {}): Promise<{ items: ResponseListItem[]; total: number }> {
	let matched: string[] | null = null;
	if (filter.q) matched = await feedbackSearch(db).search(db, [roundId], filter.q, 5000);
	if (matched && matched.length === 0) return { items: [], total: 0 };

	let base = db.selectFrom('feedback_responses').where('feedback_responses.round_id', '=', roundId);
	if (filter.status) base = base.where('feedback_responses.status', '=', filter.status);
	if (filter.channel) base = base.where('feedback_responses.channel', '=', filter.channel);
	if (filter.tag) {
		const tag = filter.tag;
		base = base.where((eb) =>
			eb.exists(
				eb
					.selectFrom('feedback_tags')
					.select('tag')
					.whereRef('feedback_tags.response_id', '=', 'feedback_responses.id')
					.where('feedback_tags.tag', '=', tag)
			)
		);
	}
	if (matched) base = base.where('feedback_responses.id', 'in', matched);

	const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
	const total = Number(totalRow?.n ?? 0);
	const limit = filter.limit ?? PAGE_SIZE;
	const offset = filter.offset ?? 0;

	let rows = await base
		.leftJoin('users', 'users.id', 'feedback_responses.entered_by')
		.select([
			'feedback_responses.id',
			'feedback_responses.channel',
			'feedback_responses.locale',
			'feedback_responses.status',
			'feedback_responses.rating',
			'feedback_responses.submitted_at',
			'users.name as entered_by_name'
		])
		.select((eb) => [
			eb
				.selectFrom('feedback_notes')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('feedback_notes.response_id', '=', 'feedback_responses.id')
				.as('notes'),
			eb
				.selectFrom('feedback_board_links')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('feedback_board_links.response_id', '=', 'feedback_responses.id')
				.as('links')
		])
		.orderBy('feedback_responses.submitted_at', 'desc')
		.orderBy('feedback_responses.id')
		.$if(!matched, (qb) => qb.limit(limit).offset(offset))
		.execute();
	if (matched) {
		// Search results keep the index's ranking.
		const rank = new Map(matched.map((id, i) => [id, i]));
		rows = rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!).slice(offset, offset + limit);
	}
	const ids = rows.map((r) => r.id);
	const answers = await answersOf(db, ids);
	const tags = await tagsOf(db, ids);
	return {
		total,
		items: rows.map((r) => ({
			id: r.id,
			channel: r.channel as Channel,
			locale: r.locale,
			status: (isStatus(r.status) ? r.status : 'new') as ModerationStatus,
			rating: r.rating === null ? null : Number(r.rating),
			submittedAt: Number(r.submitted_at),
			enteredByName: r.entered_by_name ?? null,
			answers: answers.get(r.id) ?? [],
			tags: tags.get(r.id) ?? [],
			notes: Number(r.notes ?? 0),
			onBoard: Number(r.links ?? 0) > 0
		}))
	};
}

async function tagsOf(db: DB, ids: readonly string[]): Promise<Map<string, string[]>> {
	const out = new Map<string, string[]>();
	if (ids.length === 0) return out;
	const rows = await db.selectFrom('feedback_tags').select(['response_id', 'tag']).where('response_id', 'in', ids).orderBy('tag').execute();
	for (const row of rows) {
		const list = out.get(row.response_id) ?? [];
		list.push(row.tag);
		out.set(row.response_id, list);
	}
	return out;
}

/** Every tag used in a round, with how many responses carry it. */
export async function listRoundTags(db: DB, roundId: string): Promise<{ tag: string; count: number }[]> {
	const rows = await db
		.selectFrom('feedback_tags')
		.innerJoin('feedback_responses', 'feedback_responses.id', 'feedback_tags.response_id')
		.select(['feedback_tags.tag', (eb) => eb.fn.countAll<number>().as('n')])
		.where('feedback_responses.round_id', '=', roundId)
		.groupBy('feedback_tags.tag')
		.orderBy('feedback_tags.tag')
		.execute();
	return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}

/** Counts per moderation status. */
export async function countByStatus(db: DB, roundId: string): Promise<Record<ModerationStatus, number>> {
	const rows = await db
		.selectFrom('feedback_responses')
		.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('round_id', '=', roundId)
		.groupBy('status')
		.execute();
	const out: Record<ModerationStatus, number> = { new: 0, published: 0, hidden: 0, spam: 0 };
	for (const r of rows) if (isStatus(r.status)) out[r.status] = Number(r.n);
	return out;
}

/** Only ids that are responses of this round (anything else in a submitted list is dropped). */
export async function responsesOfRound(db: DB, roundId: string, ids: readonly unknown[]): Promise<string[]> {
	const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 40))].slice(0, 500);
	if (wanted.length === 0) return [];
	const rows = await db.selectFrom('feedback_responses').select('id').where('round_id', '=', roundId).where('id', 'in', wanted).execute();
	const found = new Set(rows.map((r) => r.id));
	return wanted.filter((id) => found.has(id));
}

/** Moves responses to a moderation status. Access: canEdit. Returns how many changed. */
export async function setStatus(
	db: DB,
	roundId: string,
	ids: readonly unknown[],
	status: unknown,
	userId: string,
	now = Date.now()
): Promise<number> {
	if (!isStatus(status)) refuse('invalid_choice', 'status');
	const own = await responsesOfRound(db, roundId, ids);
	if (own.length === 0) refuse('fb_nothing_selected');
	const result = await db
		.updateTable('feedback_responses')
		.set({ status, moderated_by: userId, moderated_at: now })
		.where('round_id', '=', roundId)
		.where('id', 'in', own)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/** Replaces a response's tags. Access: canEdit. */
export async function setTags(db: DB, roundId: string, responseId: string, tags: unknown): Promise<string[]> {
	const check = new Checker();
	const list = check.tags('tags', tags);
	check.done();
	await db.transaction().execute(async (trx) => {
		// Replacements of one response's tags take turns (two at once would clash on the key).
		await lockRow(trx, 'feedback_responses', responseId);
		const own = await responsesOfRound(trx, roundId, [responseId]);
		if (own.length === 0) refuse('not_found');
		await trx.deleteFrom('feedback_tags').where('response_id', '=', responseId).execute();
		if (list.length)
			await trx
				.insertInto('feedback_tags')
				.values(list.map((tag) => ({ response_id: responseId, tag })))
				.execute();
	});
	return list;
}

/** Adds a tag to several responses at once. Access: canEdit. */
export async function addTagToMany(db: DB, roundId: string, ids: readonly unknown[], tag: unknown): Promise<number> {
	const [clean] = parseTags(tag);
	if (!clean) refuse('required', 'tag');
	if ([...clean].length > 40) refuse('tag_too_long', 'tag', { max: 40 });
	const own = await responsesOfRound(db, roundId, ids);
	if (own.length === 0) refuse('fb_nothing_selected');
	await db
		.insertInto('feedback_tags')
		.values(own.map((id) => ({ response_id: id, tag: clean })))
		.onConflict((oc) => oc.doNothing())
		.execute();
	return own.length;
}

export interface TeamNote {
	id: string;
	text: string;
	authorName: string | null;
	createdAt: number;
}

export async function addNote(db: DB, roundId: string, responseId: string, text: unknown, userId: string, now = Date.now()): Promise<string> {
	const check = new Checker();
	const clean = check.text('note', text, { min: 1, max: 2000 });
	check.done();
	const own = await responsesOfRound(db, roundId, [responseId]);
	if (own.length === 0) refuse('not_found');
	const id = newId();
	await db.insertInto('feedback_notes').values({ id, response_id: responseId, author_id: userId, text: clean, created_at: now }).execute();
	return id;
}

export async function removeNote(db: DB, roundId: string, responseId: string, noteId: unknown): Promise<void> {
	const own = await responsesOfRound(db, roundId, [responseId]);
	if (own.length === 0 || typeof noteId !== 'string') refuse('not_found');
	const result = await db.deleteFrom('feedback_notes').where('id', '=', noteId).where('response_id', '=', responseId).executeTakeFirst();
	if (Number(result.numDeletedRows) === 0) refuse('not_found');
}

export interface ResponseDetail extends ResponseListItem {
	teamNotes: TeamNote[];
	boardLinks: { boardId: string; noteId: string; sentAt: number; sentByName: string | null }[];
	moderatedAt: number | null;
	moderatedByName: string | null;
	contact: { name: string; phone: string; email: string; consentText: string; consentedAt: number; deleteAfter: number } | null;
	/** Whether the citizen left contact details (told to readers who may not see them). */
	hasContact: boolean;
}

/** One response of a round with its notes and board links; contact details only `withContact`. */
export async function findResponse(db: DB, roundId: string, responseId: string, options: { withContact: boolean }): Promise<ResponseDetail | null> {
	const row = await db
		.selectFrom('feedback_responses')
		.leftJoin('users as enterer', 'enterer.id', 'feedback_responses.entered_by')
		.leftJoin('users as moderator', 'moderator.id', 'feedback_responses.moderated_by')
		.selectAll('feedback_responses')
		.select(['enterer.name as entered_by_name', 'moderator.name as moderated_by_name'])
		.where('feedback_responses.id', '=', responseId)
		.where('feedback_responses.round_id', '=', roundId)
		.executeTakeFirst();
	if (!row) return null;
	const [answers, tags, notes, links, contact] = await Promise.all([
		answersOf(db, [row.id]),
		tagsOf(db, [row.id]),
		db
			.selectFrom('feedback_notes')
			.leftJoin('users', 'users.id', 'feedback_notes.author_id')
			.select(['feedback_notes.id', 'feedback_notes.text', 'feedback_notes.created_at', 'users.name'])
			.where('feedback_notes.response_id', '=', row.id)
			.orderBy('feedback_notes.created_at')
			.execute(),
		db
			.selectFrom('feedback_board_links')
			.leftJoin('users', 'users.id', 'feedback_board_links.sent_by')
			.select(['feedback_board_links.board_id', 'feedback_board_links.note_id', 'feedback_board_links.sent_at', 'users.name'])
			.where('feedback_board_links.response_id', '=', row.id)
			.execute(),
		db.selectFrom('feedback_contacts').selectAll().where('response_id', '=', row.id).executeTakeFirst()
	]);
	return {
		id: row.id,
		channel: row.channel as Channel,
		locale: row.locale,
		status: (isStatus(row.status) ? row.status : 'new') as ModerationStatus,
		rating: row.rating === null ? null : Number(row.rating),
		submittedAt: Number(row.submitted_at),
		enteredByName: row.entered_by_name ?? null,
		answers: answers.get(row.id) ?? [],
		tags: tags.get(row.id) ?? [],
		notes: notes.length,
		onBoard: links.length > 0,
		teamNotes: notes.map((n) => ({ id: n.id, text: n.text, authorName: n.name ?? null, createdAt: Number(n.created_at) })),
		boardLinks: links.map((l) => ({ boardId: l.board_id, noteId: l.note_id, sentAt: Number(l.sent_at), sentByName: l.name ?? null })),
		moderatedAt: row.moderated_at === null ? null : Number(row.moderated_at),
		moderatedByName: row.moderated_by_name ?? null,
		hasContact: !!contact,
		contact:
			contact && options.withContact
				? {
						name: contact.name,
						phone: contact.phone,
						email: contact.email,
						consentText: contact.consent_text,
						consentedAt: Number(contact.consented_at),
						deleteAfter: Number(contact.delete_after)
					}
				: null
	};
}
