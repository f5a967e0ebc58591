import type { Generated } from 'kysely';

/**
 * Citizen feedback (0004): rounds per prototype version with their questions, responses and
 * answers, the contact details some citizens consent to give (the only personal data, deleted
 * on schedule), the team's tags and notes, and the board notes responses became. The FTS5 index
 * `feedback_search` is not listed: only the SQLite dialect module queries it.
 */
export interface FeedbackTables {
	feedback_rounds: FeedbackRoundsTable;
	feedback_questions: FeedbackQuestionsTable;
	feedback_responses: FeedbackResponsesTable;
	feedback_answers: FeedbackAnswersTable;
	feedback_contacts: FeedbackContactsTable;
	feedback_tags: FeedbackTagsTable;
	feedback_notes: FeedbackNotesTable;
	feedback_board_links: FeedbackBoardLinksTable;
	feedback_used_tokens: FeedbackUsedTokensTable;
}

export interface FeedbackRoundsTable {
	id: string;
	prototype_id: string;
	version_id: string;
	/** The public link is /f/SLUG. */
	slug: string;
	title_th: string;
	title_en: Generated<string>;
	intro_th: Generated<string>;
	intro_en: Generated<string>;
	/** Purpose and privacy notice. */
	purpose_th: string;
	purpose_en: Generated<string>;
	/** 'th', 'en' or 'th,en': the languages the public form offers. */
	languages: string;
	opens_at: number;
	closes_at: number;
	/** 0 | 1 */
	collect_contact: Generated<number>;
	/** Days after closing that contact details are kept. */
	contact_retention_days: number;
	created_by: string | null;
	created_at: number;
	updated_at: number;
}

export interface FeedbackQuestionsTable {
	id: string;
	round_id: string;
	position: number;
	/** rating | single | multiple | yes_no | text */
	kind: string;
	label_th: string;
	label_en: Generated<string>;
	help_th: Generated<string>;
	help_en: Generated<string>;
	/** 0 | 1 */
	required: Generated<number>;
	/** JSON: [{ id, th, en }] for single and multiple choice. */
	options: Generated<string>;
}

export interface FeedbackResponsesTable {
	id: string;
	round_id: string;
	/** SHA-256 (hex) of the receipt code; the code itself is never stored. */
	receipt_hash: string;
	/** web | qr | counter | phone | line | other */
	channel: string;
	/** The language the citizen answered in. */
	locale: string;
	/** new | published | hidden | spam */
	status: Generated<string>;
	/** Mean of the response's rating answers (1–5), if it has any. */
	rating: number | null;
	/** The staff member who typed it in (counter, phone, LINE). */
	entered_by: string | null;
	/** One of the project's districts, or '' (0017). */
	district: Generated<string>;
	submitted_at: number;
	moderated_by: string | null;
	moderated_at: number | null;
}

export interface FeedbackAnswersTable {
	id: Generated<number>;
	response_id: string;
	question_id: string;
	option_id: string | null;
	number: number | null;
	text: string | null;
}

export interface FeedbackContactsTable {
	response_id: string;
	name: Generated<string>;
	phone: Generated<string>;
	email: Generated<string>;
	consent_text: string;
	consented_at: number;
	delete_after: number;
}

export interface FeedbackTagsTable {
	response_id: string;
	tag: string;
}

export interface FeedbackNotesTable {
	id: string;
	response_id: string;
	author_id: string | null;
	text: string;
	created_at: number;
}

export interface FeedbackBoardLinksTable {
	response_id: string;
	board_id: string;
	note_id: string;
	sent_by: string | null;
	sent_at: number;
}

/** Public-form tokens already used (each form is taken once), kept until the token expires. */
export interface FeedbackUsedTokensTable {
	id: string;
	expires_at: number;
}
