import type { Generated } from 'kysely';

/**
 * The prototype registry (0003): prototypes, their tags, status history, versions with
 * attachments and test plans, decisions with their evidence, and the Ideate notes they came from.
 */
export interface PrototypeTables {
	prototypes: PrototypesTable;
	prototype_tags: PrototypeTagsTable;
	prototype_status_changes: PrototypeStatusChangesTable;
	prototype_versions: PrototypeVersionsTable;
	prototype_attachments: PrototypeAttachmentsTable;
	prototype_test_plans: PrototypeTestPlansTable;
	prototype_decisions: PrototypeDecisionsTable;
	prototype_decision_evidence: PrototypeDecisionEvidenceTable;
	prototype_idea_links: PrototypeIdeaLinksTable;
	prototype_version_feedback: PrototypeVersionFeedbackTable;
}

export interface PrototypesTable {
	id: string;
	project_id: string;
	title: string;
	/** What it is. */
	summary: string;
	/** Optional English title and summary (0018); null when the team gave none. */
	title_en: string | null;
	summary_en: string | null;
	/** Who it is for. */
	audience: string;
	/** What we want to learn. */
	learning_goal: string;
	owner_id: string | null;
	/** sketch | paper | clickable | service_pilot | other */
	fidelity: string;
	/** idea | building | testing | piloting | scaled | dropped */
	status: string;
	status_changed_at: number;
	created_by: string | null;
	created_at: number;
	/** Any change to the prototype, its versions, plans or decisions ("no update in N days"). */
	updated_at: number;
}

export interface PrototypeTagsTable {
	prototype_id: string;
	tag: string;
}

export interface PrototypeStatusChangesTable {
	id: string;
	prototype_id: string;
	from_status: string | null;
	to_status: string;
	reason: string;
	changed_by: string | null;
	changed_at: number;
}

export interface PrototypeVersionsTable {
	id: string;
	prototype_id: string;
	/** 1, 2, … per prototype. */
	number: number;
	/** What changed. */
	changes: string;
	/** Why. */
	rationale: string;
	created_by: string | null;
	created_at: number;
}

export interface PrototypeAttachmentsTable {
	id: string;
	version_id: string;
	/** The generated file name under the attachments directory. */
	storage_name: string;
	/** As uploaded; shown and offered on download, never used as a path. */
	original_name: string;
	/** Sniffed from the content, not taken from the upload. */
	content_type: string;
	size_bytes: number;
	sha256: string;
	uploaded_by: string | null;
	uploaded_at: number;
}

export interface PrototypeTestPlansTable {
	id: string;
	/** One plan per version. */
	version_id: string;
	hypotheses: string;
	success_criteria: string;
	target_group: string;
	method: string;
	/** Calendar days, 'YYYY-MM-DD'. */
	starts_on: string;
	ends_on: string;
	created_by: string | null;
	created_at: number;
	updated_at: number;
}

export interface PrototypeDecisionsTable {
	id: string;
	prototype_id: string;
	/** The version that was tested, if any. */
	version_id: string | null;
	/** iterate | pilot | scale | drop */
	outcome: string;
	rationale: string;
	decided_by: string | null;
	decided_at: number;
}

export interface PrototypeDecisionEvidenceTable {
	id: string;
	decision_id: string;
	/** feedback_round | board_section | figure | link */
	kind: string;
	/** The id of what it points at (a feedback round's id; "boardId:sectionId"; a URL), if anything. */
	ref_id: string | null;
	/** A snapshot of what it is called, so it reads after its target is gone. */
	label: string;
	/** A figure's value, e.g. "72%". */
	value: Generated<string>;
	position: number;
}

export interface PrototypeIdeaLinksTable {
	id: string;
	prototype_id: string;
	/** Null once the board itself is deleted; the snapshot remains. */
	board_id: string | null;
	note_id: string;
	text_snapshot: string;
	section_snapshot: Generated<string>;
	linked_by: string | null;
	linked_at: number;
}

/** The feedback rounds a version answers (0016): "you said, we did" from the version's side. */
export interface PrototypeVersionFeedbackTable {
	version_id: string;
	round_id: string;
}
