import type { Bilingual, Channel, Lang } from './feedback.ts';

/**
 * The vocabulary of citizens' participation outside feedback rounds: calls for experiences
 * (stories, Empathize) and for ideas on a How-Might-We question (Ideate), what citizens send to
 * them, how the team moderates it, and the shapes the public trail and the portfolio show.
 * Channels, languages and bilingual texts are feedback's (domain/feedback.ts).
 */

export const CALL_KINDS = ['story', 'idea'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

/** new → approved (approved for the public) / hidden / spam. */
export const ENTRY_STATUSES = ['new', 'approved', 'hidden', 'spam'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const REPORT_REASONS = ['offensive', 'personal_data', 'spam', 'off_topic'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export const INTERVIEW_KINDS = ['note', 'quote', 'photo'] as const;
export type InterviewKind = (typeof INTERVIEW_KINDS)[number];

/** How the interviewee's consent was given. */
export const CONSENT_KINDS = ['verbal', 'written', 'recorded'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const PARTICIPATION_LIMITS = {
	/** Characters of a story, or of an idea's description. */
	body: 3000,
	/** Characters of an idea's title. */
	title: 140,
	/** Characters of an answer to a guided question. */
	answer: 1500,
	questionsPerCall: 8,
	districtsPerProject: 80,
	/** Bytes of a form without a photo (the photo has the attachment limits on top). */
	textBody: 64 * 1024,
	reportThresholdMax: 50,
	/** Approved ideas shown per page of a call. */
	ideasPerPage: 20
} as const;

export interface CallQuestion {
	id: string;
	position: number;
	label: Bilingual;
}

export interface Call {
	id: string;
	projectId: string;
	kind: CallKind;
	slug: string;
	title: Bilingual;
	/** "Tell us about the last time you …" (stories), or the How-Might-We question (ideas). */
	prompt: Bilingual;
	purpose: Bilingual;
	languages: Lang[];
	opensAt: number;
	closesAt: number;
	collectContact: boolean;
	contactRetentionDays: number;
	allowPhoto: boolean;
	reportThreshold: number;
	supportCheck: boolean;
	hmw: { boardId: string; noteId: string } | null;
	createdAt: number;
	updatedAt: number;
}

export interface District {
	th: string;
	en: string;
}

export function isCallKind(value: unknown): value is CallKind {
	return typeof value === 'string' && (CALL_KINDS as readonly string[]).includes(value);
}

export function isEntryStatus(value: unknown): value is EntryStatus {
	return typeof value === 'string' && (ENTRY_STATUSES as readonly string[]).includes(value);
}

export function isReportReason(value: unknown): value is ReportReason {
	return typeof value === 'string' && (REPORT_REASONS as readonly string[]).includes(value);
}

/** The field name of a guided question's answer on the public and staff forms. */
export function guidedField(questionId: string): string {
	return `g_${questionId}`;
}

/** The stage a call's entries belong to. */
export function callStage(kind: CallKind): 'empathize' | 'ideate' {
	return kind === 'story' ? 'empathize' : 'ideate';
}

/** What the team's list shows of one story or idea. */
export interface EntryListItem {
	id: string;
	kind: CallKind;
	status: EntryStatus;
	channel: Channel;
	title: string;
	body: string;
	district: string;
	hasPhoto: boolean;
	submittedAt: number;
	enteredByName: string | null;
	tags: string[];
	supports: number;
	/** Reports not yet reviewed by a moderator. */
	openReports: number;
	hiddenByReports: boolean;
	duplicateOf: string | null;
	/** Ideas grouped under this one. */
	duplicates: number;
	onBoard: boolean;
}

/** A story or idea on the public trail: approved, masked, no person, no place. */
export interface TrailEntry {
	id: string;
	kind: CallKind;
	title: string;
	text: string;
	/** Distinct supporters of the idea and its grouped duplicates. */
	supports: number;
	/** Prototypes that came from the board note it became (ideas). */
	prototypes: { id: string; title: string; status: string; decision: string | null }[];
}

/** One stage of a published project's public trail. */
export interface TrailStage {
	stage: 'empathize' | 'ideate' | 'test';
	/** Stories (Empathize), ideas (Ideate), feedback responses (Test): spam left out. */
	contributions: number;
	/** Ideate: supports given to its ideas. */
	supports: number;
	/** Approved stories and ideas the team took to its boards. */
	shaped: TrailEntry[];
}

/** Participation in one project, for officials (the portfolio). */
export interface ProjectParticipation {
	projectId: string;
	title: string;
	stories: number;
	ideas: number;
	supports: number;
	feedback: number;
	/** Stories, ideas and feedback together, by channel. */
	byChannel: Partial<Record<Channel, number>>;
	/** Stories, ideas and feedback together, by district ('' = not given). */
	byDistrict: { district: string; count: number }[];
}
