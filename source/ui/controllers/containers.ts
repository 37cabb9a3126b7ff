import {changeLine} from '../../core/analysis/container-changes.js';
import {errorMessage} from '../../core/errors.js';
import type {Action} from '../keymap.js';
import {containerRoot, referenceProblem} from '../prompt-checks.js';
import {listMove, movedInContainers} from '../state/moves.js';
import type {Context, PaneController} from './context.js';
import {createContainer} from './create-container.js';

/** Containers' keys: new, add a file, commit, remove, the files it changed. */
export function containersController(context: Context): PaneController {
	const {backend, update, derived, teach} = context;
	const selected = () => derived().containers[context.cursors().containers];

	const addFile = () => {
		const container = selected();
		if (!container) {
			return;
		}

		context.prompt(`Add a file to ${container.name} (docker cp)`, 'Path of a file on this machine:', '', source => {
			if (!source.trim()) {
				return;
			}

			const equivalentsFor = (destination: string) => teach({kind: 'cp', source, container: container.name, destination});
			context.prompt(`Add ${source} to ${container.name}`, 'Where in the container (a path ending in / is a directory):', containerRoot(derived().view, container.image), destination => {
				void context.run(equivalentsFor(destination).docker[0]!, async () => {
					const change = await backend.copyIntoContainer(container.id, source.trim(), destination.trim() || '/');
					return {ok: true, summary: `Copied ${change.size}B to ${container.name}:${change.path}`, equivalents: equivalentsFor(destination)};
				}, undefined, equivalentsFor(destination));
			}, destination => ({label: 'Enter copies', equivalents: equivalentsFor(destination || '/')}));
		}, source => ({label: 'Enter copies', equivalents: teach({kind: 'cp', source: source || 'FILE', container: container.name, destination: '/'})}));
	};

	const commit = () => {
		const container = selected();
		if (!container) {
			return;
		}

		// Stored with the seed's Publisher and Version, as its New-ContainerImage line says, so the PowerShell columns show them.
		const stampOf = (name: string | undefined) => name ? {publisher: 'Demo', version: '1.0'} : {};
		const equivalentsFor = (name: string | undefined) => teach({kind: 'commit', container: container.name, repository: name, psContainer: container.name, ...stampOf(name)});
		context.prompt(`Commit ${container.name} to a new image (docker commit)`, 'Repository[:tag] for the new image (empty: untagged):', '', repository => {
			const name = repository.trim() || undefined;
			const problem = name ? referenceProblem(name) : undefined;
			if (problem) {
				return problem;
			}

			void context.run(equivalentsFor(name).docker[0]!, async () => {
				const image = await backend.commit(container.id, {repository: name, ...stampOf(name)});
				return {ok: true, summary: `${image.id}${name ? ` (${name})` : ''}`, equivalents: equivalentsFor(name)};
			}, undefined, equivalentsFor(name));
		}, repository => ({label: 'Enter commits', equivalents: equivalentsFor(repository.trim() || undefined)}));
	};

	const remove = () => {
		const container = selected();
		if (!container) {
			return;
		}

		const equivalents = teach({kind: 'rm', container: container.name});
		context.dialog({
			kind: 'confirm',
			title: `Remove container ${container.name}?`,
			lines: [`${container.shortId} from ${container.imageRef}, ${container.changes?.length ?? 0} file(s) added: they go with it.`],
			equivalents,
			run: async () => context.run(equivalents.docker[0]!, async () => {
				await backend.removeContainer(container.id);
				return {ok: true, summary: `Removed container ${container.name}`, equivalents};
			}, undefined, equivalents),
		});
	};

	/** D: `docker diff`'s lines for the highlighted container, in a dialog. */
	const showDiff = async () => {
		const container = selected();
		const changes = backend.capabilities.containerChanges;
		if (!container || !changes) {
			return;
		}

		const equivalents = teach({kind: 'diff', container: container.name});
		try {
			const lines = (await changes(container.id)).map(change => changeLine(change));
			context.set({
				last: {ok: true, summary: `${lines.length} change(s) in ${container.name}`, equivalents, fresh: true},
				dialog: {kind: 'message', title: `Changes in ${container.name} (docker diff)`, tone: 'good', lines: lines.length > 0 ? lines : ['No change: nothing was copied into it.'], more: `dockyard diff ${container.name}`},
			});
		} catch (error) {
			context.set({dialog: {kind: 'message', title: 'Error', tone: 'bad', lines: [errorMessage(error)]}});
		}
	};

	return (action: Action) => {
		const step = listMove(action);
		if (step) {
			update(s => movedInContainers(s, derived(), context.cursors(), step));
			return true;
		}

		switch (action) {
			case 'newContainer': {
				const row = derived().imageRows[context.cursors().images];
				context.prompt('Create a container (docker create)', 'From image (reference or id):', row?.target ?? '', image => {
					if (image.trim()) {
						createContainer(context, image.trim());
					}
				}, image => ({label: 'Enter creates', equivalents: teach({kind: 'create', image: image.trim() || 'IMAGE'})}));
				return true;
			}

			case 'addFile': {
				addFile();
				return true;
			}

			case 'commit': {
				commit();
				return true;
			}

			case 'remove': {
				remove();
				return true;
			}

			case 'containerDiff': {
				void showDiff();
				return true;
			}

			default: {
				return false;
			}
		}
	};
}
