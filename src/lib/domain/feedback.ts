/**
 * The vocabulary of citizen feedback: question kinds, channels, moderation statuses, the
 * languages a round is offered in, and the limits every entry path enforces.
 */

export const QUESTION_KINDS = ['rating', 'single', 'multiple', 'yes_no', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** How a response arrived. `web` and `qr` come through the public form; the rest are typed in by staff. */
export const CHANNELS = ['web', 'qr', 'counter', 'phone', 'line', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PUBLIC_CHANNELS = ['web', 'qr'] as const satisfies readonly Channel[];
export const STAFF_CHANNELS = ['counter', 'phone', 'line', 'other'] as const satisfies readonly Channel[];
export type StaffChannel = (typeof STAFF_CHANNELS)[number];

export const STATUSES = ['new', 'published', 'hidden', 'spam'] as const;
export type ModerationStatus = (typeof STATUSES)[number];

export const LANGUAGES = ['th', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** A text in both languages; English may be empty when a round is Thai only. */
export interface Bilingual {
	th: string;
	en: string;
}

export interface ChoiceOption {
	id: string;
	th: string;
	en: string;
}

export interface Question {
	id: string;
	roundId: string;
	position: number;
	kind: QuestionKind;
	label: Bilingual;
	help: Bilingual;
	required: boolean;
	/** For single and multiple choice; empty otherwise. */
	options: ChoiceOption[];
}

export type RoundState = 'scheduled' | 'open' | 'closed';

export interface Round {
	id: string;
	prototypeId: string;
	versionId: string;
	slug: string;
	title: Bilingual;
	intro: Bilingual;
	purpose: Bilingual;
	/** Thai always; English when offered. */
	languages: Lang[];
	opensAt: number;
	closesAt: number;
	collectContact: boolean;
	contactRetentionDays: number;
	createdAt: number;
	updatedAt: number;
}

export const LIMITS = {
	questionsPerRound: 30,
	optionsPerQuestion: 12,
	/** Characters in one free-text answer. */
	textAnswer: 2000,
	/** Bytes of one public form submission (adapter-node's own limit is far higher). */
	publicBody: 128 * 1024,
	/** Name/value pairs in one submission. */
	publicFields: 400,
	contactName: 100,
	retentionDaysMax: 365,
	roundDaysMax: 366
} as const;

export const RATING_VALUES = [1, 2, 3, 4, 5] as const;

export function isQuestionKind(value: unknown): value is QuestionKind {
	return typeof value === 'string' && (QUESTION_KINDS as readonly string[]).includes(value);
}

export function isChannel(value: unknown): value is Channel {
	return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isStatus(value: unknown): value is ModerationStatus {
	return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export function isLang(value: unknown): value is Lang {
	return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Whether a round takes responses at `now`. */
export function roundState(round: Pick<Round, 'opensAt' | 'closesAt'>, now = Date.now()): RoundState {
	if (now < round.opensAt) return 'scheduled';
	if (now >= round.closesAt) return 'closed';
	return 'open';
}

/** The language a form is shown in: the reader's if the round offers it, else Thai. */
export function formLanguage(round: Pick<Round, 'languages'>, preferred: string): Lang {
	return isLang(preferred) && round.languages.includes(preferred) ? preferred : 'th';
}

/** A bilingual text in `lang`, falling back to the other language when it is empty. */
export function pick(text: Bilingual, lang: Lang): string {
	return (lang === 'en' ? text.en || text.th : text.th || text.en) ?? '';
}

/** The name of a question's form field on the public and staff forms. */
export function answerField(questionId: string): string {
	return `q_${questionId}`;
}

/** When contact details given now must be deleted: the round's close plus its retention. */
export function contactDeleteAfter(round: Pick<Round, 'closesAt' | 'contactRetentionDays'>): number {
	return round.closesAt + round.contactRetentionDays * 24 * 60 * 60 * 1000;
}

/** A moment on the last day a round is open (rounds close at the end of a day), for "open until 30 Nov". */
export function lastOpenMoment(round: Pick<Round, 'closesAt'>): number {
	return round.closesAt - 1;
}
