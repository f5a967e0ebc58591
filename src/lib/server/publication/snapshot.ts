import { createHash } from 'node:crypto';
import type { BoardNote, BoardSection } from '../../board/schema.ts';
import { redactPersonalData } from '../feedback/redact.ts';
import { FEEDBACK_SOURCE_KIND } from '../feedback/to-board.ts';
import { entrySourceKey, isEntrySourceKind } from '../participation/sources.ts';
import type { PublicBoard, PublicationChoice, PublicNote, PublicSection, WithheldNote } from '../../domain/publication.ts';

/**
 * What a publication is made of, decided in one pure function over a board's notes and sections
 * as they are now: the facilitator's preview, the confirmation and the tests all call it, so the
 * preview is exactly what gets published.
 *
 * - Only the chosen part: the whole board, or the chosen sections (then notes outside every
 *   section stay out).
 * - Words and places only: no author, no time, no votes.
 * - Citizens' words (a note that came from feedback, a story or an idea) only in the wording a moderator approved
 *   for publication, for a response that is still there and neither hidden nor spam.
 * - Whatever still looks like personal data (e-mail, phone, national id) is masked, as in every
 *   other text that leaves the team (feedback/redact.ts).
 */

/** SHA-256 (hex) of a note's text, as approvals record it. */
export function textDigest(text: string): string {
	return createHash('sha256').update(text.normalize('NFC')).digest('hex');
}

/** Text as the public reads it. */
export function publicText(text: string): string {
	return redactPersonalData(text.normalize('NFC'));
}

/** A stored note: the public fields, with either its text or a reference to the approved wording. */
export type StoredNote = Omit<PublicNote, 'text' | 'fromFeedback'> & ({ text: string } | { approved: { digest: string; response: string } });

/** The `content` of a board publication (JSON). */
export interface StoredPublication {
	v: 1;
	sections: PublicSection[];
	notes: StoredNote[];
}

/** An approved wording of a note. */
export interface Approval {
	responseId: string;
	text: string;
}

/** What the database knows about the board's citizens' notes. */
export interface FeedbackFacts {
	/** Which response each note became, as recorded when it was sent (feedback_board_links). */
	links: ReadonlyMap<string, string>;
	/** The moderation status of every response of the project the notes name; missing = not there. */
	statuses: ReadonlyMap<string, string>;
	/** Approved wordings per note id, by text digest. */
	approvals: ReadonlyMap<string, ReadonlyMap<string, Approval>>;
}

export interface Composition {
	/** Exactly what the public will see. */
	view: PublicBoard;
	/** What is stored: the view, with citizens' words by reference only. */
	stored: StoredPublication;
	/** Notes of the chosen part that are not published, and why. */
	withheld: WithheldNote[];
	/** Citizens' notes of the chosen part that are published (their approval can be withdrawn). */
	approved: { id: string; text: string; section: string }[];
	/** Notes of the board outside the chosen part. */
	outside: number;
	/** SHA-256 (hex) of `view`: the confirmation must match the preview. */
	digest: string;
}

const HIDDEN_STATUSES = new Set(['hidden', 'spam']);

/**
 * The citizens' words a note came from — a feedback response (its id), a story or an idea (its
 * source key, participation/sources.ts) — or null for the team's own notes. The server's link
 * wins over the note's claim.
 */
export function responseOfNote(note: Pick<BoardNote, 'id' | 'source'>, links: ReadonlyMap<string, string>): string | null {
	const linked = links.get(note.id);
	if (linked) return linked;
	if (note.source?.kind === FEEDBACK_SOURCE_KIND) return note.source.id;
	return isEntrySourceKind(note.source?.kind) ? entrySourceKey(note.source!.kind, note.source!.id) : null;
}

/** The response ids the board's notes name (to look their status up). */
export function responsesNamed(notes: readonly Pick<BoardNote, 'id' | 'source'>[], links: ReadonlyMap<string, string>): string[] {
	return [...new Set(notes.map((n) => responseOfNote(n, links)).filter((id): id is string => !!id))];
}

export function digestOf(view: PublicBoard): string {
	return createHash('sha256').update(JSON.stringify(view)).digest('hex');
}

function publicSection(s: BoardSection): PublicSection {
	return { id: s.id, title: publicText(s.title), key: s.key, x: s.x, y: s.y, w: s.w, h: s.h, color: s.color };
}

/** Composes a publication of `choice` from the board as it is now. */
export function composePublication(
	board: { notes: readonly BoardNote[]; sections: readonly BoardSection[] },
	choice: PublicationChoice,
	facts: FeedbackFacts
): Composition {
	const chosen = choice.scope === 'board' ? board.sections : board.sections.filter((s) => choice.sections.includes(s.id));
	const known = new Set(board.sections.map((s) => s.id));
	const inChoice = new Set(chosen.map((s) => s.id));
	const view: PublicBoard = { sections: chosen.map(publicSection), notes: [] };
	const stored: StoredPublication = { v: 1, sections: view.sections, notes: [] };
	const withheld: WithheldNote[] = [];
	const approved: Composition['approved'] = [];
	let outside = 0;

	for (const note of board.notes) {
		const section = known.has(note.section) ? note.section : '';
		if (choice.scope === 'sections' && !inChoice.has(section)) {
			outside++;
			continue;
		}
		const place = { id: note.id, section, x: note.x, y: note.y, w: note.w, h: note.h, color: note.color };
		const responseId = responseOfNote(note, facts.links);
		if (!responseId) {
			const text = publicText(note.text);
			view.notes.push({ ...place, text, fromFeedback: false });
			stored.notes.push({ ...place, text });
			continue;
		}
		const status = facts.statuses.get(responseId);
		if (status === undefined || HIDDEN_STATUSES.has(status)) {
			withheld.push({ id: note.id, text: note.text, section, reason: 'feedback_hidden', approvable: false });
			continue;
		}
		const digest = textDigest(note.text);
		const approvals = facts.approvals.get(note.id);
		const approval = approvals?.get(digest);
		if (approval && approval.responseId === responseId) {
			view.notes.push({ ...place, text: publicText(approval.text), fromFeedback: true });
			stored.notes.push({ ...place, approved: { digest, response: responseId } });
			approved.push({ id: note.id, text: note.text, section });
			continue;
		}
		const everApproved = [...(approvals?.values() ?? [])].some((a) => a.responseId === responseId);
		withheld.push({ id: note.id, text: note.text, section, reason: everApproved ? 'feedback_changed' : 'feedback_not_approved', approvable: true });
	}
	return { view, stored, withheld, approved, outside, digest: digestOf(view) };
}
