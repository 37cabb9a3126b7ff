/**
 * The part of Go's text/template that docker's `--format` users type, run
 * exactly as Go runs it: text and `{{…}}` actions (with `{{-` / `-}}`
 * trimming and comments), `.Field.Field` chains, `|` pipelines, string and
 * number arguments, `{{if}}…{{else}}…{{end}}`, `{{range}}…{{end}}`, and the
 * functions docker adds (json, join, split, upper, lower, title, pad,
 * truncate) with Go's index, len, eq, ne and not. Anything else is refused
 * when the template is parsed, naming what is not supported.
 */

/** A Go struct as docker's formatter hands it to a template: named fields, and a Go type name for the errors. */
export class GoStruct {
	constructor(
		readonly typeName: string,
		readonly fields: Readonly<Record<string, unknown>>,
		/** docker's formatter contexts marshal themselves as a Go map: keys sorted, HTML escaped (`\u003cnone\u003e`), some fields left out. */
		readonly json: {asDockerContext?: boolean; omit?: string[]; overrides?: Record<string, unknown>} = {},
	) {}
}

export class TemplateError extends Error {}

type Pipeline = {position: number; commands: Operand[][]};
type Operand =
	| {kind: 'field'; path: string[]; position: number}
	| {kind: 'dot'; position: number}
	| {kind: 'function'; name: string; position: number}
	| {kind: 'literal'; value: string | number | boolean; position: number}
	| {kind: 'group'; pipeline: Pipeline; position: number};
type Node =
	| {kind: 'text'; text: string}
	| {kind: 'action'; pipeline: Pipeline}
	| {kind: 'if'; pipeline: Pipeline; then: Node[]; otherwise: Node[]}
	| {kind: 'range'; pipeline: Pipeline; body: Node[]; otherwise: Node[]};

export type ExecuteOptions = {
	/** What a missing map key gives: Go's `<no value>` (the default) or an error (docker inspect's raw fallback). */
	missingKey?: 'default' | 'error';
	/** Applied to every value the template prints (not to its own text): docker's output made safe for a terminal. */
	escape?: (text: string) => string;
	/** Functions that replace the usual ones (docker's header functions, which give back their argument). */
	functions?: Record<string, (...args: unknown[]) => unknown>;
};

const unsupportedWords = new Set(['with', 'define', 'template', 'block', 'break', 'continue', 'printf', 'print', 'println', 'and', 'or', 'lt', 'le', 'gt', 'ge', 'slice', 'html', 'js', 'urlquery', 'call']);
const supportedFunctions = ['json', 'join', 'split', 'upper', 'lower', 'title', 'pad', 'truncate', 'index', 'len', 'eq', 'ne', 'not'];

/** A template of text and `{{.Field}}` actions only, as every default table is: its parts in order. */
type SimplePart = string | {field: string};

export class GoTemplate {
	readonly #nodes: Node[];
	readonly #simple: SimplePart[] | undefined;

	constructor(readonly source: string) {
		this.#nodes = new Parser(source).parse();
		this.#simple = simpleParts(this.#nodes);
	}

	execute(data: unknown, options: ExecuteOptions = {}): string {
		return this.runner(options)(data);
	}

	/** The template made ready to run with these options, for running it over many rows (one executor, not one a row). */
	runner(options: ExecuteOptions = {}): (data: unknown) => string {
		const executor = new Executor(this.source, options);
		const simple = this.#simple;
		const general = (data: unknown) => executor.run(this.#nodes, data);
		if (!simple) {
			return general;
		}

		// A listing runs its template over thousands of rows at start-up, while the code is still cold:
		// the parts in a loop cost a fraction of the general executor's walk. Anything unusual (no such
		// field, data that is not a struct) goes to the general executor, which says what Go says.
		return data => {
			if (!(data instanceof GoStruct)) {
				return general(data);
			}

			let output = '';
			for (const part of simple) {
				if (typeof part === 'string') {
					output += part;
					continue;
				}

				if (!Object.hasOwn(data.fields, part.field)) {
					return general(data);
				}

				const field = data.fields[part.field];
				const text = printValue(typeof field === 'function' ? (field as () => unknown)() : field);
				output += options.escape ? options.escape(text) : text;
			}

			return output;
		};
	}
}

function simpleParts(nodes: Node[]): SimplePart[] | undefined {
	const parts: SimplePart[] = [];
	for (const node of nodes) {
		if (node.kind === 'text') {
			parts.push(node.text);
			continue;
		}

		const command = node.kind === 'action' && node.pipeline.commands.length === 1 ? node.pipeline.commands[0]! : undefined;
		const operand = command?.length === 1 ? command[0]! : undefined;
		if (operand?.kind !== 'field' || operand.path.length !== 1) {
			return undefined;
		}

		parts.push({field: operand.path[0]!});
	}

	return parts;
}

// --- parsing -------------------------------------------------------------------

type Token =
	| {kind: 'field'; path: string[]; position: number}
	| {kind: 'dot'; position: number}
	| {kind: 'word'; word: string; position: number}
	| {kind: 'literal'; value: string | number | boolean; position: number}
	| {kind: 'pipe' | 'open' | 'close'; position: number}
	| {kind: 'variable'; position: number};

class Parser {
	#index = 0;
	constructor(private readonly source: string) {}

	parse(): Node[] {
		const [nodes, end] = this.#list();
		if (end) {
			throw this.#error(`unexpected {{${end.word}}}`);
		}

		return nodes;
	}

	#error(message: string): TemplateError {
		return new TemplateError(`template: :${lineOf(this.source, this.#index)}: ${message}`);
	}

	/** Nodes up to an `else` or `end` (returned), or the end of the text. */
	#list(): [Node[], {word: 'else' | 'end'} | undefined] {
		const nodes: Node[] = [];
		const source = this.source;
		for (;;) {
			const open = source.indexOf('{{', this.#index);
			let text = source.slice(this.#index, open === -1 ? undefined : open);
			if (open === -1) {
				this.#index = source.length;
				if (text) {
					nodes.push({kind: 'text', text});
				}

				return [nodes, undefined];
			}

			let start = open + 2;
			if (source.startsWith('- ', start) || source.startsWith('-\t', start) || source.startsWith('-\n', start)) {
				text = text.replace(/\s+$/, '');
				start += 1;
			}

			if (text) {
				nodes.push({kind: 'text', text});
			}

			this.#index = start;
			const close = this.#findClose(start);
			const trimRight = /\s-$/.test(source.slice(start, close)) && close - start >= 2;
			const inner = source.slice(start, trimRight ? close - 1 : close);
			const afterClose = close + 2;
			this.#index = afterClose;
			if (trimRight) {
				const rest = source.slice(afterClose);
				this.#index = afterClose + (rest.length - rest.replace(/^\s+/, '').length);
			}

			if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(inner)) {
				continue;
			}

			const tokens = tokenize(inner, start, message => this.#errorAt(start, message));
			const first = tokens[0];
			if (!first) {
				throw this.#errorAt(start, 'missing value for command');
			}

			if (first.kind === 'word' && (first.word === 'end' || first.word === 'else')) {
				if (tokens.length > 1) {
					throw this.#errorAt(start, first.word === 'else' ? 'else if is not supported by dockyard\'s --format' : `unexpected token in {{${first.word}}}`);
				}

				return [nodes, {word: first.word}];
			}

			if (first.kind === 'word' && (first.word === 'if' || first.word === 'range')) {
				const pipeline = this.#pipeline(tokens.slice(1), tokens[1]?.position ?? first.position, start);
				const [body, end] = this.#list();
				let otherwise: Node[] = [];
				if (end?.word === 'else') {
					const [elseBody, elseEnd] = this.#list();
					if (elseEnd?.word !== 'end') {
						throw this.#error(`unexpected EOF in ${first.word}`);
					}

					otherwise = elseBody;
				} else if (!end) {
					throw this.#error('unexpected EOF');
				}

				nodes.push(first.word === 'if' ? {kind: 'if', pipeline, then: body, otherwise} : {kind: 'range', pipeline, body, otherwise});
				continue;
			}

			nodes.push({kind: 'action', pipeline: this.#pipeline(tokens, first.position, start)});
		}
	}

	#findClose(start: number): number {
		let quote: string | undefined;
		for (let index = start; index < this.source.length; index++) {
			const character = this.source[index]!;
			if (quote) {
				if (character === '\\' && quote === '"') {
					index++;
				} else if (character === quote) {
					quote = undefined;
				} else if (character === '\n' && quote === '"') {
					break;
				}
			} else if (character === '"' || character === '`') {
				quote = character;
			} else if (this.source.startsWith('}}', index)) {
				return index;
			}
		}

		throw this.#errorAt(start, 'unclosed action');
	}

	#errorAt(position: number, message: string): TemplateError {
		return new TemplateError(`template: :${lineOf(this.source, position)}: ${message}`);
	}

	#pipeline(tokens: Token[], position: number, start: number): Pipeline {
		const [pipeline, rest] = parsePipeline(tokens, position, message => this.#errorAt(start, message));
		if (rest.length > 0) {
			throw this.#errorAt(start, `unexpected "${rest[0]!.kind === 'close' ? ')' : '('}" in operand`);
		}

		return pipeline;
	}
}

function lineOf(source: string, position: number): number {
	return source.slice(0, position).split('\n').length;
}

function tokenize(text: string, offset: number, fail: (message: string) => TemplateError): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const character = text[index]!;
		const position = offset + index;
		if (/\s/.test(character)) {
			index++;
		} else if (character === '|') {
			tokens.push({kind: 'pipe', position});
			index++;
		} else if (character === '(' || character === ')') {
			tokens.push({kind: character === '(' ? 'open' : 'close', position});
			index++;
		} else if (character === '"') {
			const match = /^"(?:[^"\\\n]|\\.)*"/.exec(text.slice(index));
			if (!match) {
				throw fail('unterminated quoted string');
			}

			tokens.push({kind: 'literal', value: JSON.parse(match[0].replaceAll(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string, position});
			index += match[0].length;
		} else if (character === '`') {
			const end = text.indexOf('`', index + 1);
			if (end === -1) {
				throw fail('unterminated raw quoted string');
			}

			tokens.push({kind: 'literal', value: text.slice(index + 1, end), position});
			index = end + 1;
		} else if (character === '.') {
			const match = /^(?:\.[A-Za-z_]\w*)+/.exec(text.slice(index));
			if (match) {
				tokens.push({kind: 'field', path: match[0].slice(1).split('.'), position});
				index += match[0].length;
			} else {
				tokens.push({kind: 'dot', position});
				index++;
			}
		} else if (character === '$') {
			throw fail('variables ($x) are not supported by dockyard\'s --format');
		} else if (/[-+\d]/.test(character)) {
			const match = /^[-+]?\d+/.exec(text.slice(index));
			if (!match) {
				throw fail(`bad number syntax: "${text.slice(index, index + 2)}"`);
			}

			tokens.push({kind: 'literal', value: Number(match[0]), position});
			index += match[0].length;
		} else if (/[A-Za-z_]/.test(character)) {
			const word = /^\w+/.exec(text.slice(index))![0];
			if (word === 'true' || word === 'false') {
				tokens.push({kind: 'literal', value: word === 'true', position});
			} else {
				tokens.push({kind: 'word', word, position});
			}

			index += word.length;
		} else {
			throw fail(`unexpected "${character}" in command`);
		}
	}

	return tokens;
}

function parsePipeline(tokens: Token[], position: number, fail: (message: string) => TemplateError): [Pipeline, Token[]] {
	const commands: Operand[][] = [];
	let command: Operand[] = [];
	let rest = tokens;
	while (rest.length > 0) {
		const token = rest[0]!;
		if (token.kind === 'close') {
			break;
		}

		rest = rest.slice(1);
		if (token.kind === 'pipe') {
			if (command.length === 0) {
				throw fail('missing value for command');
			}

			commands.push(command);
			command = [];
		} else if (token.kind === 'open') {
			const [inner, after] = parsePipeline(rest, token.position, fail);
			if (after[0]?.kind !== 'close') {
				throw fail('unclosed left paren');
			}

			rest = after.slice(1);
			command.push({kind: 'group', pipeline: inner, position: token.position});
		} else if (token.kind === 'word') {
			if (unsupportedWords.has(token.word) || ['if', 'range', 'else', 'end'].includes(token.word)) {
				throw fail(`"${token.word}" is not supported by dockyard's --format (functions: ${supportedFunctions.join(', ')}; actions: if, else, range, end)`);
			}

			if (!supportedFunctions.includes(token.word)) {
				throw fail(`function "${token.word}" not defined`);
			}

			command.push({kind: 'function', name: token.word, position: token.position});
		} else if (token.kind === 'field' || token.kind === 'dot' || token.kind === 'literal') {
			command.push(token);
		} else {
			throw fail('variables are not supported');
		}
	}

	if (command.length === 0) {
		throw fail('missing value for command');
	}

	commands.push(command);
	return [{position, commands}, rest];
}

// --- running -------------------------------------------------------------------

class Executor {
	readonly #functions: Record<string, (...args: unknown[]) => unknown>;
	constructor(private readonly source: string, private readonly options: ExecuteOptions) {
		this.#functions = {...baseFunctions, ...options.functions};
	}

	run(nodes: Node[], dot: unknown): string {
		let output = '';
		for (const node of nodes) {
			if (node.kind === 'text') {
				output += node.text;
			} else if (node.kind === 'action') {
				const value = this.#pipeline(node.pipeline, dot);
				const text = printValue(value);
				output += this.options.escape ? this.options.escape(text) : text;
			} else if (node.kind === 'if') {
				output += this.run(truthy(this.#pipeline(node.pipeline, dot)) ? node.then : node.otherwise, dot);
			} else {
				const value = this.#pipeline(node.pipeline, dot);
				const items = Array.isArray(value) ? value : value && typeof value === 'object' && !(value instanceof GoStruct) ? Object.keys(value).sort().map(key => (value as Record<string, unknown>)[key]) : undefined;
				if (items === undefined && value !== null && value !== undefined) {
					throw this.#error(node.pipeline.position, `range can't iterate over ${printValue(value)}`);
				}

				output += items && items.length > 0 ? items.map(item => this.run(node.body, item)).join('') : this.run(node.otherwise, dot);
			}
		}

		return output;
	}

	#error(position: number, message: string): TemplateError {
		const before = this.source.slice(0, position);
		const line = before.split('\n').length;
		const column = position - (before.lastIndexOf('\n') + 1);
		const at = /^[^}]*/.exec(this.source.slice(position))![0].trim();
		return new TemplateError(`template: :${line}:${column}: executing "" at <${at.replace(/\s+-$/, '')}>: ${message}`);
	}

	#pipeline(pipeline: Pipeline, dot: unknown): unknown {
		// The usual action, `{{.Field}}`: one command, nothing piped.
		if (pipeline.commands.length === 1) {
			return this.#command(pipeline.commands[0]!, dot, undefined);
		}

		let piped: {value: unknown} | undefined;
		for (const command of pipeline.commands) {
			piped = {value: this.#command(command, dot, piped)};
		}

		return piped?.value;
	}

	#command(command: Operand[], dot: unknown, piped: {value: unknown} | undefined): unknown {
		if (command.length === 1 && !piped && command[0]!.kind !== 'function') {
			return this.#operand(command[0]!, dot);
		}

		const [head, ...args] = command;
		if (head?.kind === 'function') {
			const values = args.map(arg => this.#operand(arg, dot));
			if (piped) {
				values.push(piped.value);
			}

			try {
				return this.#functions[head.name]!(...values);
			} catch (error) {
				throw this.#error(head.position, `error calling ${head.name}: ${(error as Error).message}`);
			}
		}

		if (args.length > 0 || piped) {
			throw this.#error(head!.position, `can't give argument to non-function ${printValue(this.#operand(head!, dot))}`);
		}

		return this.#operand(head!, dot);
	}

	#operand(operand: Operand, dot: unknown): unknown {
		switch (operand.kind) {
			case 'dot': {
				return dot;
			}

			case 'literal': {
				return operand.value;
			}

			case 'group': {
				return this.#pipeline(operand.pipeline, dot);
			}

			case 'function': {
				return this.#command([operand], dot, undefined);
			}

			case 'field': {
				let value = dot;
				for (const name of operand.path) {
					value = this.#field(value, name, operand.position);
				}

				return value;
			}
		}
	}

	#field(value: unknown, name: string, position: number): unknown {
		if (value instanceof GoStruct) {
			if (!Object.hasOwn(value.fields, name)) {
				throw this.#error(position, `can't evaluate field ${name} in type ${value.typeName}`);
			}

			const field = value.fields[name];
			return typeof field === 'function' ? (field as () => unknown)() : field;
		}

		if (value && typeof value === 'object' && !Array.isArray(value)) {
			if (!Object.hasOwn(value, name)) {
				if (this.options.missingKey === 'error') {
					throw this.#error(position, `map has no entry for key "${name}"`);
				}

				return undefined;
			}

			return (value as Record<string, unknown>)[name];
		}

		if (value === null || value === undefined) {
			throw this.#error(position, `nil pointer evaluating interface {}.${name}`);
		}

		throw this.#error(position, `can't evaluate field ${name} in type ${goTypeName(value)}`);
	}
}

function goTypeName(value: unknown): string {
	if (typeof value === 'string') {
		return 'string';
	}

	if (typeof value === 'number') {
		return Number.isInteger(value) ? 'int' : 'float64';
	}

	if (typeof value === 'boolean') {
		return 'bool';
	}

	return Array.isArray(value) ? '[]interface {}' : 'interface {}';
}

function truthy(value: unknown): boolean {
	if (value instanceof GoStruct) {
		return true;
	}

	if (Array.isArray(value)) {
		return value.length > 0;
	}

	if (value && typeof value === 'object') {
		return Object.keys(value).length > 0;
	}

	return Boolean(value);
}

/** Go's `%v` of a value as a template prints it; a missing map value is `<no value>`. */
export function printValue(value: unknown): string {
	if (value === undefined) {
		return '<no value>';
	}

	if (value === null) {
		return '<nil>';
	}

	if (typeof value === 'string') {
		return value;
	}

	if (typeof value === 'number' || typeof value === 'boolean') {
		return String(value);
	}

	if (Array.isArray(value)) {
		return `[${value.map(item => item === null ? '<nil>' : printValue(item)).join(' ')}]`;
	}

	if (value instanceof GoStruct) {
		return `{${Object.values(value.fields).map(field => printValue(typeof field === 'function' ? (field as () => unknown)() : field)).join(' ')}}`;
	}

	const record = value as Record<string, unknown>;
	return `map[${Object.keys(record).sort().map(key => `${key}:${record[key] === null ? '<nil>' : printValue(record[key])}`).join(' ')}]`;
}

/** Go's encoding/json of a value: no HTML escaping (docker's json function turns it off), U+2028/9 escaped. */
export function goJson(value: unknown): string {
	if (value instanceof GoStruct && value.json.asDockerContext) {
		const omit = new Set(value.json.omit);
		const fields = Object.keys(value.fields).filter(key => !omit.has(key)).sort();
		const object = Object.fromEntries(fields.map(key => [key, value.json.overrides && Object.hasOwn(value.json.overrides, key) ? value.json.overrides[key] : fieldValue(value, key)]));
		return escapeJson(JSON.stringify(object)).replaceAll('<', '\\u003c').replaceAll('>', '\\u003e').replaceAll('&', '\\u0026');
	}

	return escapeJson(JSON.stringify(value ?? null, (_key, item: unknown) => item instanceof GoStruct ? structObject(item) : item) ?? 'null');
}

function escapeJson(text: string): string {
	return text.replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

function fieldValue(value: GoStruct, key: string): unknown {
	const field = value.fields[key];
	return typeof field === 'function' ? (field as () => unknown)() : field;
}

function structObject(value: GoStruct): Record<string, unknown> {
	return Object.fromEntries(Object.keys(value.fields).map(key => [key, fieldValue(value, key)]));
}

function asString(value: unknown, name: string): string {
	if (typeof value !== 'string') {
		throw new TemplateError(`wrong type for value; expected string; got ${goTypeName(value)} (in ${name})`);
	}

	return value;
}

const baseFunctions: Record<string, (...args: unknown[]) => unknown> = {
	json: (value: unknown) => goJson(value),
	join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list : [asString(list, 'join')]).map(item => printValue(item)).join(asString(separator, 'join')),
	split: (text: unknown, separator: unknown) => asString(text, 'split').split(asString(separator, 'split')),
	upper: (text: unknown) => asString(text, 'upper').toUpperCase(),
	lower: (text: unknown) => asString(text, 'lower').toLowerCase(),
	title: (text: unknown) => asString(text, 'title').replaceAll(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_match, before: string, letter: string) => before + letter.toUpperCase()),
	pad: (text: unknown, prefix: unknown, suffix: unknown) => asString(text, 'pad') === '' ? '' : ' '.repeat(Number(prefix)) + (text as string) + ' '.repeat(Number(suffix)),
	// Go slices bytes; on the ASCII docker's fields hold, the same as characters.
	truncate: (text: unknown, length: unknown) => asString(text, 'truncate').length < Number(length) ? text : (text as string).slice(0, Number(length)),
	index(collection: unknown, ...keys: unknown[]) {
		let value = collection;
		for (const key of keys) {
			if (Array.isArray(value)) {
				if (typeof key !== 'number' || key < 0 || key >= value.length) {
					throw new TemplateError(`index out of range: ${printValue(key)}`);
				}

				value = value[key];
			} else if (value && typeof value === 'object') {
				value = (value as Record<string, unknown>)[String(key)];
			} else {
				throw new TemplateError(`can't index item of type ${goTypeName(value)}`);
			}
		}

		return value;
	},
	len(value: unknown) {
		if (typeof value === 'string' || Array.isArray(value)) {
			return value.length;
		}

		if (value && typeof value === 'object') {
			return Object.keys(value).length;
		}

		throw new TemplateError(`len of type ${goTypeName(value)}`);
	},
	eq: (first: unknown, ...others: unknown[]) => others.some(other => other === first),
	ne: (first: unknown, second: unknown) => first !== second,
	not: (value: unknown) => !truthy(value),
};
