/** What prototype pages show: the shapes the server hands to pages through loads. */
import type { DecisionOutcome, Fidelity, PrototypeStatus } from './prototype-lifecycle.ts';

export interface TestPlan {
	id: string;
	versionId: string;
	hypotheses: string;
	successCriteria: string;
	targetGroup: string;
	method: string;
	/** 'YYYY-MM-DD' */
	startsOn: string;
	endsOn: string;
	createdAt: number;
	createdByName: string | null;
	updatedAt: number;
}

export interface Attachment {
	id: string;
	versionId: string;
	originalName: string;
	contentType: string;
	sizeBytes: number;
	uploadedAt: number;
	uploadedByName: string | null;
}

export interface Version {
	id: string;
	prototypeId: string;
	number: number;
	changes: string;
	rationale: string;
	createdAt: number;
	createdByName: string | null;
	attachments: Attachment[];
	testPlan: TestPlan | null;
	/** The feedback rounds this version answers ("you said, we did"), each with its label. */
	answers: { roundId: string; label: string }[];
}

export interface PrototypeSummary {
	id: string;
	projectId: string;
	title: string;
	/** The English title and summary, when the team gave them. */
	titleEn: string | null;
	summary: string;
	summaryEn: string | null;
	audience: string;
	learningGoal: string;
	ownerId: string | null;
	ownerName: string | null;
	fidelity: Fidelity;
	status: PrototypeStatus;
	statusChangedAt: number;
	tags: string[];
	versionCount: number;
	createdAt: number;
	updatedAt: number;
}

/** One dated thing that happened to a prototype. */
export type TimelineEvent =
	| { kind: 'status'; id: string; at: number; by: string | null; from: PrototypeStatus | null; to: PrototypeStatus; reason: string }
	| { kind: 'version'; id: string; at: number; by: string | null; number: number; changes: string; attachments: number }
	| { kind: 'test_plan'; id: string; at: number; by: string | null; versionNumber: number; startsOn: string; endsOn: string }
	| { kind: 'decision'; id: string; at: number; by: string | null; outcome: DecisionOutcome; rationale: string; versionNumber: number | null }
	| { kind: 'ideas'; id: string; at: number; by: string | null; texts: string[] };

/** Something the team may cite, offered by the page (feedback rounds, board sections). */
export interface EvidenceChoice {
	ref: string;
	label: string;
}

/** A note on a project's Ideate board, as a prototype may cite it. */
export interface IdeateNote {
	id: string;
	text: string;
	/** The title of the section it sits in ('' when it sits in none). */
	section: string;
}
