import { requireRole } from '$lib/server/http/guards';
import { loadPortfolio, loadPortfolioOptions, portfolioFilterFrom, DEFAULT_ATTENTION } from '$lib/server/portfolio/portfolio';
import { PROTOTYPE_STATUSES, STATUS_PATH } from '$lib/domain/prototype-lifecycle';
import { SIGNAL_RULES } from '$lib/domain/portfolio';
import { participationByProject } from '$lib/server/participation/counts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireRole(event, ['official', 'admin', 'facilitator']);
	// Officials and admins follow every project; a facilitator, the projects they are on the team of.
	const memberId = user.role === 'facilitator' ? user.id : undefined;
	const filter = { ...portfolioFilterFrom(event.url.searchParams), memberId };
	// A facilitator's participation figures are their own projects' only, as the portfolio is.
	const ownProjects = memberId
		? (await event.locals.db.selectFrom('project_members').select('project_id').where('user_id', '=', memberId).execute()).map((r) => r.project_id)
		: undefined;
	const [portfolio, options, participation] = await Promise.all([
		loadPortfolio(event.locals.db, filter),
		loadPortfolioOptions(event.locals.db, memberId),
		participationByProject(event.locals.db, ownProjects)
	]);
	return {
		ownOnly: !!memberId,
		signalRules: SIGNAL_RULES,
		filter,
		options,
		items: portfolio.items,
		counts: portfolio.counts,
		funnel: portfolio.funnel,
		// Maps do not cross the wire as such: an object keyed by prototype id.
		trends: Object.fromEntries(portfolio.trends),
		statuses: PROTOTYPE_STATUSES,
		statusPath: STATUS_PATH,
		staleDays: DEFAULT_ATTENTION.staleDays,
		participation
	};
};
