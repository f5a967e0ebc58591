/** Personal API tokens (0018): read-only keys for /api/v1; only a hash of each secret is stored. */
export interface ApiTables {
	api_tokens: ApiTokensTable;
}

export interface ApiTokensTable {
	id: string;
	/** SHA-256 (hex) of the token's secret half. */
	secret_hash: string;
	user_id: string;
	name: string;
	/** 'read' */
	scope: string;
	created_at: number;
	expires_at: number;
	last_used_at: number | null;
}
