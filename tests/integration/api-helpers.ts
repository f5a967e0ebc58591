/**
 * Helpers for the /api/v1 tests: requests as a program sends them (no browser headers), and
 * the ajv validator of the schemas an OpenAPI document declares.
 */
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { AppServer } from '../helpers/app-server.ts';

export interface ApiAnswer {
	status: number;
	headers: Headers;
	text: string;
	/** The body as JSON (undefined when empty). */
	body: any;
}

/** A GET (or another method) to the running server, with a token, a cookie or any headers. */
export async function call(
	server: AppServer,
	path: string,
	options: { token?: string; cookie?: string; headers?: Record<string, string>; method?: string } = {}
): Promise<ApiAnswer> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	if (options.cookie) headers.cookie = options.cookie;
	const response = await fetch(server.url + path, { method: options.method ?? 'GET', headers, redirect: 'manual' });
	const text = await response.text();
	return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : undefined };
}

const DOC_ID = 'https://prachalab.test/openapi.json';

/**
 * Compiles the schemas of an OpenAPI document with ajv (JSON Schema 2020-12, formats checked):
 * `validate(schema, value)` checks a value against one of the document's schemas, its `$ref`s
 * into `#/components/schemas` resolved in the document.
 */
export function schemaValidator(doc: any) {
	const ajv = new Ajv2020({ strict: false, allErrors: true });
	addFormats.default(ajv);
	const rewrite = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(rewrite);
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.entries(value).map(([k, v]) => [
					k,
					k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${DOC_ID}#/$defs/`) : rewrite(v)
				])
			);
		}
		return value;
	};
	ajv.addSchema({ $id: DOC_ID, $defs: rewrite(doc.components.schemas) as object });
	return (schema: unknown, value: unknown): string[] => {
		const validate = ajv.compile(rewrite(schema) as object);
		return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
	};
}
