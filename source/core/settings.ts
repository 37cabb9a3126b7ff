import Conf from 'conf';

/** User settings, kept with conf beside the index (`settings.json`). */
export type Settings = {
	/** Where docker.io names go: the bundled offline catalog, or Docker Hub itself. */
	hub: 'offline' | 'dockerhub';
	/** Registries reached over plain http besides loopback ones, e.g. "registry.lan:5000". */
	insecureRegistries: string[];
	/** Layers downloaded at once during a pull. */
	concurrency: number;
};

export const defaultSettings: Settings = {
	hub: 'offline',
	insecureRegistries: [],
	concurrency: 4,
};

function settingsConf(home: string): Conf<Settings> {
	return new Conf<Settings>({
		cwd: home,
		configName: 'settings',
		defaults: defaultSettings,
		projectName: 'dockyard',
	});
}

export function readSettings(home: string): Settings {
	return {...defaultSettings, ...settingsConf(home).store};
}

export function writeSettings(home: string, changes: Partial<Settings>): Settings {
	const conf = settingsConf(home);
	conf.set({...conf.store, ...changes});
	return {...defaultSettings, ...conf.store};
}
