/**
 * A small RDF graph of named nodes (no blank nodes: every node has a stable IRI) written two
 * ways from one tree: JSON-LD (nested, compacted with prefixes) and Turtle. Enough for the
 * DCAT catalogue; nothing here knows DCAT.
 */

export const PREFIXES = {
	dcat: 'http://www.w3.org/ns/dcat#',
	dct: 'http://purl.org/dc/terms/',
	foaf: 'http://xmlns.com/foaf/0.1/',
	vcard: 'http://www.w3.org/2006/vcard/ns#',
	schema: 'http://schema.org/',
	rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
	xsd: 'http://www.w3.org/2001/XMLSchema#'
} as const;

/** A prefixed name such as `dct:title`. */
export type Curie = `${keyof typeof PREFIXES}:${string}`;

export type Term = { iri: string } | { node: RdfNode } | { value: string; lang?: 'th' | 'en'; datatype?: Curie };

export interface RdfNode {
	id: string;
	types: Curie[];
	properties: [Curie, Term][];
}

export const iri = (value: string): Term => ({ iri: value });
export const text = (value: string, lang?: 'th' | 'en'): Term => (lang ? { value, lang } : { value });
export const typed = (value: string, datatype: Curie): Term => ({ value, datatype });

export function expand(curie: Curie): string {
	const [prefix, local] = curie.split(':') as [keyof typeof PREFIXES, string];
	return PREFIXES[prefix] + local;
}

function jsonTerm(term: Term): unknown {
	if ('iri' in term) return { '@id': term.iri };
	if ('node' in term) return jsonNode(term.node);
	if (term.lang) return { '@value': term.value, '@language': term.lang };
	if (term.datatype) return { '@value': term.value, '@type': term.datatype };
	return term.value;
}

function jsonNode(node: RdfNode): Record<string, unknown> {
	const out: Record<string, unknown> = { '@id': node.id, '@type': node.types.length === 1 ? node.types[0] : node.types };
	for (const [predicate, term] of node.properties) {
		const value = jsonTerm(term);
		const existing = out[predicate];
		out[predicate] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return out;
}

/** The graph as JSON-LD: the root node with the nodes it holds nested in it, and a context of prefixes. */
export function toJsonLd(root: RdfNode): Record<string, unknown> {
	return { '@context': { ...PREFIXES }, ...jsonNode(root) };
}

function turtleIri(value: string): string {
	// Characters Turtle forbids in an IRI reference, escaped as the IRI would be in a URL.
	// eslint-disable-next-line no-control-regex -- the control characters are what is escaped
	return `<${value.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (c) => encodeURIComponent(c))}>`;
}

function turtleString(value: string): string {
	const escaped = value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!);
	return `"${escaped}"`;
}

function turtleTerm(term: Term): string {
	if ('iri' in term) return turtleIri(term.iri);
	if ('node' in term) return turtleIri(term.node.id);
	const literal = turtleString(term.value);
	if (term.lang) return `${literal}@${term.lang}`;
	if (term.datatype) return `${literal}^^${term.datatype}`;
	return literal;
}

/** The graph as Turtle: one block per node (nested nodes too), predicates grouped. */
export function toTurtle(root: RdfNode): string {
	const lines = Object.entries(PREFIXES).map(([prefix, namespace]) => `@prefix ${prefix}: <${namespace}> .`);
	const pending = [root];
	const written = new Set<string>();
	while (pending.length > 0) {
		const node = pending.shift()!;
		if (written.has(node.id)) continue;
		written.add(node.id);
		const grouped = new Map<Curie, string[]>();
		for (const [predicate, term] of node.properties) {
			grouped.set(predicate, [...(grouped.get(predicate) ?? []), turtleTerm(term)]);
			if ('node' in term) pending.push(term.node);
		}
		const statements = [`a ${node.types.join(', ')}`, ...[...grouped].map(([predicate, objects]) => `${predicate} ${objects.join(', ')}`)];
		lines.push('', `${turtleIri(node.id)}\n    ${statements.join(' ;\n    ')} .`);
	}
	return lines.join('\n') + '\n';
}
