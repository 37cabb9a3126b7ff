import path from 'node:path';
import {fsProblem, isErrno} from './fs-errors.js';
import {isJsonObject, readJsonFile, writeJsonFile} from './json-file.js';
import {StoreError, UsageError} from './errors.js';
import {storeHome} from './store/home.js';

/** User settings, kept with conf beside the index (`settings.json`). */
export type Settings = {
	/** Where docker.io names go: the bundled offline catalog, or Docker Hub itself. */
	hub: 'offline' | 'dockerhub';
	/** Registries reached over plain http besides loopback ones, e.g. "registry.lan:5000". */
	insecureRegistries: string[];
	/** Layers downloaded at once during a pull. */
	concurrency: number;
	/** The backend when no -H, --context, DOCKER_HOST, DOCKER_CONTEXT or docker context says: a host, a context name, or `dockyard` (the store). */
	engine?: string;
	/** The TUI: mouse reporting (on unless false). */
	mouse?: boolean;
	/** The TUI's colours: `light` or `dark` (else a guess from COLORFGBG). */
	theme?: string;
};

export const defaultSettings: Settings = {
	hub: 'offline',
	insecureRegistries: [],
	concurrency: 4,
};

export const hubChoices = ['offline', 'dockerhub'] as const;

/** What the Hub pane and `search` call each hub. */
export const hubLabels: Record<Settings['hub'], string> = {
	offline: 'offline catalog',
	dockerhub: 'docker.io',
};

/** `--hub` and `DOCKYARD_HUB` accept only these; anything else is wrong usage. */
export function parseHubChoice(value: string, what = '--hub'): Settings['hub'] {
	if ((hubChoices as readonly string[]).includes(value)) {
		return value as Settings['hub'];
	}

	throw new UsageError(`invalid value "${value}" for ${what}: use offline or dockerhub`);
}

/** What settings.json holds (undefined when there is none). Not JSON: say which file, and leave it as it is. */
function storedSettings(home: string): Partial<Settings> | undefined {
	const file = path.join(home, 'settings.json');
	let stored: unknown;
	try {
		stored = readJsonFile(file);
	} catch (error) {
		if (isErrno(error)) {
			throw new StoreError(`${file} cannot be read or created: ${fsProblem(error)}`);
		}

		throw new StoreError(`${file} cannot be read (${String((error as Error).message).split('\n')[0]}); fix or remove it — it was left as it is`);
	}

	if (stored !== undefined && !isJsonObject(stored)) {
		throw new StoreError(`${file} cannot be read (it is not a JSON object); fix or remove it — it was left as it is`);
	}

	return stored as Partial<Settings> | undefined;
}

/** The settings; `DOCKYARD_HUB` (what the global `--hub` flag sets) overrides the hub for one command. */
export function readSettings(home: string, environment: NodeJS.ProcessEnv = process.env): Settings {
	// No file yet: the defaults, without creating one (a read-only store still reads).
	const settings = {...defaultSettings, ...storedSettings(home)};
	const hub = environment['DOCKYARD_HUB'];
	return hub ? {...settings, hub: parseHubChoice(hub, 'DOCKYARD_HUB')} : settings;
}

export function writeSettings(home: string, changes: Partial<Settings>): Settings {
	const settings = {...defaultSettings, ...storedSettings(home), ...changes};
	const file = path.join(home, 'settings.json');
	try {
		writeJsonFile(file, settings);
	} catch (error) {
		throw new StoreError(`${file} cannot be written: ${fsProblem(error)}`);
	}

	return settings;
}

/** The settings a registry verb reads (insecure registries, the hub), whatever backend the verb runs on: they are the store's file. */
export function currentSettings(environment: NodeJS.ProcessEnv = process.env): Settings {
	return readSettings(storeHome(environment), environment);
}
