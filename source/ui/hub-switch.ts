import type {Capabilities} from '../core/backend/backend.js';
import {hubLabels, type Settings} from '../core/settings.js';

/**
 * The Hub pane's H: offline catalog ↔ Docker Hub, kept in the store's
 * settings as `dockyard hub …` keeps them. A `--hub` given when the TUI
 * started held until now; from here on the setting rules.
 */
export function switchHub(settings: NonNullable<Capabilities['settings']>, environment: NodeJS.ProcessEnv = process.env): {hub: Settings['hub']; label: string; command: string} {
	const hub = settings.read(environment).hub === 'offline' ? 'dockerhub' : 'offline';
	settings.write({hub});
	delete environment['DOCKYARD_HUB'];
	return {hub, label: hubLabels[hub], command: `dockyard hub ${hub}`};
}
