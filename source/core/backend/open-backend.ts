/**
 * Which backend a command runs on, chosen as docker users choose an engine
 * (host.ts: -H, --context, DOCKER_HOST, DOCKER_CONTEXT, docker's
 * currentContext), and, when none of those says, dockyard's own `engine`
 * setting (settings.json); with nothing at all, the embedded store.
 */
import {EngineBackend} from '../engine/engine-backend.js';
import {parseEngineHost, resolveEngine, storeName, type EngineChoice, type EngineFlags} from '../engine/host.js';
import {readSettings, writeSettings} from '../settings.js';
import {storeHome} from '../store/home.js';
import type {Backend} from './backend.js';
import {openStoreBackend} from './store-backend.js';

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

/** The backend of a choice: the store, or an engine connected on first use. */
export function backendOf(choice: EngineChoice, environment: NodeJS.ProcessEnv): Backend {
	if (choice.kind === 'store') {
		return openStoreBackend({}, environment);
	}

	return new EngineBackend({host: choice.host, address: choice.address, dockerPrefix: choice.dockerPrefix, environment});
}

export function openBackend(flags: EngineFlags, environment: NodeJS.ProcessEnv): Backend {
	return backendOf(chooseBackend(flags, environment), environment);
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
