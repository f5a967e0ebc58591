import type { Generated } from 'kysely';

/**
 * Citizens in every stage (0017): calls for stories and ideas, what citizens send to them, the
 * supports and reports of ideas, the board notes they became and their approved wordings, photos
 * waiting for a form to be sent, a project's districts, and the team's interview log. The search
 * index `participation_search` is not listed: only the dialect modules query it.
 */
export interface ParticipationTables {
	participation_calls: ParticipationCallsTable;
	participation_questions: ParticipationQuestionsTable;
	participation_entries: ParticipationEntriesTable;
	participation_answers: ParticipationAnswersTable;
	participation_contacts: ParticipationContactsTable;
	participation_tags: ParticipationTagsTable;
	participation_supports: ParticipationSupportsTable;
	participation_reports: ParticipationReportsTable;
	participation_board_links: ParticipationBoardLinksTable;
	participation_publication_approvals: ParticipationPublicationApprovalsTable;
	participation_pending_photos: ParticipationPendingPhotosTable;
	project_districts: ProjectDistrictsTable;
	interview_entries: InterviewEntriesTable;
	interview_links: InterviewLinksTable;
}

export interface ParticipationCallsTable {
	id: string;
	project_id: string;
	/** story | idea */
	kind: string;
	/** The public link is /p/SLUG. */
	slug: string;
	title_th: string;
	title_en: Generated<string>;
	prompt_th: string;
	prompt_en: Generated<string>;
	purpose_th: string;
	purpose_en: Generated<string>;
	/** 'th' or 'th,en'. */
	languages: string;
	opens_at: number;
	closes_at: number;
	/** 0 | 1 */
	collect_contact: Generated<number>;
	contact_retention_days: number;
	/** 0 | 1 */
	allow_photo: Generated<number>;
	report_threshold: Generated<number>;
	/** 0 | 1 */
	support_check: Generated<number>;
	hmw_board_id: string | null;
	hmw_note_id: string | null;
	created_by: string | null;
	created_at: number;
	updated_at: number;
}

export interface ParticipationQuestionsTable {
	id: string;
	call_id: string;
	position: number;
	label_th: string;
	label_en: Generated<string>;
}

export interface ParticipationEntriesTable {
	id: string;
	call_id: string;
	/** story | idea */
	kind: string;
	receipt_hash: string;
	/** web | qr | counter | phone | line | other */
	channel: string;
	locale: string;
	/** new | approved | hidden | spam */
	status: Generated<string>;
	title: Generated<string>;
	body: string;
	district: Generated<string>;
	photo_key: string | null;
	photo_type: string | null;
	photo_size: number | null;
	duplicate_of: string | null;
	/** 0 | 1 */
	hidden_by_reports: Generated<number>;
	entered_by: string | null;
	submitted_at: number;
	moderated_by: string | null;
	moderated_at: number | null;
}

export interface ParticipationAnswersTable {
	entry_id: string;
	question_id: string;
	text: string;
}

export interface ParticipationContactsTable {
	entry_id: string;
	name: Generated<string>;
	phone: Generated<string>;
	email: Generated<string>;
	consent_text: string;
	consented_at: number;
	delete_after: number;
}

export interface ParticipationTagsTable {
	entry_id: string;
	tag: string;
}

export interface ParticipationSupportsTable {
	entry_id: string;
	supporter: string;
	created_at: number;
}

export interface ParticipationReportsTable {
	entry_id: string;
	reporter: string;
	reason: string;
	created_at: number;
	reviewed_at: number | null;
}

export interface ParticipationBoardLinksTable {
	entry_id: string;
	board_id: string;
	note_id: string;
	sent_by: string | null;
	sent_at: number;
}

export interface ParticipationPublicationApprovalsTable {
	board_id: string;
	note_id: string;
	text_digest: string;
	entry_id: string;
	text: string;
	approved_by: string | null;
	approved_at: number;
}

export interface ParticipationPendingPhotosTable {
	key: string;
	type: string;
	size: number;
	name: string;
	expires_at: number;
}

export interface ProjectDistrictsTable {
	project_id: string;
	position: number;
	name_th: string;
	name_en: Generated<string>;
}

export interface InterviewEntriesTable {
	id: string;
	project_id: string;
	/** note | quote | photo */
	kind: string;
	text: string;
	interviewee: Generated<string>;
	/** YYYY-MM-DD (Bangkok). */
	interviewed_on: string;
	/** verbal | written | recorded */
	consent: string;
	consent_note: Generated<string>;
	photo_key: string | null;
	photo_type: string | null;
	photo_size: number | null;
	created_by: string | null;
	created_at: number;
	updated_at: number;
}

export interface InterviewLinksTable {
	entry_id: string;
	board_id: string;
	section_id: string;
}
