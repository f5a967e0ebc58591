import type { LayoutServerLoad } from './$types';

// As /f: the citizen's pages ship no JavaScript at all.
export const csr = false;

export const load: LayoutServerLoad = ({ url }) => ({ here: url.pathname + url.search });
