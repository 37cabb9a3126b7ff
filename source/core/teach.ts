/**
 * The docker and PowerShell commands that do what a dockyard action does, so a
 * student can put dockyard beside either tool. PowerShell names follow the
 * Windows Containers cmdlets of the seed (Windows Server 2016 TP4), with the
 * parameters their own help prints; where that module has no cmdlet that does
 * the same thing, the PowerShell side says so in words instead of showing a
 * command that would do something else.
 */
import {parsePlace, type Place} from './copy/place-names.js';

/** An image as PowerShell names it: Name, and Version where it has one (two versions of one Name are two images). */
export type PsImage = {name: string; version?: string};

/** What one target of a removal does: only a tag goes (the image keeps others), or the image itself, as PowerShell names it (none: no PowerShell name). */
export type RemovalEffect = {kind: 'untag'} | {kind: 'delete'; image?: PsImage};

export type Action =
	| {kind: 'images'; tree?: boolean}
	| {kind: 'search'; term: string}
	| {kind: 'pull'; reference: string; platform?: string}
	| {kind: 'push'; reference: string}
	| {kind: 'os-find'}
	| {kind: 'os-install'; name: string; version?: string; repository: string}
	| {kind: 'create'; image: string; name?: string; psImage?: string; psVersion?: string}
	| {kind: 'ps'}
	| {kind: 'cp'; source: string; container: string; destination: string}
	/** `psContainer`: the container's name, when `container` is an id. */
	| {kind: 'rm'; container: string; psContainer?: string}
	/** `psContainer`: the container's name (docker names it by id). */
	| {kind: 'commit'; container: string; repository?: string; publisher?: string; psName?: string; version?: string; psContainer?: string}
	| {kind: 'tag'; source: string; target: string}
	| {kind: 'untag'; reference: string}
	/**
	 * `more`: the further targets of one removal of several images (one docker rmi names them all).
	 * `effects`, one per target ([target, ...more]): what each removes, from the removal plan; without
	 * them every target is taken as a whole-image removal named `psName` (the target alone).
	 */
	| {kind: 'rmi'; target: string; more?: string[]; force?: boolean; psName?: string; effects?: RemovalEffect[]; platform?: string}
	| {kind: 'history'; target: string; psName?: string; platform?: string}
	| {kind: 'tree'; target: string; psName?: string}
	| {kind: 'inspect'; target: string; psName?: string}
	| {kind: 'save'; file: string; targets: string[]; images?: PsImage[]; platform?: string}
	| {kind: 'prune'}
	| {kind: 'fsck'}
	| {kind: 'diff'; container: string}
	| {kind: 'analyze'; target: string}
	| {kind: 'compare'; a: string; b: string}
	| {kind: 'outdated'}
	| {kind: 'load'; source: string}
	| {kind: 'login'; server?: string; username?: string}
	| {kind: 'logout'; server?: string}
	/** Images of the store loaded into an engine; `engine`: how docker reaches it (`docker -H …`). */
	| {kind: 'send'; targets: string[]; engine: string}
	/** `dockyard copy`: `source` and `destination` as typed, in skopeo's names (`docker://R`, `oci:DIR`, `dockyard:R`, …). */
	| {kind: 'copy'; source: string; destination: string; all?: boolean; platform?: string}
	/** What was done, as it happens: the journal's twin. */
	| {kind: 'events'};

/**
 * The PowerShell side: the commands (and, when part of the action has none, a
 * note saying which), or the reason there is no equivalent at all.
 */
export type PowerShellEquivalent = {commands: string[]; note?: string} | {none: string};

export type Equivalents = {
	docker: string[];
	powershell: PowerShellEquivalent;
};

/** How an action ended: a refused one is taught without `-Force`, which would not have changed the answer. */
export type TeachOutcome = 'done' | 'refused' | 'error';

/** Why PowerShell has no equivalent, in words a student can read beside the docker line. */
export const noPowershell = {
	tags: 'no PowerShell equivalent: PowerShell images have a Name, Publisher and Version, not tags',
	untag: 'no PowerShell equivalent: only a tag goes, the image stays under its other tags, and PowerShell images have no tags (Remove-ContainerImage would delete the whole image)',
	search: 'no PowerShell equivalent: Find-ContainerImage lists only the base OS images, it does not search the hub',
	pull: 'no PowerShell equivalent: Install-ContainerImage installs only base OS images; a hub image comes with docker pull',
	registry: 'no PowerShell equivalent: the Containers module has no registry cmdlets (no push, login or logout)',
	send: 'no PowerShell equivalent: the Containers module has no engine to send images to',
	events: 'no PowerShell equivalent: the Containers module keeps no record of what was done',
	copy: 'no PowerShell equivalent: PowerShell copies a file only into a running container, through a session (Copy-Item -ToSession (New-PSSession -ContainerId ID -RunAsAdministrator)); dockyard adds it to the layer of a created container',
	untaggedCommit: 'no PowerShell equivalent: New-ContainerImage always names the image (-Name, -Publisher and -Version are required); this commit made an untagged image',
	unnamed: 'no PowerShell equivalent: this image has no PowerShell Name that picks it out alone',
	prune: 'no PowerShell equivalent: the Containers module does not collect unused images',
	own: 'no PowerShell equivalent: this is dockyard\'s own',
	changes: 'no PowerShell equivalent: the Containers module does not list the files a container changed',
	platforms: 'no PowerShell equivalent: the Containers module holds one platform of an image, not an index of them',
	stdin: 'no PowerShell equivalent: Import-ContainerImage reads a file (-Path), not standard input',
	ociLayouts: 'no PowerShell equivalent: the Containers module neither reads nor writes OCI layouts or OCI archives (Export-ContainerImage writes its own image file)',
	fileToFile: 'no PowerShell equivalent: the Containers module moves an image between its store and a file (Export-ContainerImage, Import-ContainerImage), not from one file to another',
	places: 'no PowerShell equivalent: this names no place an image can be copied from or to',
} as const;

/** `--platform P ` of the verbs that act on one platform of an index, or nothing. */
function platformFlag(platform: string | undefined): string {
	return platform ? `--platform ${arg(platform)} ` : '';
}

/** Quotes an argument for a shell only when it needs it. */
function arg(value: string): string {
	return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

function psArg(value: string): string {
	return /^[\w.:-]+$/.test(value) ? value : `'${value.replaceAll('\'', '\'\'')}'`;
}

function commands(...lines: string[]): PowerShellEquivalent {
	return {commands: lines};
}

function none(reason: string): PowerShellEquivalent {
	return {none: reason};
}

/** `-Name N -Version V`: Get-ContainerImage's own parameters, so that one version of a Name is picked, not all of them. */
function psImageArgs(image: PsImage): string {
	return `-Name ${psArg(image.name)}${image.version ? ` -Version ${psArg(image.version)}` : ''}`;
}

/**
 * How the user reaches the backend with docker: `docker` for the store;
 * `docker -H unix:///…` or `docker --context NAME` for an engine.
 */
export type TeachContext = {docker: string};

export const storeTeaching: TeachContext = {docker: 'docker'};

/** The equivalents of an action; docker lines typed as the user would against that backend. */
export function teach(action: Action, context?: TeachContext, outcome: TeachOutcome = 'done'): Equivalents {
	const equivalents = outcome === 'refused' ? asRefused(equivalentsOf(action)) : equivalentsOf(action);
	return context ? inContext(equivalents, context) : equivalents;
}

/** docker lines given the backend's own prefix; a line that has it already is left alone. */
export function inContext(equivalents: Equivalents, context: TeachContext): Equivalents {
	if (context.docker === 'docker') {
		return equivalents;
	}

	return {
		...equivalents,
		docker: equivalents.docker.map(line => line.startsWith('docker ') && !line.startsWith(`${context.docker} `) ? `${context.docker} ${line.slice('docker '.length)}` : line),
	};
}

/**
 * A refused action is taught as the attempt the student made, unchanged. In
 * particular `Remove-ContainerImage -Force` keeps its `-Force`: that switch
 * only skips PowerShell's "are you sure" (the seed's guide always types it),
 * it never overrides a dependency, so the refused line is the guide's own.
 * (docker's `-f` is left out by the caller, which teaches the plain attempt.)
 */
export function asRefused(equivalents: Equivalents): Equivalents {
	return equivalents;
}

/** The PowerShell commands alone (none when there is no equivalent). */
export function powershellCommands(equivalents: Pick<Equivalents, 'powershell'>): string[] {
	return 'commands' in equivalents.powershell ? equivalents.powershell.commands : [];
}

/** The reason PowerShell has no equivalent, or the note on the part that has none; undefined when the commands say it all. */
export function powershellReason(equivalents: Pick<Equivalents, 'powershell'>): string | undefined {
	return 'none' in equivalents.powershell ? equivalents.powershell.none : equivalents.powershell.note;
}

/** The PowerShell side as the teaching lines show it: `PS> command` each, then the reason or note, in words. */
export function powershellShown(equivalents: Pick<Equivalents, 'powershell'>): string[] {
	const reason = powershellReason(equivalents);
	return [...powershellCommands(equivalents).map(command => `PS> ${command}`), ...(reason ? [`PS: ${reason}`] : [])];
}

function equivalentsOf(action: Action): Equivalents {
	switch (action.kind) {
		case 'images': {
			return action.tree ? {docker: ['docker image ls --tree'], powershell: none(noPowershell.platforms)} : {docker: ['docker images'], powershell: commands('Get-ContainerImage')};
		}

		case 'search': {
			return {docker: [`docker search ${arg(action.term || '*')}`], powershell: none(noPowershell.search)};
		}

		case 'pull': {
			return {docker: [`docker pull ${platformFlag(action.platform)}${arg(action.reference)}`], powershell: none(action.platform ? noPowershell.platforms : noPowershell.pull)};
		}

		case 'push': {
			return {docker: [`docker push ${arg(action.reference)}`], powershell: none(noPowershell.registry)};
		}

		case 'os-find': {
			return {docker: ['docker search windowsservercore'], powershell: commands('Install-PackageProvider ContainerProvider -Force', 'Find-ContainerImage')};
		}

		case 'os-install': {
			const version = action.version ? ` -Version ${psArg(action.version)}` : '';
			return {
				docker: [`docker pull ${arg(`${action.repository}${action.version ? `:${action.version}` : ''}`)}`],
				powershell: commands(`Install-ContainerImage -Name ${psArg(action.name)}${version}`),
			};
		}

		case 'create': {
			const name = action.name ? ` --name ${arg(action.name)}` : '';
			const psName = action.name ? `-Name ${psArg(action.name)} ` : '';
			const psImage = action.psImage ?? familiarRepository(action.image);
			const version = action.psVersion ? ` -ContainerImageVersion ${psArg(action.psVersion)}` : '';
			return {
				docker: [`docker create${name} ${arg(action.image)}`],
				powershell: psImage ? commands(`New-Container ${psName}-ContainerImageName ${psArg(psImage)}${version}`) : none(noPowershell.unnamed),
			};
		}

		case 'ps': {
			return {docker: ['docker ps -a'], powershell: commands('Get-Container')};
		}

		case 'cp': {
			return {docker: [`docker cp ${arg(action.source)} ${arg(`${action.container}:${action.destination}`)}`], powershell: none(noPowershell.copy)};
		}

		case 'rm': {
			return {docker: [`docker rm ${arg(action.container)}`], powershell: commands(`Remove-Container -Name ${psArg(action.psContainer ?? action.container)} -Force`)};
		}

		case 'commit': {
			const repository = action.repository ? ` ${arg(action.repository)}` : '';
			const docker = [`docker commit ${arg(action.container)}${repository}`];
			const name = action.psName ?? (action.repository ? familiarRepository(action.repository) : undefined);
			if (!name) {
				return {docker, powershell: none(noPowershell.untaggedCommit)};
			}

			const line = `New-ContainerImage -ContainerName ${psArg(action.psContainer ?? action.container)} -Name ${psArg(name)} -Publisher ${psArg(action.publisher ?? 'Demo')} -Version ${psArg(action.version ?? '1.0')}`;
			// docker commit sets no publisher or version; New-ContainerImage cannot leave them out.
			return {docker, powershell: action.publisher ? commands(line) : {commands: [line], note: 'New-ContainerImage requires -Publisher and -Version; docker commit gives the image neither'}};
		}

		case 'tag': {
			return {docker: [`docker tag ${arg(action.source)} ${arg(action.target)}`], powershell: none(noPowershell.tags)};
		}

		case 'untag': {
			return {docker: [`docker rmi ${arg(action.reference)}`, `podman untag ${arg(action.reference)}`], powershell: none(noPowershell.tags)};
		}

		case 'rmi': {
			return rmiEquivalents(action);
		}

		case 'history': {
			return {
				docker: [`docker history ${platformFlag(action.platform)}${arg(action.target)}`],
				powershell: {commands: ['Get-ContainerImage | select Name, ParentImage'], note: 'PowerShell has no layer history: ParentImage is the parent chain, one image at a time'},
			};
		}

		case 'tree': {
			const children = action.psName ? [`Get-ContainerImage -ChildOf (Get-ContainerImage -Name ${psArg(action.psName)})`] : [];
			return {
				docker: [`docker history ${arg(action.target)}`, `docker ps -a --filter ancestor=${arg(action.target)}`],
				powershell: commands('Get-ContainerImage | select Name, ParentImage', ...children),
			};
		}

		case 'inspect': {
			return {
				docker: [`docker inspect ${arg(action.target)}`],
				powershell: commands(`Get-ContainerImage -Name ${psArg(action.psName ?? familiarRepository(action.target) ?? action.target)} | Format-List *`),
			};
		}

		case 'save': {
			const images = action.images ?? [];
			return {
				docker: [`docker save ${platformFlag(action.platform)}-o ${arg(action.file)} ${action.targets.map(target => arg(target)).join(' ')}`],
				// Export-ContainerImage copies an image out of the store; one file per image.
				powershell: images.length === action.targets.length && images.length === 1
					? commands(`Export-ContainerImage ${psImageArgs(images[0]!)} -Path ${psArg(action.file)}`)
					: images.length > 0 ? {commands: images.map(image => `Export-ContainerImage ${psImageArgs(image)} -Path ${psArg(`${image.name}.tar`)}`), note: 'Export-ContainerImage writes one image per file'} : none(noPowershell.unnamed),
			};
		}

		case 'prune': {
			return {docker: ['docker image prune'], powershell: none(noPowershell.prune)};
		}

		case 'fsck': {
			return {docker: [], powershell: none(noPowershell.own)};
		}

		case 'diff': {
			return {docker: [`docker diff ${arg(action.container)}`], powershell: none(noPowershell.changes)};
		}

		// dive and `docker scout compare` are other tools, not docker's own commands.
		case 'analyze':
		case 'compare':
		case 'outdated': {
			return {docker: [], powershell: none(noPowershell.own)};
		}

		case 'load': {
			if (action.source === 'from stdin') {
				return {docker: ['docker load'], powershell: none(noPowershell.stdin)};
			}

			return {docker: [`docker load -i ${arg(action.source)}`], powershell: commands(`Import-ContainerImage -Path ${psArg(action.source)}`)};
		}

		// The Windows Containers PowerShell module has no cmdlet for registry credentials: docker login is what Windows users ran too.
		case 'login': {
			const server = action.server ? ` ${arg(action.server)}` : '';
			const user = action.username ? ` -u ${arg(action.username)}` : '';
			return {docker: [`docker login${server}${user} --password-stdin`], powershell: none(noPowershell.registry)};
		}

		case 'send': {
			return {docker: [`docker save ${action.targets.map(target => arg(target)).join(' ')} | ${action.engine} load`], powershell: none(noPowershell.send)};
		}

		case 'events': {
			return {docker: ['docker events'], powershell: none(noPowershell.events)};
		}

		case 'copy': {
			return copyEquivalents(action);
		}

		case 'logout': {
			return {docker: [`docker logout${action.server ? ` ${arg(action.server)}` : ''}`], powershell: none(noPowershell.registry)};
		}
	}
}

/**
 * One docker rmi for every target; for PowerShell, a Remove-ContainerImage
 * only for the images that go, named by Name and Version. A tag that goes
 * while its image keeps others has no PowerShell twin: never the image's removal.
 */
function rmiEquivalents(action: Extract<Action, {kind: 'rmi'}>): Equivalents {
	const targets = [action.target, ...(action.more ?? [])];
	const docker = [`docker rmi ${action.force ? '-f ' : ''}${platformFlag(action.platform)}${targets.map(target => arg(target)).join(' ')}`];
	if (action.platform) {
		return {docker, powershell: none(noPowershell.platforms)};
	}

	const effects: RemovalEffect[] = action.effects ?? targets.map((target, index) => {
		const name = index === 0 ? action.psName ?? familiarRepository(target) : familiarRepository(target);
		return {kind: 'delete', image: name ? {name} : undefined};
	});
	const lines: string[] = [];
	const without: string[] = [];
	for (const [index, effect] of effects.entries()) {
		if (effect.kind === 'delete' && effect.image) {
			lines.push(`Get-ContainerImage ${psImageArgs(effect.image)} | Remove-ContainerImage -Force`);
		} else {
			without.push(targets[index] ?? '');
		}
	}

	const uniqueLines = [...new Set(lines)];
	if (uniqueLines.length === 0) {
		return {docker, powershell: none(effects.every(effect => effect.kind === 'untag') ? noPowershell.untag : noPowershell.unnamed)};
	}

	return {docker, powershell: without.length === 0 ? commands(...uniqueLines) : {commands: uniqueLines, note: `${without.join(', ')}: ${effects.some(effect => effect.kind === 'untag') ? noPowershell.untag : noPowershell.unnamed}`}};
}

/** A place of a copy, or undefined when the text names none (a prompt's half-typed answer). */
function placeOf(text: string): Place | undefined {
	try {
		return parsePlace(text);
	} catch {
		return undefined;
	}
}

type Local = Extract<Place, {kind: 'dockyard'}> | Extract<Place, {kind: 'docker-daemon'}>;

/** An image in the store or the engine: what docker holds in its own image store. */
function isLocal(place: Place): place is Local {
	return place.kind === 'dockyard' || place.kind === 'docker-daemon';
}

/** `docker tag FROM TO`, unless the image already has that name. */
function retag(from: string, to: string): string[] {
	return from === to ? [] : [`docker tag ${arg(from)} ${arg(to)}`];
}

/**
 * The same move as a docker user types it: the image brought into docker's
 * own store (pulled, loaded, or there already), then taken out to the
 * destination (tagged and pushed, saved); a registry to a registry without
 * pulling; the store and an engine as `send` teaches it. `oci:` is a
 * directory docker cannot read or write: said so, as a shell comment.
 * skopeo's own line beside it whenever dockyard's store is not one end.
 */
function copyEquivalents(action: Extract<Action, {kind: 'copy'}>): Equivalents {
	const from = placeOf(action.source);
	const to = placeOf(action.destination);
	if (!from || !to) {
		return {docker: [], powershell: none(noPowershell.places)};
	}

	// skopeo names no platform of a docker-daemon: source (the engine saves what it holds): no line for one platform.
	const skopeo = from.kind === 'dockyard' || to.kind === 'dockyard' || action.platform ? [] : [`skopeo copy ${action.all ? '--all ' : ''}${arg(action.source)} ${arg(action.destination)}`];
	return {docker: [...dockerCopy(from, to, platformFlag(action.platform)), ...skopeo], powershell: action.platform ? none(noPowershell.platforms) : powershellCopy(from, to)};
}

/** `platform`: `--platform P ` (or nothing), for a copy of one platform of an index, as save, push and pull take it. */
function dockerCopy(from: Place, to: Place, platform: string): string[] {
	if (from.kind === 'oci' || to.kind === 'oci') {
		return ['# docker has no equivalent: it reads and writes no OCI layout directory (oci:), only its engine\'s images, registries and tar archives'];
	}

	if (from.kind === 'docker' && to.kind === 'docker') {
		// Manifests and blobs go registry to registry, nothing pulled: the digests stay the source's.
		return [`docker buildx imagetools create --tag ${arg(to.reference)} ${arg(from.reference)}`];
	}

	if (isLocal(from) && isLocal(to) && from.kind !== to.kind) {
		return [`docker save ${platform}${arg(from.reference)} | docker load`, ...retag(from.reference, to.reference)];
	}

	let name: string;
	const into: string[] = [];
	if (isLocal(from)) {
		name = from.reference;
	} else if (from.kind === 'docker') {
		name = from.reference;
		into.push(`docker pull ${platform}${arg(name)}`);
	} else {
		// The name docker load prints is the archive's own; without a ref there is no telling it here.
		name = from.ref ?? 'IMAGE';
		into.push(`docker load -i ${arg(from.path)}`);
	}

	switch (to.kind) {
		case 'docker': {
			return [...into, ...retag(name, to.reference), `docker push ${platform}${arg(to.reference)}`];
		}

		case 'docker-archive': {
			const named = to.ref ?? name;
			return [...into, ...retag(name, named), `docker save ${platform}-o ${arg(to.path)} ${arg(named)}`];
		}

		// docker 25 and later write an OCI layout (index.json, oci-layout) in every save: the archive is an oci-archive too.
		case 'oci-archive': {
			return [...into, `docker save ${platform}-o ${arg(to.path)} ${arg(name)}`];
		}

		default: {
			return [...into, ...retag(name, to.reference)];
		}
	}
}

/** Export-ContainerImage and Import-ContainerImage where they do the same move: an image of the store to a file under its own name, and back. */
function powershellCopy(from: Place, to: Place): PowerShellEquivalent {
	if (from.kind === 'docker' || to.kind === 'docker') {
		return none(noPowershell.registry);
	}

	if (from.kind === 'oci' || from.kind === 'oci-archive' || to.kind === 'oci' || to.kind === 'oci-archive') {
		return none(noPowershell.ociLayouts);
	}

	if (isLocal(from) && isLocal(to)) {
		return none(from.kind === to.kind ? noPowershell.tags : noPowershell.send);
	}

	if (isLocal(from) && to.kind === 'docker-archive') {
		const name = familiarRepository(from.reference);
		if (!name) {
			return none(noPowershell.unnamed);
		}

		return to.ref === undefined || to.ref === from.reference ? commands(`Export-ContainerImage -Name ${psArg(name)} -Path ${psArg(to.path)}`) : none(noPowershell.tags);
	}

	if (from.kind === 'docker-archive' && isLocal(to)) {
		// Import-ContainerImage names the image as the file does: a copy under another name has no twin.
		return from.ref === to.reference ? commands(`Import-ContainerImage -Path ${psArg(from.path)}`) : none(noPowershell.tags);
	}

	return none(noPowershell.fileToFile);
}

/** `team/app` of `team/app:v1` or `team/app@sha256:…`; undefined for an image id. */
function familiarRepository(reference: string): string | undefined {
	if (/^(sha256:)?[\da-f]{12,64}$/.test(reference)) {
		return undefined;
	}

	const withoutDigest = reference.split('@')[0]!;
	const slash = withoutDigest.lastIndexOf('/');
	const colon = withoutDigest.lastIndexOf(':');
	return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** One line for the teaching bar: `docker … · PS> …`. */
export function teachingLine(equivalents: Equivalents): string {
	const parts = [...equivalents.docker.map(command => `$ ${command}`), ...powershellShown(equivalents)];
	return parts.join('   ');
}
