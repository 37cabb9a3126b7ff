import {hubLabels, readSettings, writeSettings, type Settings} from '../core/settings.js';

/**
 * The Hub pane's H: offline catalog ↔ Docker Hub, kept in settings.json as
 * `dockyard hub …` keeps it. A `--hub` given when the TUI started held until
 * now; from here on the setting rules.
 */
export function switchHub(home: string, environment: NodeJS.ProcessEnv = process.env): {hub: Settings['hub']; label: string; command: string} {
	const hub = readSettings(home, environment).hub === 'offline' ? 'dockerhub' : 'offline';
	writeSettings(home, {hub});
	delete environment['DOCKYARD_HUB'];
	return {hub, label: hubLabels[hub], command: `dockyard hub ${hub}`};
}
