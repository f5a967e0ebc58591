import type { ParamMatcher } from '@sveltejs/kit';

/** Open datasets come as CSV or JSON. */
export const match: ParamMatcher = (param) => param === 'csv' || param === 'json';
