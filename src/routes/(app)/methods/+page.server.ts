import { listMethods } from '$lib/server/methods/library';
import { canEditMethods, filterMethods, methodFilterFrom, type MethodSummary } from '$lib/domain/methods';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const filter = methodFilterFrom(url.searchParams);
	const all = await listMethods(locals.db);
	const methods: MethodSummary[] = filterMethods(all, filter, (method) => method.haystack).map(({ haystack: _, ...method }) => method);
	return { methods, total: all.length, filter, canEdit: canEditMethods(locals.user?.role) };
};
