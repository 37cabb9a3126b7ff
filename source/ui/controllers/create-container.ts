import {powershellNameOf} from '../../core/backend/powershell-identity.js';
import type {Context} from './context.js';

/** `docker create` from an image: c on Local images, and n's prompt in Containers. */
export function createContainer(context: Context, image: string): void {
	const {backend, teach} = context;
	void context.run(`docker create ${image}`, async () => {
		const container = await backend.createContainer(image);
		const made = (await backend.snapshot()).byId(container.image);
		const psImage = made ? powershellNameOf(made) : undefined;
		return {ok: true, summary: `Created container ${container.name} (${container.id.slice(0, 12)}) from ${image}`, equivalents: teach({kind: 'create', image, psImage, psVersion: made?.version})};
	}, undefined, teach({kind: 'create', image}));
}
