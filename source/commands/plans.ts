/**
 * --explain for the verbs that change something: what each would do, read
 * from a snapshot (and, for a pull, from its hub), with its docker and
 * PowerShell equivalents. None of these writes to the store, a file or a
 * setting; runCommand calls them instead of the verb's run.
 */
import {formatPlatform} from '../core/platform.js';
import {need} from '../core/backend/backend.js';
import {powershellNameOf} from '../core/backend/powershell-identity.js';
import {ConflictError, DockyardError, UsageError} from '../core/errors.js';
import {familiarString, parseReference, withDefaultTag} from '../core/reference.js';
import {pruneFilters} from '../core/prune-filters.js';
import {noPowershell, teach} from '../core/teach.js';
import {humanSize} from '../present/format.js';
import type {CommandContext, Plan} from './command.js';

/** A refusal the rules would give: --explain prints it and exits 1, as the verb would have. */
async function refusedOr(plan: () => Promise<Plan>, refusedPlan: (error: ConflictError) => Plan): Promise<Plan> {
	try {
		return await plan();
	} catch (error) {
		if (error instanceof ConflictError) {
			return refusedPlan(error);
		}

		throw error;
	}
}

export async function planTag({args, backend}: CommandContext): Promise<Plan> {
	const [source, target] = args as [string, string];
	const image = (await backend().snapshot()).image(source);
	const reference = parseReference(target);
	if (reference.digest) {
		throw new UsageError(`refusing to create a tag with a digest reference: ${target}`);
	}

	return {would: [`Would tag ${image.shortId} (${source}) as ${familiarString(withDefaultTag(reference))}`], equivalents: teach({kind: 'tag', source, target})};
}

export async function planUntag({args, backend}: CommandContext): Promise<Plan> {
	const snapshot = await backend().snapshot();
	const would = args.map(reference => {
		const {image, tag} = snapshot.resolve(reference);
		if (!tag) {
			throw new UsageError(`${reference} names an image, not a tag: untag takes IMAGE:TAG`);
		}

		return `Would untag ${familiarString(parseReference(tag))} (image ${image.shortId} ${image.tags.length > 1 ? 'stays under its other tags' : 'stays, untagged'})`;
	});
	return {would, equivalents: teach({kind: 'untag', reference: args[0]!})};
}

export async function planCreate({args, flags, backend}: CommandContext): Promise<Plan> {
	const snapshot = await backend().snapshot();
	const image = snapshot.image(args[0]!);
	const name = flags['name'] as string | undefined;
	if (name !== undefined && snapshot.containers.some(container => container.name === name)) {
		return {
			would: [],
			equivalents: teach({kind: 'create', image: args[0]!, name}, undefined, 'refused'),
			refused: {message: `Conflict. The container name "/${name}" is already in use by a container. You have to remove (or rename) that container to be able to reuse that name.`, details: []},
		};
	}

	return {
		would: [`Would create a container${name ? ` named ${name}` : ''} from ${args[0]!} (${image.shortId}); it is not started`],
		equivalents: teach({kind: 'create', image: args[0]!, name, psImage: powershellNameOf(image), psVersion: image.version}),
	};
}

export async function planRm({args, backend}: CommandContext): Promise<Plan> {
	const snapshot = await backend().snapshot();
	const would = args.map(target => {
		const container = snapshot.container(target);
		return `Would remove container ${container.name} (${container.shortId}) from ${container.imageRef}, and the ${container.changes?.length ?? 0} file(s) added to it`;
	});
	const first = snapshot.container(args[0]!);
	return {would, equivalents: teach({kind: 'rm', container: first.name})};
}

export async function planCp({args, backend}: CommandContext): Promise<Plan> {
	const [source, target] = args as [string, string];
	const colon = target.indexOf(':');
	if (colon <= 0) {
		throw new UsageError('copying between containers or from a container is not supported: use SRC_PATH CONTAINER:DEST_PATH');
	}

	const container = (await backend().snapshot()).container(target.slice(0, colon));
	const destination = target.slice(colon + 1) || '/';
	return {would: [`Would copy ${source} into container ${container.name} at ${destination}`], equivalents: teach({kind: 'cp', source, container: container.name, destination})};
}

/** commit and New-ContainerImage: the container must be there, and the image it came from. */
export async function planCommit(context: CommandContext, given: {container: string; repository?: string; publisher?: string; psName?: string; version?: string}): Promise<Plan> {
	const snapshot = await context.backend().snapshot();
	const container = snapshot.container(given.container);
	const from = snapshot.byId(container.image);
	if (!from) {
		throw new DockyardError(`No such image: ${container.image}`);
	}

	if (given.repository && parseReference(given.repository).digest) {
		throw new UsageError(`invalid reference format: a commit cannot name a digest (${given.repository})`);
	}

	const named = given.repository ? ` ${familiarString(withDefaultTag(parseReference(given.repository)))}` : ' (untagged)';
	const stamp = given.publisher ? `, Publisher CN=${given.publisher}, Version ${given.version}` : '';
	return {
		would: [`Would create an image${named} from container ${container.name}'s ${container.changes?.length ?? 0} added file(s), on ${container.imageRef} (${from.shortId})${stamp}`],
		equivalents: teach({kind: 'commit', container: given.container, repository: given.repository, publisher: given.publisher, psName: given.psName, version: given.version, psContainer: container.name}),
	};
}

export async function planPull({args, backend}: CommandContext, platform?: {os: string; architecture: string; variant?: string}): Promise<Plan> {
	const asked = args[0]!;
	const action = {kind: 'pull', reference: familiarString(parseReference(asked)), platform: platform && formatPlatform(platform)} as const;
	const equivalents = teach(action);
	const check = backend().capabilities.checkPull;
	if (!check) {
		// An engine: it decides at the pull; dockyard cannot ask it without pulling.
		return {would: [`Would pull ${familiarString(withDefaultTag(parseReference(asked)))} into ${backend().label}`], equivalents};
	}

	return refusedOr(async () => {
		const found = await check(asked, {platform});
		return {
			would: [found.present ? `Would find ${found.reference} up to date (${found.digest})` : `Would download ${found.reference} (${found.digest}, ${found.layers} layer(s)) and tag it`],
			equivalents,
		};
	}, error => ({would: [], equivalents: teach(action, undefined, 'refused'), refused: {message: error.message, details: error.details}}));
}

export async function planOsInstall({backend}: CommandContext, name: string, version: string | undefined): Promise<Plan> {
	need(backend(), 'osImages', 'Install-ContainerImage');
	// The catalog is loaded by the verbs that read it, not by every verb that imports a plan.
	const {osImages} = await import('../core/hub/catalog.js');
	const known = osImages().filter(image => image.name.toLowerCase() === name.toLowerCase());
	const entry = known.find(image => version === undefined ? image.latest : image.version === version);
	if (!entry) {
		throw new DockyardError(known.length > 0
			? `No version ${version ?? ''} of ${known[0]!.name}; available: ${known.map(image => image.version).join(', ')}`
			: `No base OS image named ${name}; available: ${[...new Set(osImages().map(image => image.name))].join(', ')}`);
	}

	return {
		would: [`Would install the base OS image ${entry.name} ${entry.version}${entry.latest ? ' (also tagged latest)' : ''}`],
		equivalents: teach({kind: 'os-install', name: entry.name, version, repository: entry.repository}),
	};
}

export async function planPush({args, backend}: CommandContext): Promise<Plan> {
	need(backend(), 'push', 'dockyard push');
	const image = (await backend().snapshot()).image(args[0]!);
	return {would: [`Would push ${familiarString(withDefaultTag(parseReference(args[0]!)))} (${image.shortId}) to its registry`], equivalents: teach({kind: 'push', reference: args[0]!})};
}

export async function planSave({backend}: CommandContext, targets: string[], file: string, platform?: string): Promise<Plan> {
	const snapshot = await backend().snapshot();
	const images = targets.map(target => snapshot.image(target));
	return {
		would: [`Would write ${file} with ${targets.join(', ')}${platform ? ` (${platform} only)` : ''}`],
		equivalents: teach({kind: 'save', file, targets, images: images.map(image => ({name: powershellNameOf(image) ?? image.shortId, version: image.version})), platform}),
	};
}

export async function planLoad({backend}: CommandContext, file: string | undefined): Promise<Plan> {
	need(backend(), 'load', 'dockyard load');
	return {would: [`Would load the images in ${file ?? 'standard input'}, checking every blob`], equivalents: teach({kind: 'load', source: file ?? 'from stdin'})};
}

export async function planPrune({backend, flags}: CommandContext): Promise<Plan> {
	const prune = need(backend(), 'prune', 'dockyard prune');
	// The same choice the prune makes, as a dry run: what -a and the filters would take, and what that frees.
	const report = await prune({...pruneFilters((flags['filter'] as string[] | undefined) ?? []), all: Boolean(flags['all']), dryRun: true});
	return {
		would: [
			...report.images.flatMap(image => [...image.tags.map(tag => `Would untag ${tag}`), `Would delete ${image.id}`]),
			`Would delete ${report.deletedBlobs.length} blob(s) no image or container names, freeing ${humanSize(report.reclaimed)}`,
		],
		equivalents: teach({kind: 'prune'}),
	};
}

export async function planReset({backend}: CommandContext): Promise<Plan> {
	need(backend(), 'reset', 'dockyard reset');
	const snapshot = await backend().snapshot();
	return {
		would: [`Would remove ${snapshot.images.length} image(s), ${snapshot.containers.length} container(s), their tags, the journal and every blob`],
		equivalents: {docker: [], powershell: {none: noPowershell.own}},
	};
}

/** Verbs that only change a setting or dockyard's own files: the plan in words, no equivalent. */
export function ownPlan(would: string, docker: string[] = []): Plan {
	return {would: [would], equivalents: {docker, powershell: {none: noPowershell.own}}};
}
