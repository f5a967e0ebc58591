/**
 * "You said, we did": what citizens said in each feedback round of a prototype (its themes and
 * the wording a moderator approved for publication) and what the team did about it (the next
 * version, the decision). Every text here is fit for the public: no names, nothing unmoderated.
 */
import type { Bilingual, RoundState } from './feedback.ts';
import type { DecisionOutcome, PrototypeStatus } from './prototype-lifecycle.ts';

export interface OutcomeVersion {
	id: string;
	number: number;
	changes: string;
	rationale: string;
	createdAt: number;
}

export interface OutcomeDecision {
	id: string;
	outcome: DecisionOutcome;
	rationale: string;
	decidedAt: number;
	versionNumber: number | null;
}

export interface RoundOutcome {
	roundId: string;
	title: Bilingual;
	/** The version the round asked about. */
	versionNumber: number;
	state: RoundState;
	opensAt: number;
	closesAt: number;
	/** Responses received (spam left out). */
	responses: number;
	/** The moderators' tags on published responses, most used first. */
	themes: { theme: string; count: number }[];
	/** Citizens' words in a wording a moderator approved for publication. */
	quotes: string[];
	/** Ids of the versions and decisions that answer it (in `PrototypeOutcomes`). */
	versionIds: string[];
	decisionIds: string[];
}

export interface PrototypeOutcomes {
	prototypeId: string;
	title: string;
	status: PrototypeStatus;
	/** Rounds that have opened, oldest first. */
	rounds: RoundOutcome[];
	/** Versions and decisions that answer at least one of them, each with the rounds it answers. */
	versions: (OutcomeVersion & { roundIds: string[] })[];
	decisions: (OutcomeDecision & { roundIds: string[] })[];
}
