/**
 * The audit trail's vocabulary, shared by the server (which records) and the pages (which
 * label). An action names what happened; details are plain facts about it (counts, stages,
 * roles, statuses) — never a password, never a citizen's words or contact details.
 */
export const AUDIT_ACTIONS = [
	'account.signed_in',
	'account.sign_in_failed',
	'account.signed_out',
	'account.password_changed',
	'user.invited',
	'user.invite_accepted',
	'user.role_changed',
	'user.disabled',
	'user.enabled',
	'project.created',
	'project.updated',
	'project.published',
	'project.unpublished',
	'project.stage_moved',
	'project.exported',
	'project.imported',
	'team.member_added',
	'team.role_changed',
	'team.member_removed',
	'board.published',
	'board.publication_withdrawn',
	'board.restored',
	'board.exported',
	'board.wording_approved',
	'board.wording_revoked',
	'feedback.moderated',
	'feedback.tagged',
	'feedback.sent_to_board',
	'feedback.exported',
	'feedback.round_deleted',
	'feedback.note_removed',
	'feedback.response_withdrawn',
	'prototype.version_added',
	'prototype.decision_recorded',
	'prototype.attachment_removed',
	'api.token_created',
	'api.token_revoked',
	'audit.purged'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: unknown): value is AuditAction {
	return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/** A signed-in user; a citizen acting by their receipt code; someone unidentified (a failed sign-in); the server itself. */
export const ACTOR_KINDS = ['user', 'citizen', 'anonymous', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export type AuditDetails = Record<string, string | number | boolean | null>;

/** One event as the team and admins read it (names resolved). */
export interface AuditEvent {
	id: string;
	at: number;
	action: AuditAction;
	actorKind: ActorKind;
	actorId: string | null;
	/** The actor's name; null on the public trail, for citizens and the system. */
	actorName: string | null;
	/** Their team role on the project then, else their site role; '' for none. */
	actorRole: string;
	projectId: string | null;
	projectTitle: string | null;
	targetKind: string;
	targetId: string | null;
	/** A person's name when the target is a user; null on the public trail. */
	targetName: string | null;
	details: AuditDetails;
	/** The client's address (sign-ins); only admins see it. */
	address: string | null;
}

/** The public trail of a published project: the team's actions, roles instead of names. */
export type PublicAuditEvent = Pick<AuditEvent, 'id' | 'at' | 'action' | 'actorRole' | 'targetKind' | 'details'>;
