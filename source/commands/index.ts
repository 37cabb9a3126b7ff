import type {Command} from './command.js';

/**
 * A verb as the CLI finds it: its name, its aliases (`image ls`), and how to
 * load it. Only the verb asked for is imported, so `dockyard images` does not
 * load what `push` or `load` need. `aliases` repeat the command's own (a test
 * checks they agree); `powershell` verbs are matched in any case.
 */
export type Verb = {
	name: string;
	/** Its line in `dockyard --help`: kept here, so the help loads no verb. */
	summary: string;
	aliases?: string[];
	powershell?: boolean;
	load: () => Promise<Command>;
};

/** Every verb, in the order `dockyard --help` lists them. A new verb is one line here. */
export const verbs: Verb[] = [
	{name: 'images', summary: 'List images (docker images)', aliases: ['image ls', 'image list'], load: async () => (await import('./images.js')).images},
	{name: 'search', summary: 'Search the hub for images (docker search)', load: async () => (await import('./search.js')).search},
	{name: 'pull', summary: 'Download an image from the hub (docker pull)', aliases: ['image pull'], load: async () => (await import('./pull.js')).pull},
	{name: 'push', summary: 'Upload an image to its registry (docker push)', aliases: ['image push'], load: async () => (await import('./push.js')).push},
	{name: 'outdated', summary: 'List local tags whose registry has a newer image (npm outdated; HEAD only, nothing pulled)', load: async () => (await import('./outdated.js')).outdated},
	{name: 'history', summary: 'Show the history of an image, down to its base', aliases: ['image history'], load: async () => (await import('./history.js')).history},
	{name: 'analyze', summary: 'Show an image\'s wasted space and efficiency, as dive does (--ci: dive\'s rules)', load: async () => (await import('./analyze.js')).analyze},
	{name: 'compare', summary: 'Compare two images: shared layers, config and file differences', load: async () => (await import('./compare.js')).compare},
	{name: 'tree', summary: 'Show an image\'s parent chain and everything that depends on it', aliases: ['image tree'], load: async () => (await import('./tree.js')).tree},
	{name: 'inspect', summary: 'Display detailed information on one or more images (JSON)', aliases: ['image inspect'], load: async () => (await import('./inspect.js')).inspect},
	{name: 'tag', summary: 'Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE', aliases: ['image tag'], load: async () => (await import('./tag.js')).tag},
	{name: 'untag', summary: 'Remove a tag, keeping the image (podman untag)', aliases: ['image untag'], load: async () => (await import('./tag.js')).untag},
	{name: 'rmi', summary: 'Remove one or more images (refused while anything depends on them)', aliases: ['image rm'], load: async () => (await import('./rmi.js')).rmi},
	{name: 'save', summary: 'Save images to a tar archive (OCI layout + docker manifest.json)', aliases: ['image save'], load: async () => (await import('./save.js')).saveCommand},
	{name: 'load', summary: 'Load images from a tar archive (docker, OCI) or an OCI layout directory', aliases: ['image load'], load: async () => (await import('./load.js')).loadCommand},
	{name: 'copy', summary: 'Copy an image between registries, layouts, archives, the engine and the store (skopeo copy)', load: async () => (await import('./copy.js')).copy},
	{name: 'send', summary: 'Send images from the embedded store to a Docker or Podman engine', load: async () => (await import('./send.js')).send},
	{name: 'create', summary: 'Create a new container from an image (no process runs)', aliases: ['container create'], load: async () => (await import('./containers.js')).create},
	{name: 'ps', summary: 'List containers (docker ps -a)', aliases: ['container ls'], load: async () => (await import('./containers.js')).ps},
	{name: 'diff', summary: 'Inspect changes to files on a container\'s filesystem (docker diff)', aliases: ['container diff'], load: async () => (await import('./diff.js')).diff},
	{name: 'cp', summary: 'Copy a file into a container\'s own layer', aliases: ['container cp'], load: async () => (await import('./containers.js')).cp},
	{name: 'commit', summary: 'Create a new image from a container\'s changes', aliases: ['container commit'], load: async () => (await import('./commit.js')).commit},
	{name: 'rm', summary: 'Remove one or more containers', aliases: ['container rm'], load: async () => (await import('./containers.js')).rm},
	{name: 'os', summary: 'Find and install base OS images (os find, os install NAME [--version V])', load: async () => (await import('./os.js')).os},
	{name: 'prune', summary: 'Remove dangling images and blobs nothing refers to', aliases: ['image prune'], load: async () => (await import('./maintenance.js')).prune},
	{name: 'fsck', summary: 'Check that every referenced blob exists and matches its digest', load: async () => (await import('./maintenance.js')).fsck},
	{name: 'journal', summary: 'Print what was done in this store, oldest first: a handout (md) or a script to replay (sh, ps1)', load: async () => (await import('./journal.js')).journal},
	{name: 'reset', summary: 'Empty the store for a new class: images, containers, tags, journal and blobs', load: async () => (await import('./reset.js')).reset},
	{name: 'hub', summary: 'Show or choose where docker.io names go: offline or dockerhub', load: async () => (await import('./hub.js')).hub},
	{name: 'engine', summary: 'Show the backend commands run on, or set the default (HOST, CONTEXT or dockyard)', load: async () => (await import('./engine.js')).engine},
	{name: 'login', summary: 'Log in to a registry (docker login)', load: async () => (await import('./login.js')).login},
	{name: 'logout', summary: 'Log out from a registry (docker logout)', load: async () => (await import('./login.js')).logout},
	{name: 'serve', summary: 'Serve the store over the Docker Engine API, for the docker CLI (docker -H unix://…)', load: async () => (await import('./serve.js')).serve},
	{name: 'lesson', summary: 'Walk a class through a lesson in the TUI, step by step (--list: the built-in lessons)', load: async () => (await import('./lesson.js')).lesson},
	{name: 'Get-ContainerImage', summary: 'List images as PowerShell does (Name Publisher Version IsOSImage)', powershell: true, load: async () => (await import('./get-containerimage.js')).getContainerImage},
	{name: 'Find-ContainerImage', summary: 'List installable base OS images (Name Version Description)', powershell: true, load: async () => (await import('./os.js')).findContainerImage},
	{name: 'Install-ContainerImage', summary: 'Download and install a base OS image (latest when no -Version)', powershell: true, load: async () => (await import('./os.js')).installContainerImage},
	{name: 'New-ContainerImage', summary: 'Create an image from a container (-ContainerName C -Publisher P -Name N -Version V)', powershell: true, load: async () => (await import('./commit.js')).newContainerImage},
	{name: 'Remove-ContainerImage', summary: 'Remove an image by its PowerShell Name (-Name N [-Force])', powershell: true, load: async () => (await import('./rmi.js')).removeContainerImage},
	{name: 'Save-ContainerImage', summary: 'Save an image to a file (-Name N -Path FILE)', powershell: true, load: async () => (await import('./save.js')).saveContainerImage},
	{name: 'Import-ContainerImage', summary: 'Import an image saved on another machine (-Path FILE)', powershell: true, load: async () => (await import('./load.js')).importContainerImage},
];

/** Every verb loaded: for `dockyard --help` and the tests that go through them all. */
export async function loadCommands(): Promise<Command[]> {
	return Promise.all(verbs.map(async verb => verb.load()));
}
