/**
 * `_ping`, `version` and `info`: what the docker CLI asks first; `system/df`. The CLI
 * negotiates its API version down to the `Api-Version` header of `_ping`
 * (every answer carries it: respond.ts), so docker 28 talks v1.41 here.
 */
import os from 'node:os';
import {diskUsage, storedLayers} from '../../backend/disk-usage.js';
import {containerSummaryOf, imageSummaryOf} from '../engine-model.js';
import type {SystemVersion} from '../engine-types.js';
import type {Handler} from './context.js';
import {apiVersion, minApiVersion, sendJson} from './respond.js';

/** Go's GOARCH for Node's `process.arch`. */
function goArch(): string {
	return ({x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x'} as Record<string, string>)[process.arch] ?? process.arch;
}

export const ping: Handler = async ({method, response}) => {
	response.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache, no-store, must-revalidate', Pragma: 'no-cache', 'Content-Length': method === 'HEAD' ? 0 : 2});
	response.end(method === 'HEAD' ? undefined : 'OK');
};

export const version: Handler = async ({response}, {product, productVersion}) => {
	const details = {
		ApiVersion: apiVersion,
		Arch: goArch(),
		Experimental: 'false',
		GoVersion: `node ${process.version}`,
		KernelVersion: os.release(),
		MinAPIVersion: minApiVersion,
		Os: 'linux',
	};
	const body: SystemVersion = {
		Platform: {Name: `${product} (the embedded store, no authentication)`},
		Components: [{Name: 'Engine', Version: productVersion, Details: details}],
		Version: productVersion,
		ApiVersion: apiVersion,
		MinAPIVersion: minApiVersion,
		GitCommit: '',
		GoVersion: details.GoVersion,
		Os: 'linux',
		Arch: details.Arch,
		KernelVersion: details.KernelVersion,
		Experimental: false,
	};
	sendJson(response, 200, body);
};

export const info: Handler = async ({response}, {backend, product, productVersion}) => {
	const snapshot = await backend.snapshot();
	const home = backend.capabilities.files?.home ?? '';
	sendJson(response, 200, {
		ID: '',
		Containers: snapshot.containers.length,
		ContainersRunning: snapshot.containers.filter(container => container.status === 'running').length,
		ContainersPaused: 0,
		ContainersStopped: snapshot.containers.filter(container => container.status !== 'running').length,
		Images: snapshot.images.length,
		Driver: product,
		DriverStatus: [['Store', home]],
		DockerRootDir: home,
		Name: os.hostname(),
		OperatingSystem: `${product} ${productVersion} (the embedded store)`,
		OSType: 'linux',
		OSVersion: '',
		Architecture: os.machine(),
		KernelVersion: os.release(),
		NCPU: os.availableParallelism(),
		MemTotal: os.totalmem(),
		ServerVersion: productVersion,
		IndexServerAddress: 'https://index.docker.io/v1/',
		RegistryConfig: {IndexConfigs: {}, InsecureRegistryCIDRs: [], Mirrors: []},
		SecurityOptions: [],
		Warnings: ['WARNING: dockyard serve has no authentication: anyone who can open its socket can change the store'],
	});
};

/**
 * `GET /system/df`: `docker system df` (and `-v`). Images with their size,
 * the part shared with other images and their containers, the layers' total
 * counted once; containers with the size of what was copied into them. The
 * store keeps no volumes and no build cache: those are empty, as on a
 * dockerd that never built.
 */
export const systemDf: Handler = async ({response}, {backend}) => {
	const snapshot = await backend.snapshot();
	const usage = diskUsage(snapshot, storedLayers);
	sendJson(response, 200, {
		LayersSize: usage.layersSize,
		Images: usage.images.map(({image, size, sharedSize, containers}) => ({...imageSummaryOf(image), Size: size, VirtualSize: size, SharedSize: sharedSize, Containers: containers})),
		Containers: usage.containers.map(({container, sizeRw, sizeRootFs}) => ({...containerSummaryOf(container), SizeRw: sizeRw, SizeRootFs: sizeRootFs})),
		Volumes: [],
		BuildCache: null,
		BuilderSize: 0,
	});
};
