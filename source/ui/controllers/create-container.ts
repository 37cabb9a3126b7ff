import {containerNameFor} from '../../core/backend/container-name.js';
import {powershellNameOf} from '../../core/backend/powershell-identity.js';
import type {Snapshot} from '../../core/backend/snapshot.js';
import type {Action as TeachAction} from '../../core/teach.js';
import type {Context} from './context.js';

/** `docker create` from an image: c on Local images, and n's prompt in Containers. */
export function createContainer(context: Context, image: string): void {
	const {backend, teach} = context;
	// Named by dockyard (iis-1), so the docker and PowerShell lines name the container the pane then lists.
	const snapshot = context.derived().view;
	const from = resolves(snapshot, image);
	const name = snapshot && from ? containerNameFor(snapshot, from) : undefined;
	const action: TeachAction = {kind: 'create', image, name, psImage: from ? powershellNameOf(from) : undefined, psVersion: from?.version};
	void context.run(teach(action).docker[0]!, async () => {
		const container = await backend.createContainer(image, {name});
		return {ok: true, summary: `Created container ${container.name} (${container.id.slice(0, 12)}) from ${image}`, equivalents: teach({...action, name: container.name})};
	}, undefined, teach(action));
}

/** The image a target names in this snapshot, or nothing (then the backend says why). */
function resolves(snapshot: Snapshot | undefined, target: string): ReturnType<Snapshot['image']> | undefined {
	try {
		return snapshot?.image(target);
	} catch {
		return undefined;
	}
}
