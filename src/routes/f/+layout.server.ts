import type { LayoutServerLoad } from './$types';

// The citizen's pages ship no JavaScript at all: plain HTML forms, small, fast on a weak network.
export const csr = false;

export const load: LayoutServerLoad = ({ url }) => ({ here: url.pathname + url.search });
