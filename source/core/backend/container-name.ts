import type {Snapshot} from './snapshot.js';
import {powershellNameOf} from './powershell-identity.js';

/**
 * The name dockyard gives a container it creates without being told one
 * (the TUI's c): the image's PowerShell Name and the first free number,
 * `iis-1`, so that the docker line (`docker create --name iis-1 …`) and the
 * PowerShell line (`New-Container -Name iis-1 …`) name the container the
 * user then sees, never a random name no line gave it.
 */
export function containerNameFor(snapshot: Pick<Snapshot, 'containers'>, image: Parameters<typeof powershellNameOf>[0]): string {
	// docker's names: [a-zA-Z0-9][a-zA-Z0-9_.-]*; a repository's slashes become dashes.
	const stem = (powershellNameOf(image) ?? 'container').toLowerCase().replaceAll(/[^a-z\d_.-]+/g, '-').replace(/^[^a-z\d]+/, '') || 'container';
	const taken = new Set(snapshot.containers.map(container => container.name));
	for (let number = 1; ; number++) {
		const name = `${stem}-${number}`;
		if (!taken.has(name)) {
			return name;
		}
	}
}
