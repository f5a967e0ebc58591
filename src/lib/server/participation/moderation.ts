import type { DB } from '../db/open.ts';
import { lockRow } from '../db/locks.ts';
import { Checker, parseTags, refuse } from '../validation.ts';
import { participationSearch } from '../feedback/search.ts';
import { answersOfEntries } from './entries.ts';
import { isChannel, type Channel } from '../../domain/feedback.ts';
import { isEntryStatus, type CallKind, type EntryListItem, type EntryStatus, type ReportReason } from '../../domain/participation.ts';

/**
 * The team's side of a call: the moderation queue (new → approved for the public / hidden /
 * spam), tags, Thai search, grouping duplicate ideas, and restoring an idea that reports hid.
 * Contact details appear only in `findEntry` with `withContact`; lists never carry them.
 */

export const PAGE_SIZE = 50;

export interface EntryFilter {
	status?: EntryStatus | undefined;
	channel?: Channel | undefined;
	tag?: string | undefined;
	district?: string | undefined;
	q?: string | undefined;
	/** 'supports': most supported first (ideas); otherwise newest first. */
	sort?: 'new' | 'supports';
	/** Only these entries. */
	ids?: readonly string[];
	limit?: number;
	offset?: number;
}

/** A filter from a query string; unknown values are ignored (it is a URL). */
export function entryFilterFrom(params: URLSearchParams): EntryFilter {
	const status = params.get('status');
	const channel = params.get('channel');
	const page = Math.max(1, Math.min(10_000, Number(params.get('page')) || 1));
	return {
		status: isEntryStatus(status) ? status : undefined,
		channel: isChannel(channel) ? channel : undefined,
		tag: params.get('tag')?.trim().slice(0, 40) || undefined,
		district: params.get('district')?.trim().slice(0, 60) || undefined,
		q: params.get('q')?.trim().slice(0, 200) || undefined,
		sort: params.get('sort') === 'supports' ? 'supports' : 'new',
		limit: PAGE_SIZE,
		offset: (page - 1) * PAGE_SIZE
	};
}

/** One page of a call's stories or ideas matching `filter`, and the total. */
export async function listEntries(db: DB, callId: string, filter: EntryFilter = {}): Promise<{ items: EntryListItem[]; total: number }> {
	let matched: string[] | null = null;
	if (filter.q) matched = await participationSearch(db).search(db, [callId], filter.q, 5000);
	if (matched && matched.length === 0) return { items: [], total: 0 };

	let base = db.selectFrom('participation_entries').where('participation_entries.call_id', '=', callId);
	if (filter.status) base = base.where('participation_entries.status', '=', filter.status);
	if (filter.channel) base = base.where('participation_entries.channel', '=', filter.channel);
	if (filter.district) base = base.where('participation_entries.district', '=', filter.district);
	if (filter.tag) {
		const tag = filter.tag;
		base = base.where((eb) =>
			eb.exists(
				eb
					.selectFrom('participation_tags')
					.select('tag')
					.whereRef('participation_tags.entry_id', '=', 'participation_entries.id')
					.where('participation_tags.tag', '=', tag)
			)
		);
	}
	if (matched) base = base.where('participation_entries.id', 'in', matched);
	if (filter.ids) {
		if (filter.ids.length === 0) return { items: [], total: 0 };
		base = base.where('participation_entries.id', 'in', filter.ids);
	}
	const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
	const limit = filter.limit ?? PAGE_SIZE;
	const offset = filter.offset ?? 0;

	let query = base
		.leftJoin('users', 'users.id', 'participation_entries.entered_by')
		.select([
			'participation_entries.id',
			'participation_entries.kind',
			'participation_entries.status',
			'participation_entries.channel',
			'participation_entries.title',
			'participation_entries.body',
			'participation_entries.district',
			'participation_entries.photo_key',
			'participation_entries.submitted_at',
			'participation_entries.hidden_by_reports',
			'participation_entries.duplicate_of',
			'users.name as entered_by_name'
		])
		.select((eb) => [
			eb
				.selectFrom('participation_supports')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('participation_supports.entry_id', '=', 'participation_entries.id')
				.as('supports'),
			eb
				.selectFrom('participation_reports')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('participation_reports.entry_id', '=', 'participation_entries.id')
				.where('participation_reports.reviewed_at', 'is', null)
				.as('reports'),
			eb
				.selectFrom('participation_entries as dup')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('dup.duplicate_of', '=', 'participation_entries.id')
				.as('duplicates'),
			eb
				.selectFrom('participation_board_links')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('participation_board_links.entry_id', '=', 'participation_entries.id')
				.as('links')
		]);
	query = filter.sort === 'supports' ? query.orderBy('supports', 'desc') : query;
	let rows = await query
		.orderBy('participation_entries.submitted_at', 'desc')
		.orderBy('participation_entries.id')
		.$if(!matched, (qb) => qb.limit(limit).offset(offset))
		.execute();
	if (matched) {
		// Search results keep the index's ranking.
		const rank = new Map(matched.map((id, i) => [id, i]));
		rows = rows.sort((a, b) => rank.get(a.id)! - rank.get(b.id)!).slice(offset, offset + limit);
	}
	const tags = await tagsOf(
		db,
		rows.map((r) => r.id)
	);
	return {
		total,
		items: rows.map((r) => ({
			id: r.id,
			kind: (r.kind === 'idea' ? 'idea' : 'story') as CallKind,
			status: (isEntryStatus(r.status) ? r.status : 'new') as EntryStatus,
			channel: r.channel as Channel,
			title: r.title,
			body: r.body,
			district: r.district,
			hasPhoto: r.photo_key !== null,
			submittedAt: Number(r.submitted_at),
			enteredByName: r.entered_by_name ?? null,
			tags: tags.get(r.id) ?? [],
			supports: Number(r.supports ?? 0),
			openReports: Number(r.reports ?? 0),
			hiddenByReports: Number(r.hidden_by_reports) === 1,
			duplicateOf: r.duplicate_of,
			duplicates: Number(r.duplicates ?? 0),
			onBoard: Number(r.links ?? 0) > 0
		}))
	};
}

async function tagsOf(db: DB, ids: readonly string[]): Promise<Map<string, string[]>> {
	const out = new Map<string, string[]>();
	if (ids.length === 0) return out;
	const rows = await db.selectFrom('participation_tags').select(['entry_id', 'tag']).where('entry_id', 'in', ids).orderBy('tag').execute();
	for (const row of rows) out.set(row.entry_id, [...(out.get(row.entry_id) ?? []), row.tag]);
	return out;
}

/** Every tag used in a call, with how many entries carry it. */
export async function listCallTags(db: DB, callId: string): Promise<{ tag: string; count: number }[]> {
	const rows = await db
		.selectFrom('participation_tags')
		.innerJoin('participation_entries', 'participation_entries.id', 'participation_tags.entry_id')
		.select(['participation_tags.tag', (eb) => eb.fn.countAll<number>().as('n')])
		.where('participation_entries.call_id', '=', callId)
		.groupBy('participation_tags.tag')
		.orderBy('participation_tags.tag')
		.execute();
	return rows.map((r) => ({ tag: r.tag, count: Number(r.n) }));
}

/** Counts per moderation status. */
export async function countEntriesByStatus(db: DB, callId: string): Promise<Record<EntryStatus, number>> {
	const rows = await db
		.selectFrom('participation_entries')
		.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
		.where('call_id', '=', callId)
		.groupBy('status')
		.execute();
	const out: Record<EntryStatus, number> = { new: 0, approved: 0, hidden: 0, spam: 0 };
	for (const r of rows) if (isEntryStatus(r.status)) out[r.status] = Number(r.n);
	return out;
}

/** Only ids that are entries of this call (anything else in a submitted list is dropped). */
export async function entriesOfCall(db: DB, callId: string, ids: readonly unknown[]): Promise<string[]> {
	const wanted = [...new Set(ids.filter((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= 40))].slice(0, 500);
	if (wanted.length === 0) return [];
	const rows = await db.selectFrom('participation_entries').select('id').where('call_id', '=', callId).where('id', 'in', wanted).execute();
	const found = new Set(rows.map((r) => r.id));
	return wanted.filter((id) => found.has(id));
}

/**
 * Moves entries to a moderation status. Approving an idea that reports hid restores it: the
 * reports so far count as reviewed, so it takes as many new ones to hide it again. Access: canEdit.
 */
export async function setEntryStatus(
	db: DB,
	callId: string,
	ids: readonly unknown[],
	status: unknown,
	userId: string,
	now = Date.now()
): Promise<number> {
	if (!isEntryStatus(status)) refuse('invalid_choice', 'status');
	const own = await entriesOfCall(db, callId, ids);
	if (own.length === 0) refuse('fb_nothing_selected');
	return db.transaction().execute(async (trx) => {
		const result = await trx
			.updateTable('participation_entries')
			.set({ status, moderated_by: userId, moderated_at: now, hidden_by_reports: 0 })
			.where('call_id', '=', callId)
			.where('id', 'in', own)
			.executeTakeFirst();
		if (status === 'approved') {
			await trx
				.updateTable('participation_reports')
				.set({ reviewed_at: now })
				.where('entry_id', 'in', own)
				.where('reviewed_at', 'is', null)
				.execute();
		}
		return Number(result.numUpdatedRows);
	});
}

/** Replaces an entry's tags. Access: canEdit. */
export async function setEntryTags(db: DB, callId: string, entryId: string, tags: unknown): Promise<string[]> {
	const check = new Checker();
	const list = check.tags('tags', tags);
	check.done();
	await db.transaction().execute(async (trx) => {
		// Replacements of one entry's tags take turns (two at once would clash on the key).
		await lockRow(trx, 'participation_entries', entryId);
		if ((await entriesOfCall(trx, callId, [entryId])).length === 0) refuse('not_found');
		await trx.deleteFrom('participation_tags').where('entry_id', '=', entryId).execute();
		if (list.length > 0)
			await trx
				.insertInto('participation_tags')
				.values(list.map((tag) => ({ entry_id: entryId, tag })))
				.execute();
	});
	return list;
}

/** Adds a tag to several entries at once. Access: canEdit. */
export async function addEntryTagToMany(db: DB, callId: string, ids: readonly unknown[], tag: unknown): Promise<number> {
	const [clean] = parseTags(tag);
	if (!clean) refuse('required', 'tag');
	if ([...clean].length > 40) refuse('tag_too_long', 'tag', { max: 40 });
	const own = await entriesOfCall(db, callId, ids);
	if (own.length === 0) refuse('fb_nothing_selected');
	await db
		.insertInto('participation_tags')
		.values(own.map((id) => ({ entry_id: id, tag: clean })))
		.onConflict((oc) => oc.doNothing())
		.execute();
	return own.length;
}

/**
 * Groups ideas as duplicates of `leaderId`: each is shown under it and their supporters count
 * once for the group. A group has one level: the leader must not itself be grouped under another,
 * and ideas grouped under one that joins a group move to the new leader. `leaderId` '' ungroups.
 * Access: canEdit.
 */
export async function groupDuplicates(db: DB, callId: string, ids: readonly unknown[], leaderId: unknown): Promise<number> {
	const own = await entriesOfCall(db, callId, ids);
	if (own.length === 0) refuse('fb_nothing_selected');
	return db.transaction().execute(async (trx) => {
		// Groupings of one call take turns: two at once could each pass the one-level check
		// below and together make a chain (A under B while B goes under C).
		if (!(await lockRow(trx, 'participation_calls', callId))) refuse('not_found');
		if (leaderId === '' || leaderId === null || leaderId === undefined) {
			const result = await trx.updateTable('participation_entries').set({ duplicate_of: null }).where('id', 'in', own).executeTakeFirst();
			return Number(result.numUpdatedRows);
		}
		const [leader] = await entriesOfCall(trx, callId, [leaderId]);
		if (!leader) refuse('not_found', 'leader');
		const leaderRow = await trx
			.selectFrom('participation_entries')
			.select(['kind', 'duplicate_of'])
			.where('id', '=', leader)
			.executeTakeFirstOrThrow();
		if (leaderRow.kind !== 'idea') refuse('invalid_choice', 'leader');
		if (leaderRow.duplicate_of !== null) refuse('pt_leader_is_duplicate', 'leader');
		const members = own.filter((id) => id !== leader);
		if (members.length === 0) refuse('pt_duplicate_of_itself', 'leader');
		await trx.updateTable('participation_entries').set({ duplicate_of: leader }).where('duplicate_of', 'in', members).execute();
		const result = await trx.updateTable('participation_entries').set({ duplicate_of: leader }).where('id', 'in', members).executeTakeFirst();
		return Number(result.numUpdatedRows);
	});
}

export interface EntryDetail extends EntryListItem {
	callId: string;
	photoType: string | null;
	answers: { questionId: string; text: string }[];
	reports: { reason: ReportReason; createdAt: number; reviewed: boolean }[];
	boardLinks: { boardId: string; noteId: string; sentAt: number; sentByName: string | null }[];
	group: { id: string; title: string; status: EntryStatus }[];
	moderatedAt: number | null;
	moderatedByName: string | null;
	contact: { name: string; phone: string; email: string; consentText: string; consentedAt: number; deleteAfter: number } | null;
	hasContact: boolean;
}

/** One entry of a call with its reports, board links and group; contact details only `withContact`. */
export async function findEntry(db: DB, callId: string, entryId: string, options: { withContact: boolean }): Promise<EntryDetail | null> {
	const { items } = await listEntries(db, callId, { ids: [entryId], limit: 1 });
	const item = items[0];
	if (!item) return null;
	const row = await db
		.selectFrom('participation_entries')
		.leftJoin('users', 'users.id', 'participation_entries.moderated_by')
		.select(['participation_entries.photo_type', 'participation_entries.moderated_at', 'users.name'])
		.where('participation_entries.id', '=', entryId)
		.executeTakeFirstOrThrow();
	const leader = item.duplicateOf ?? item.id;
	const [answers, reports, links, group, contact] = await Promise.all([
		answersOfEntries(db, [entryId]),
		db
			.selectFrom('participation_reports')
			.select(['reason', 'created_at', 'reviewed_at'])
			.where('entry_id', '=', entryId)
			.orderBy('created_at')
			.execute(),
		db
			.selectFrom('participation_board_links')
			.leftJoin('users', 'users.id', 'participation_board_links.sent_by')
			.select(['participation_board_links.board_id', 'participation_board_links.note_id', 'participation_board_links.sent_at', 'users.name'])
			.where('participation_board_links.entry_id', '=', entryId)
			.execute(),
		db
			.selectFrom('participation_entries')
			.select(['id', 'title', 'status'])
			.where('call_id', '=', callId)
			.where((eb) => eb.or([eb('id', '=', leader), eb('duplicate_of', '=', leader)]))
			.where('id', '!=', entryId)
			.orderBy('submitted_at')
			.execute(),
		db.selectFrom('participation_contacts').selectAll().where('entry_id', '=', entryId).executeTakeFirst()
	]);
	return {
		...item,
		callId,
		photoType: row.photo_type,
		answers: answers.get(entryId) ?? [],
		reports: reports.map((r) => ({ reason: r.reason as ReportReason, createdAt: Number(r.created_at), reviewed: r.reviewed_at !== null })),
		boardLinks: links.map((l) => ({ boardId: l.board_id, noteId: l.note_id, sentAt: Number(l.sent_at), sentByName: l.name ?? null })),
		group: group.map((g) => ({ id: g.id, title: g.title, status: (isEntryStatus(g.status) ? g.status : 'new') as EntryStatus })),
		moderatedAt: row.moderated_at === null ? null : Number(row.moderated_at),
		moderatedByName: row.name ?? null,
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

/** Ideas of a call that can lead a group (not grouped themselves), for the "duplicate of" choice. */
export async function groupLeaders(db: DB, callId: string, except: string): Promise<{ id: string; title: string }[]> {
	const rows = await db
		.selectFrom('participation_entries')
		.select(['id', 'title'])
		.where('call_id', '=', callId)
		.where('kind', '=', 'idea')
		.where('duplicate_of', 'is', null)
		.where('status', '!=', 'spam')
		.where('id', '!=', except)
		.orderBy('title')
		.limit(500)
		.execute();
	return rows;
}
