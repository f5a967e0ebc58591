/**
 * The audit trail (0016): append-only (triggers refuse updates and early deletes), kept for
 * AUDIT_RETENTION_DAYS, then purged by the audit retention job (audit/retention.ts).
 */
export interface AuditTables {
	audit_events: AuditEventsTable;
}

export interface AuditEventsTable {
	id: string;
	at: number;
	/** user | citizen | anonymous | system */
	actor_kind: string;
	actor_id: string | null;
	/** The actor's team role on the project when it happened, else their site role; '' for none. */
	actor_role: string;
	action: string;
	project_id: string | null;
	target_kind: string;
	target_id: string | null;
	/** JSON object of plain facts (audit/record.ts, AuditDetails). */
	details: string;
	/** The client's address, kept for sign-ins only. */
	address: string | null;
}
