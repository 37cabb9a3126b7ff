/**
 * Which backend a command runs on, chosen as docker users choose an engine
 * (host.ts: -H, --context, DOCKER_HOST, DOCKER_CONTEXT, docker's
 * currentContext), and, when none of those says, dockyard's own `engine`
 * setting (settings.json); with nothing at all, the embedded store.
 */
import {parseEngineHost, resolveEngine, storeName, unencryptedWarning, type EngineChoice, type EngineFlags} from '../engine/host.js';
import {readSettings, writeSettings} from '../settings.js';
import {storeHome} from '../store/home.js';
import type {EngineBackend} from '../engine/engine-backend.js';
import type {Backend} from './backend.js';

/** Where the choice was made, in words for `dockyard engine`. */
export type BackendChoice = EngineChoice & {reason: string};

/** A setting value is a host when it has a scheme (or is `:port` / `host:port`), else a context name. */
export function isHostValue(value: string): boolean {
	return /^[a-z][a-z\d+.-]*:\/\//i.test(value) || value.startsWith(':') || /^[^/]+:\d+$/.test(value);
}

export function chooseBackend(flags: EngineFlags, environment: NodeJS.ProcessEnv): BackendChoice {
	const choice = resolveEngine(flags, {env: environment});
	if (choice.kind === 'engine' || choice.source !== 'default') {
		return {...choice, reason: reasonOf(choice, flags, environment)};
	}

	const setting = readSettings(storeHome(environment), environment).engine;
	if (setting === undefined || setting === '' || setting === storeName) {
		return {...choice, reason: setting === storeName ? 'the engine setting' : 'nothing else is set'};
	}

	// The user's own docker does not point there: teach the flag that does.
	const fromSetting = resolveEngine(isHostValue(setting) ? {host: setting} : {context: setting}, {env: {...environment, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined}});
	return {...fromSetting, source: 'config', reason: 'the engine setting'};
}

function reasonOf(choice: EngineChoice, flags: EngineFlags, environment: NodeJS.ProcessEnv): string {
	if (choice.source === 'flag') {
		return flags.host === undefined ? '--context' : '-H';
	}

	if (choice.source === 'environment') {
		return environment['DOCKER_HOST'] ? 'DOCKER_HOST' : 'DOCKER_CONTEXT';
	}

	return choice.source === 'config' ? 'currentContext in docker\'s config.json' : 'nothing else is set';
}

/**
 * How to open the chosen backend, with only its own code loaded: a command
 * on the store never loads the engine client, nor one on an engine the
 * store's. The choice is made now; the backend is opened when first asked
 * for, so a bad DOCKER_HOST fails only a command that needs a backend.
 */
export async function backendOpener(flags: EngineFlags, environment: NodeJS.ProcessEnv, warn?: (line: string) => void): Promise<() => Backend> {
	let choice: EngineChoice;
	try {
		choice = chooseBackend(flags, environment);
	} catch (error) {
		return () => {
			throw error;
		};
	}

	if (choice.kind === 'store') {
		const {openStoreBackend} = await import('./store-backend.js');
		return () => openStoreBackend({}, environment);
	}

	const engine = await engineBackendFor(choice, environment);
	return () => {
		const warning = unencryptedWarning(choice.address);
		if (warning !== undefined) {
			warn?.(warning);
		}

		return engine;
	};
}

/** The backend over a chosen engine, its code loaded now; it connects when first used. */
export async function engineBackendFor(choice: Extract<EngineChoice, {kind: 'engine'}>, environment: NodeJS.ProcessEnv): Promise<EngineBackend> {
	const {EngineBackend} = await import('../engine/engine-backend.js');
	return new EngineBackend({host: choice.host, address: choice.address, dockerPrefix: choice.dockerPrefix, environment});
}

/** `--to HOST|CONTEXT` of `send`: an engine named on the spot, taught with the flag that names it. */
export function engineNamed(value: string, environment: NodeJS.ProcessEnv): EngineChoice {
	if (isHostValue(value)) {
		parseEngineHost(value);
		return resolveEngine({host: value}, {env: environment});
	}

	return resolveEngine({context: value}, {env: environment});
}

/** Keeps the `engine` setting (lowest precedence) in the default store's settings.json; returns where the store lives. */
export function keepEngineSetting(value: string | undefined, environment: NodeJS.ProcessEnv): string {
	const home = storeHome(environment);
	if (value !== undefined) {
		writeSettings(home, {engine: value});
	}

	return home;
}
