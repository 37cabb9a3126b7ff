/**
 * `GET /events`: docker's event stream, made from the store's watch. The
 * store keeps no event log, so each change is read off the difference of two
 * snapshots, in dockerd's words: `tag` / `untag` / `delete` (and `pull` for
 * a name a pull just brought) for images, `create` / `destroy` for
 * containers. Another terminal's `dockyard tag` is seen as soon as the watch
 * sees the index change.
 */
import type {Snapshot} from '../../backend/snapshot.js';
import {familiarString, parseReference} from '../../reference.js';
import type {EventMessage} from '../engine-types.js';
import type {Handler} from './context.js';
import {parseFilters, type Filters} from './filters.js';
import {HttpError} from './respond.js';

function event(type: 'image' | 'container', action: string, id: string, attributes: Record<string, string>, at: Date): EventMessage {
	return {
		status: action,
		id,
		...(attributes['image'] === undefined ? {} : {from: attributes['image']}),
		Type: type,
		Action: action,
		Actor: {ID: id, Attributes: attributes},
		scope: 'local',
		time: Math.floor(at.getTime() / 1000),
		// Milliseconds are all the store knows; docker's nanoseconds are those, scaled.
		timeNano: at.getTime() * 1_000_000,
	};
}

/** What happened between two reads of the backend, as docker's events, in the order dockerd sends them. */
export function changeEvents(previous: Snapshot, next: Snapshot, at = new Date()): EventMessage[] {
	const events: EventMessage[] = [];
	const lastSeen = previous.journal.at(-1)?.time ?? '';
	const pulled = next.journal.some(entry => entry.ok && entry.time > lastSeen && (entry.action === 'pull' || entry.action === 'os-install'));
	const before = previous.tagIndex;
	const after = next.tagIndex;
	for (const [tag, id] of Object.entries(after)) {
		if (before[tag] === id) {
			continue;
		}

		const name = familiarString(parseReference(tag));
		// A name a pull brought is dockerd's `pull` (id: the name); any other new name is a `tag` of the image.
		events.push(pulled && !previous.byId(id) ? event('image', 'pull', name, {name}, at) : event('image', 'tag', id, {name}, at));
	}

	for (const [tag, id] of Object.entries(before)) {
		if (after[tag] !== id) {
			events.push(event('image', 'untag', id, {name: id}, at));
		}
	}

	for (const image of previous.images) {
		if (!next.byId(image.id)) {
			events.push(event('image', 'delete', image.id, {name: image.id}, at));
		}
	}

	const nextContainers = new Set(next.containers.map(container => container.id));
	const previousContainers = new Set(previous.containers.map(container => container.id));
	for (const container of next.containers) {
		if (!previousContainers.has(container.id)) {
			events.push(event('container', 'create', container.id, {image: container.imageRef, name: container.name}, at));
		}
	}

	for (const container of previous.containers) {
		if (!nextContainers.has(container.id)) {
			events.push(event('container', 'destroy', container.id, {image: container.imageRef, name: container.name}, at));
		}
	}

	return events;
}

/** docker's event filters: every key given must match one of its values. */
function matches(filters: Filters, message: EventMessage): boolean {
	const any = (key: string, values: Array<string | undefined>) => {
		const wanted = filters.get(key);
		return !wanted || wanted.some(value => values.includes(value));
	};

	const name = message.Actor.Attributes?.['name'];
	return any('type', [message.Type])
		&& any('event', [message.Action])
		&& (!filters.has('image') || (message.Type === 'image' && any('image', [message.Actor.ID, name])) || (message.Type === 'container' && any('image', [message.Actor.Attributes?.['image']])))
		&& (!filters.has('container') || (message.Type === 'container' && any('container', [message.Actor.ID, message.Actor.ID.slice(0, 12), name])));
}

export const streamEvents: Handler = async ({query, response}, {backend, streams}) => {
	const filters = parseFilters(query.get('filters'), ['type', 'event', 'image', 'container']);
	const until = query.get('until');
	if (until !== null && until !== '' && Number(until) * 1000 <= Date.now()) {
		// Only what is to come is known: a window that is over is empty.
		response.writeHead(200, {'Content-Type': 'application/json'});
		response.end();
		return;
	}

	if (query.has('since') && Number.isNaN(Number(query.get('since')))) {
		throw new HttpError(400, `invalid since: ${query.get('since') ?? ''}`);
	}

	let previous = await backend.snapshot();
	response.writeHead(200, {'Content-Type': 'application/json'});
	response.flushHeaders();
	// One read after another: a burst of changes is diffed in order, never two at once.
	let queue = Promise.resolve();
	const unwatch = backend.watch(() => {
		queue = queue.then(async () => {
			const next = await backend.snapshot();
			for (const message of changeEvents(previous, next)) {
				if (matches(filters, message)) {
					response.write(`${JSON.stringify(message)}\n`);
				}
			}

			previous = next;
		}).catch(() => undefined);
	});

	await new Promise<void>(resolve => {
		const stop = () => {
			unwatch();
			streams.delete(stop);
			response.end();
			resolve();
		};

		streams.add(stop);
		response.on('close', stop);
		if (until !== null && until !== '') {
			setTimeout(stop, (Number(until) * 1000) - Date.now()).unref();
		}
	});
};
