import { requireRole } from '$lib/server/http/guards';
import { loadPortfolio, portfolioFilterFrom, type AttentionReason, type PortfolioItem } from '$lib/server/portfolio/portfolio';
import { csvResponse, toCsv, type CsvColumn } from '$lib/server/export/csv';
import { bangkokToday } from '$lib/server/prototypes/test-plans';
import { fidelityLabel, statusLabel } from '$lib/i18n/prototype-labels';
import { stageLabel } from '$lib/i18n/labels';
import { m } from '$lib/paraglide/messages.js';
import type { Signal } from '$lib/domain/portfolio';
import type { RequestHandler } from './$types';

function reasonLabel(reason: AttentionReason): string {
	switch (reason) {
		case 'stale':
			return m.portfolio_attention_stale_short();
		case 'test_overdue':
			return m.portfolio_attention_test_overdue_short();
		case 'negative_trend':
			return m.portfolio_attention_negative_trend_short();
		case 'low_rating':
			return m.trail_attention_low_rating_short();
	}
}

function signalLabel(signal: Signal | null): string {
	switch (signal) {
		case 'needs_attention':
			return m.trail_signal_needs_attention();
		case 'on_track':
			return m.trail_signal_on_track();
		case 'doing_well':
			return m.trail_signal_doing_well();
		case null:
			return m.trail_signal_none();
	}
}

/** The portfolio as it is on screen (the same filters), as CSV in the user's language. */
export const GET: RequestHandler = async (event) => {
	const user = requireRole(event, ['official', 'admin', 'facilitator']);
	const memberId = user.role === 'facilitator' ? user.id : undefined;
	const { items } = await loadPortfolio(event.locals.db, { ...portfolioFilterFrom(event.url.searchParams), memberId });
	const columns: CsvColumn<PortfolioItem>[] = [
		{ header: m.proto_field_title(), value: (i) => i.title },
		{ header: m.portfolio_col_project(), value: (i) => i.projectTitle },
		{ header: m.field_agency(), value: (i) => i.agency },
		{ header: m.field_stage(), value: (i) => stageLabel(i.projectStage) },
		{ header: m.portfolio_col_status(), value: (i) => statusLabel(i.status) },
		{ header: m.proto_field_fidelity(), value: (i) => fidelityLabel(i.fidelity) },
		{ header: m.proto_field_owner(), value: (i) => i.ownerName ?? '' },
		{ header: m.field_tags(), value: (i) => i.tags.join(', ') },
		{ header: m.portfolio_col_versions(), value: (i) => i.versionCount },
		{ header: m.portfolio_col_test_ends(), value: (i) => i.testEndsOn ?? '' },
		{ header: m.portfolio_col_updated(), value: (i) => new Date(i.updatedAt).toISOString() },
		{ header: m.portfolio_col_days_since_update(), value: (i) => i.daysSinceUpdate },
		{ header: m.trail_signal_col(), value: (i) => signalLabel(i.signal) },
		{ header: m.portfolio_col_attention(), value: (i) => i.attention.map(reasonLabel).join('; ') },
		{ header: m.portfolio_col_responses(), value: (i) => i.feedbackResponses },
		{ header: m.portfolio_col_rating(), value: (i) => (i.averageRating === null ? '' : Number(i.averageRating.toFixed(2))) },
		{ header: m.portfolio_col_link(), value: (i) => `${event.url.origin}/projects/${i.projectId}/prototypes/${i.id}` }
	];
	return csvResponse(toCsv(columns, items), `prachalab-portfolio-${bangkokToday()}.csv`);
};
