import { requireRole } from '$lib/server/http/guards';
import { loadPortfolio, loadPortfolioOptions, portfolioFilterFrom, DEFAULT_ATTENTION } from '$lib/server/portfolio/portfolio';
import { PROTOTYPE_STATUSES, STATUS_PATH } from '$lib/server/prototypes/lifecycle';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	requireRole(event, ['official', 'admin']);
	const filter = portfolioFilterFrom(event.url.searchParams);
	const [portfolio, options] = await Promise.all([
		loadPortfolio(event.locals.db, filter),
		loadPortfolioOptions(event.locals.db)
	]);
	return {
		filter,
		options,
		items: portfolio.items,
		counts: portfolio.counts,
		funnel: portfolio.funnel,
		// Maps do not cross the wire as such: an object keyed by prototype id.
		trends: Object.fromEntries(portfolio.trends),
		statuses: PROTOTYPE_STATUSES,
		statusPath: STATUS_PATH,
		staleDays: DEFAULT_ATTENTION.staleDays
	};
};
