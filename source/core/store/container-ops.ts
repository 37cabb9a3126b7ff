import {crypto} from '../crypto.js';
import {ConflictError, NotFoundError, UsageError} from '../errors.js';
import {containerPath, hostFile} from '../copy-rules.js';
import {canonicalString, familiarName, familiarString, parseReference, withDefaultTag} from '../reference.js';
import type {Action} from '../teach.js';
import {powershellNameOf} from '../backend/powershell-identity.js';
import type {CommitOptions} from './commit.js';
import {containerNamePattern, randomContainerName} from './names.js';
import type {ContainerRecord, FileChange} from './records.js';
import type {StoreContext} from './store-context.js';
import {StoreView, type ImageView} from './view.js';

// The containers' operations: create, cp into one, rm, and commit one as an image.

export async function createContainer(store: StoreContext, target: string, options: {name?: string} = {}): Promise<ContainerRecord> {
	return store.attempt((): Action => ({kind: 'create', image: target, name: options.name}), async () => {
		if (options.name !== undefined && !containerNamePattern.test(options.name)) {
			throw new UsageError(`Invalid container name (${options.name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
		}

		const source = store.read().image(target);
		const config = await store.config(source);
		const command = [...(config.config?.Entrypoint ?? []), ...(config.config?.Cmd ?? [])].join(' ');
		return store.mutate({kind: 'create', image: target, name: options.name, psImage: powershellNameOf(source), psVersion: source.version}, data => {
			const {image, tag} = new StoreView(data).resolve(target);
			const taken = (name: string) => Object.values(data.containers).some(container => container.name === name);
			if (options.name && taken(options.name)) {
				const holder = Object.values(data.containers).find(container => container.name === options.name)!;
				throw new ConflictError(`Conflict. The container name "/${options.name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`);
			}

			const container: ContainerRecord = {
				id: crypto().randomBytes(32).toString('hex'),
				name: options.name ?? randomContainerName(taken),
				image: image.id,
				// As docker ps: the name the user gave, or the id when they gave an id.
				imageRef: tag ? familiarString(parseReference(tag)) : image.shortId,
				command,
				created: new Date().toISOString(),
				status: 'created',
				changes: [],
			};
			data.containers[container.id] = container;
			return {result: container, summary: container.id};
		});
	});
}

/** docker cp HOSTPATH CONTAINER:DEST — the file joins the container's own layer. */
export async function copyIntoContainer(store: StoreContext, target: string, hostPath: string, destination: string): Promise<FileChange> {
	return store.attempt((): Action => ({kind: 'cp', source: hostPath, container: target, destination}), async () => {
		const container = store.read().container(target);
		// Every check before the file is stored: a refused cp writes nothing.
		const path = containerPath(destination, hostPath);
		const info = await hostFile(hostPath);

		const {createReadStream} = await import('node:fs');
		const stored = await store.blobs.ingest(createReadStream(hostPath));
		const change: FileChange = {path, digest: stored.digest, size: stored.size, mode: info.mode & 0o777, added: new Date().toISOString()};
		return store.mutate({kind: 'cp', source: hostPath, container: container.name, destination}, data => {
			const current = data.containers[container.id];
			if (!current) {
				throw new NotFoundError(`No such container: ${target}`);
			}

			current.changes = [...current.changes.filter(existing => existing.path !== path), change];
			return {result: change, summary: `${hostPath} → ${container.name}:${path}`};
		});
	});
}

export async function removeContainer(store: StoreContext, target: string): Promise<ContainerRecord> {
	return store.attempt((): Action => ({kind: 'rm', container: target}), async () => {
		let psContainer: string | undefined;
		try {
			psContainer = store.read().container(target).name;
		} catch {}

		return store.mutate({kind: 'rm', container: target, psContainer}, data => {
			const container = new StoreView(data).container(target);
			if (container.status === 'running') {
				throw new ConflictError(`cannot remove container "/${container.name}": container is running: stop the container before removing`);
			}

			const record = data.containers[container.id]!;
			delete data.containers[container.id];
			return {result: record, summary: target};
		});
	});
}

export async function commitImage(store: StoreContext, target: string, options: CommitOptions = {}): Promise<ImageView> {
	return store.attempt((): Action => ({kind: 'commit', container: target, repository: options.repository}), async () => {
		const view = store.read();
		const container = view.container(target);
		const parent = view.byId(container.image);
		if (!parent) {
			throw new NotFoundError(`No such image: ${container.image}`);
		}

		const repository = options.repository ? withDefaultTag(parseReference(options.repository)) : undefined;
		if (repository?.digest) {
			throw new UsageError(`invalid reference format: a commit cannot name a digest (${options.repository})`);
		}

		const title = options.title ?? (repository ? familiarName(repository) : undefined);
		const {commitContainer} = await import('./commit.js');
		const built = await commitContainer(store.blobs, container, parent, await store.config(parent), {...options, title});
		const action: Action = options.publisher
			? {kind: 'commit', container: container.name, repository: options.repository, publisher: options.publisher, psName: options.title, version: options.version}
			: {kind: 'commit', container: container.name, repository: options.repository};
		const id = await store.mutate(action, data => {
			if (!data.containers[container.id] || !data.images[parent.id]) {
				throw new NotFoundError(`No such container: ${target}`);
			}

			data.images[built.id] = built;
			if (repository) {
				data.tags[canonicalString(repository)] = built.id;
			}

			return {result: built.id, summary: `sha256:${built.id.slice(7)}`};
		});
		return store.read().byId(id)!;
	});
}
