import {findOsImage, osImages} from '../hub/catalog.js';
import type {Action} from '../teach.js';

/**
 * A step's `teach:` entries: each names an action and its targets, as the
 * TUI and the CLI do it (`{action: pull, reference: microsoft/iis}`); the
 * docker and PowerShell lines are then core/teach's, the same the TUI, the
 * journal and --explain show, never command strings of the lesson's own.
 */

type Json = unknown;
type Field = 'text' | 'list' | 'flag';
type Shape = {required: Record<string, Field>; optional: Record<string, Field>};

/** The actions a lesson may teach, with their fields (the Action's, less what dockyard works out itself). */
const shapes: Record<string, Shape> = {
	images: {required: {}, optional: {}},
	ps: {required: {}, optional: {}},
	prune: {required: {}, optional: {}},
	events: {required: {}, optional: {}},
	'os-find': {required: {}, optional: {}},
	search: {required: {term: 'text'}, optional: {}},
	pull: {required: {reference: 'text'}, optional: {}},
	push: {required: {reference: 'text'}, optional: {}},
	'os-install': {required: {name: 'text'}, optional: {version: 'text'}},
	create: {required: {image: 'text'}, optional: {name: 'text', psImage: 'text', psVersion: 'text'}},
	cp: {required: {source: 'text', container: 'text', destination: 'text'}, optional: {}},
	rm: {required: {container: 'text'}, optional: {psContainer: 'text'}},
	commit: {required: {container: 'text'}, optional: {repository: 'text', publisher: 'text', psName: 'text', version: 'text', psContainer: 'text'}},
	tag: {required: {source: 'text', target: 'text'}, optional: {}},
	untag: {required: {reference: 'text'}, optional: {}},
	rmi: {required: {target: 'text'}, optional: {force: 'flag', psName: 'text', psVersion: 'text'}},
	history: {required: {target: 'text'}, optional: {psName: 'text'}},
	tree: {required: {target: 'text'}, optional: {psName: 'text'}},
	inspect: {required: {target: 'text'}, optional: {psName: 'text'}},
	save: {required: {file: 'text', targets: 'list'}, optional: {}},
	load: {required: {source: 'text'}, optional: {}},
};

export const teachableActions = Object.keys(shapes);

function isRecord(value: Json): value is Record<string, Json> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A step's `teach:`: one action or a list of them; `fail` throws the lesson's one-line error. */
export function parseTeach(value: Json, where: string, fail: (where: string, problem: string) => never): Action[] {
	const entries = Array.isArray(value) ? value : [value];
	if (entries.length === 0 || value === undefined) {
		return fail(where, `expected an action ({action: pull, reference: microsoft/iis}) or a list of them, not ${value === undefined ? 'nothing (missing)' : 'an empty list'}`);
	}

	return entries.map((entry, index) => parseAction(entry, Array.isArray(value) ? `${where}[${index + 1}]` : where, fail));
}

function parseAction(entry: Json, where: string, fail: (where: string, problem: string) => never): Action {
	if (!isRecord(entry) || typeof entry['action'] !== 'string') {
		return fail(where, `expected a mapping with action (one of ${teachableActions.join(', ')}) and its targets`);
	}

	const kind = entry['action'];
	const shape = shapes[kind];
	if (!shape) {
		return fail(`${where}.action`, `unknown action "${kind}" (one of ${teachableActions.join(', ')})`);
	}

	const fields: Record<string, string | string[] | boolean> = {};
	for (const [key, given] of Object.entries(entry)) {
		if (key === 'action') {
			continue;
		}

		const type = shape.required[key] ?? shape.optional[key];
		if (!type) {
			const known = [...Object.keys(shape.required), ...Object.keys(shape.optional)];
			fail(`${where}.${key}`, `unknown field for ${kind} (${known.length > 0 ? `it takes ${known.join(', ')}` : 'it takes none'})`);
		}

		fields[key] = fieldValue(given, type!, `${where}.${key}`, fail);
	}

	for (const key of Object.keys(shape.required)) {
		if (fields[key] === undefined) {
			fail(`${where}.${key}`, `${kind} needs ${key}`);
		}
	}

	return action(kind, fields, where, fail);
}

function fieldValue(value: Json, type: Field, where: string, fail: (where: string, problem: string) => never): string | string[] | boolean {
	if (type === 'flag') {
		return typeof value === 'boolean' ? value : fail(where, 'expected true or false');
	}

	// YAML reads 1.0 as the number 1: a version written so would be taught wrong, so it is named, not guessed.
	const text = (item: Json) => typeof item === 'string' && item.trim() !== ''
		? item.trim()
		: fail(where, typeof item === 'number' ? `${item} is read as a number: write it in quotes ('${String(item).includes('.') ? item : `${item}.0`}')` : 'expected some text');
	if (type === 'list') {
		return Array.isArray(value) && value.length > 0 ? value.map(item => text(item)) : [text(value)];
	}

	return text(value);
}

function action(kind: string, fields: Record<string, string | string[] | boolean>, where: string, fail: (where: string, problem: string) => never): Action {
	switch (kind) {
		case 'os-install': {
			// Named as Install-ContainerImage names it; the docker side is the catalog's repository.
			const name = fields['name'] as string;
			const version = fields['version'] as string | undefined;
			const entry = findOsImage(name, version);
			if (!entry) {
				return fail(where, `no base OS image ${name}${version ? ` ${version}` : ''} (there are ${[...new Set(osImages().map(image => `${image.name} ${image.version}`))].join(', ')})`);
			}

			return {kind: 'os-install', name: entry.name, version, repository: entry.repository};
		}

		case 'rmi': {
			// The image goes, named as Get-ContainerImage names it (Name and Version).
			const {target, force, psName, psVersion} = fields as {target: string; force?: boolean; psName?: string; psVersion?: string};
			return {kind: 'rmi', target, force, ...(psName ? {effects: [{kind: 'delete', image: {name: psName, ...(psVersion ? {version: psVersion} : {})}}]} : {})};
		}

		default: {
			return {kind, ...fields} as Action;
		}
	}
}
