/**
 * The docker and PowerShell commands that do what a dockyard action does, so a
 * student can put dockyard beside either tool. PowerShell names follow the
 * Windows Containers cmdlets of the seed (Windows Server 2016 TP4).
 */
export type Action =
	| {kind: 'images'}
	| {kind: 'search'; term: string}
	| {kind: 'pull'; reference: string}
	| {kind: 'push'; reference: string}
	| {kind: 'os-find'}
	| {kind: 'os-install'; name: string; version?: string; repository: string}
	| {kind: 'create'; image: string; name?: string; psImage?: string}
	| {kind: 'ps'}
	| {kind: 'cp'; source: string; container: string; destination: string}
	| {kind: 'rm'; container: string}
	| {kind: 'commit'; container: string; repository?: string; publisher?: string; psName?: string; version?: string}
	| {kind: 'tag'; source: string; target: string}
	| {kind: 'untag'; reference: string}
	/** `more`: the further targets of one removal of several images (one docker rmi names them all). */
	| {kind: 'rmi'; target: string; more?: string[]; force?: boolean; psName?: string}
	| {kind: 'history'; target: string; psName?: string}
	| {kind: 'tree'; target: string; psName?: string}
	| {kind: 'inspect'; target: string; psName?: string}
	| {kind: 'prune'}
	| {kind: 'fsck'}
	| {kind: 'load'; source: string}
	| {kind: 'login'; server?: string; username?: string}
	| {kind: 'logout'; server?: string};

export type Equivalents = {
	docker: string[];
	powershell: string[];
};

/** Quotes an argument for a shell only when it needs it. */
function arg(value: string): string {
	return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

function psArg(value: string): string {
	return /^[\w.:-]+$/.test(value) ? value : `'${value.replaceAll('\'', '\'\'')}'`;
}

/**
 * How the user reaches the backend with docker: `docker` for the store;
 * `docker -H unix:///…` or `docker --context NAME` for an engine.
 */
export type TeachContext = {docker: string};

export const storeTeaching: TeachContext = {docker: 'docker'};

/** The equivalents of an action; docker lines typed as the user would against that backend. */
export function teach(action: Action, context?: TeachContext): Equivalents {
	const equivalents = equivalentsOf(action);
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

function equivalentsOf(action: Action): Equivalents {
	switch (action.kind) {
		case 'images': {
			return {docker: ['docker images'], powershell: ['Get-ContainerImage']};
		}

		case 'search': {
			return {docker: [`docker search ${arg(action.term || '*')}`], powershell: []};
		}

		case 'pull': {
			return {docker: [`docker pull ${arg(action.reference)}`], powershell: []};
		}

		case 'push': {
			return {docker: [`docker push ${arg(action.reference)}`], powershell: ['(no cmdlet: the ContainerImage module has none; use docker push)']};
		}

		case 'os-find': {
			return {docker: ['docker search windowsservercore'], powershell: ['Install-PackageProvider ContainerProvider -Force', 'Find-ContainerImage']};
		}

		case 'os-install': {
			const version = action.version ? ` -Version ${psArg(action.version)}` : '';
			return {
				docker: [`docker pull ${action.repository}${action.version ? `:${action.version}` : ''}`],
				powershell: [`Install-ContainerImage -Name ${psArg(action.name)}${version}`],
			};
		}

		case 'create': {
			const name = action.name ? ` --name ${arg(action.name)}` : '';
			const psName = action.name ? `-Name ${psArg(action.name)} ` : '';
			return {
				docker: [`docker create${name} ${arg(action.image)}`],
				powershell: [`New-Container ${psName}-ContainerImageName ${psArg(action.psImage ?? action.image)}`],
			};
		}

		case 'ps': {
			return {docker: ['docker ps -a'], powershell: ['Get-Container']};
		}

		case 'cp': {
			return {
				docker: [`docker cp ${arg(action.source)} ${arg(`${action.container}:${action.destination}`)}`],
				powershell: [`Copy-Item -ToSession (New-PSSession -ContainerName ${psArg(action.container)}) -Path ${psArg(action.source)} -Destination ${psArg(action.destination)}`],
			};
		}

		case 'rm': {
			return {docker: [`docker rm ${arg(action.container)}`], powershell: [`Remove-Container -Name ${psArg(action.container)} -Force`]};
		}

		case 'commit': {
			const repository = action.repository ? ` ${arg(action.repository)}` : '';
			const publisher = psArg(action.publisher ?? 'Demo');
			const name = psArg(action.psName ?? action.repository?.split(':')[0] ?? 'NewImage');
			return {
				docker: [`docker commit ${arg(action.container)}${repository}`],
				powershell: [`New-ContainerImage -Container (Get-Container ${psArg(action.container)}) -Publisher ${publisher} -Name ${name} -Version ${psArg(action.version ?? '1.0')}`],
			};
		}

		case 'tag': {
			return {docker: [`docker tag ${arg(action.source)} ${arg(action.target)}`], powershell: []};
		}

		case 'untag': {
			return {docker: [`docker rmi ${arg(action.reference)}`, `podman untag ${arg(action.reference)}`], powershell: []};
		}

		case 'rmi': {
			const more = action.more ?? [];
			return {
				docker: [`docker rmi ${action.force ? '-f ' : ''}${[action.target, ...more].map(target => arg(target)).join(' ')}`],
				powershell: [
					`Get-ContainerImage -Name ${psArg(action.psName ?? action.target)} | Remove-ContainerImage -Force`,
					...more.map(target => `Get-ContainerImage -Name ${psArg(target)} | Remove-ContainerImage -Force`),
				],
			};
		}

		case 'history': {
			return {
				docker: [`docker history ${arg(action.target)}`],
				powershell: ['Get-ContainerImage | select Name, ParentImage'],
			};
		}

		case 'tree': {
			return {
				docker: [`docker history ${arg(action.target)}`, `docker ps -a --filter ancestor=${arg(action.target)}`],
				powershell: ['Get-ContainerImage | select Name, ParentImage'],
			};
		}

		case 'inspect': {
			return {
				docker: [`docker inspect ${arg(action.target)}`],
				powershell: [`Get-ContainerImage -Name ${psArg(action.psName ?? action.target)} | Format-List *`],
			};
		}

		case 'prune': {
			return {docker: ['docker image prune'], powershell: []};
		}

		case 'fsck': {
			return {docker: [], powershell: []};
		}

		case 'load': {
			return {docker: [`docker load -i ${action.source}`], powershell: [`Import-ContainerImage -Path ${action.source}`]};
		}

		// The Windows Containers PowerShell module has no cmdlet for registry credentials: docker login is what Windows users ran too.
		case 'login': {
			const server = action.server ? ` ${arg(action.server)}` : '';
			const user = action.username ? ` -u ${arg(action.username)}` : '';
			return {docker: [`docker login${server}${user} --password-stdin`], powershell: ['(no cmdlet: the ContainerImage module has none; use docker login)']};
		}

		case 'logout': {
			return {docker: [`docker logout${action.server ? ` ${arg(action.server)}` : ''}`], powershell: ['(no cmdlet: the ContainerImage module has none; use docker logout)']};
		}
	}
}

/** One line for the teaching bar: `docker … · PS> …`. */
export function teachingLine(equivalents: Equivalents): string {
	const parts = [...equivalents.docker.map(command => `$ ${command}`), ...equivalents.powershell.map(command => `PS> ${command}`)];
	return parts.join('   ');
}
