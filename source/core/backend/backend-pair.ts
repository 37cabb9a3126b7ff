/**
 * The backends the TUI can stand on: the one the CLI's selection chooses
 * (open-backend.ts, the same function the verbs use), and the other side of
 * the store ↔ engine switch when there is one. With the store chosen, the
 * engine is the one DOCKER_HOST, DOCKER_CONTEXT, docker's currentContext or
 * the engine setting names (a `-H dockyard` flag may have set them aside);
 * with nothing of the kind set there is no engine, and the TUI hides its keys.
 */
import type {EngineFlags} from '../engine/host.js';
import type {SendOptions} from '../engine/load-from-store.js';
import {storeHome} from '../store/home.js';
import type {Backend} from './backend.js';
import {chooseBackend, engineBackendFor, type BackendChoice} from './open-backend.js';
import {openStoreBackend} from './store-backend.js';

/** Store images into the engine, as `docker save … | docker … load`. */
export type SendToEngine = {
	/** The backend the images are sent from (the store). */
	from: Backend;
	/** The docker command that loads into the engine (`docker -H …`, `docker --context …`, `docker`). */
	docker: string;
	/** The names the engine says it loaded. */
	run: (targets: string[], options?: SendOptions) => Promise<string[]>;
};

export type BackendPair = {
	/** Where the TUI starts: what the CLI's selection chose. */
	backend: Backend;
	/** The other side of the switch key, when there is one. */
	other?: Backend;
	/** Store → engine, when there are both. */
	send?: SendToEngine;
};

/** The engine's code is loaded only when there is an engine, and the sending code when something is sent. */
export async function backendPair(flags: EngineFlags, environment: NodeJS.ProcessEnv): Promise<BackendPair> {
	const chosen = chooseBackend(flags, environment);
	const engineChoice = chosen.kind === 'engine' ? chosen : engineBesides(flags, environment);
	const storeBackend = openStoreBackend({home: storeHome(environment)}, environment);
	if (!engineChoice || engineChoice.kind !== 'engine') {
		return {backend: storeBackend};
	}

	const engine = await engineBackendFor(engineChoice, environment);
	const send: SendToEngine = {
		from: storeBackend,
		docker: engineChoice.dockerPrefix,
		// The `send` verb's own path: every name checked in the store before the engine is asked.
		async run(targets, options) {
			const {sendFromDefaultStore} = await import('../engine/load-from-store.js');
			return (await sendFromDefaultStore(async () => engine.client(), targets, environment, options)).loaded;
		},
	};
	return chosen.kind === 'engine' ? {backend: engine, other: storeBackend, send} : {backend: storeBackend, other: engine, send};
}

/** The engine the environment or the settings name, when a flag chose the store; none when they name none (or name it badly). */
function engineBesides(flags: EngineFlags, environment: NodeJS.ProcessEnv): BackendChoice | undefined {
	if (flags.host === undefined && flags.context === undefined) {
		return undefined;
	}

	try {
		return chooseBackend({}, environment);
	} catch {
		// A broken DOCKER_CONTEXT is the CLI's to report when it is used; here it only means no switch.
		return undefined;
	}
}
