/**
 * What the offline hub holds: the seed's base OS images and its sixteen
 * `docker search *` images, as plain data. catalog-build.ts turns each
 * version into real blobs; nothing here is random or time-dependent.
 */

/**
 * One file of a layer. `text` is its content (repeated up to `size` when both
 * are given); with `size` alone the bytes are seeded pseudo-random, standing
 * in for a binary. A path ending in '/' is an empty directory.
 */
export type FileSpec = {path: string; size?: number; text?: string};

/** `createdBy` is the history's CREATED BY; base OS layers have none, as in the seed. */
export type LayerSpec = {createdBy?: string; files: FileSpec[]};

export type BaseVersion = {version: string; description: string; created: string};

/** A base OS image: no parent, Publisher CN=Microsoft, installed with Install-ContainerImage. */
export type BaseRepository = {
	name: string;
	repository: string;
	/** Newest first: the first one is also tagged `latest`. */
	versions: BaseVersion[];
	cmd: string[];
	/** Shared by every version; each version seeds different bytes. */
	layers: LayerSpec[];
};

export type HubVersion = {version: string; created: string};

/**
 * A hub image built on WindowsServerCore. `{version}` in paths, text, env and
 * CREATED BY is replaced by each version.
 */
export type HubRepository = {
	repository: string;
	description: string;
	stars: number;
	official: boolean;
	automated: boolean;
	/** The first one is also tagged `latest`. */
	versions: HubVersion[];
	cmd: string[];
	env?: string[];
	workingDir?: string;
	layers: LayerSpec[];
};

export const vendor = 'Microsoft';

/** Every hub image of the seed was built on this one. */
export const hubBase = {repository: 'windowsservercore', version: '10.0.10586.0'} as const;

const KiB = 1024;

const tp4 = 'Container OS Image of Windows Server 2016 Technical Preview 4';
const tp3 = 'Container OS Image of Windows Server 2016 Technical Preview 3';

const license = 'MICROSOFT SOFTWARE LICENSE TERMS\r\nMICROSOFT WINDOWS SERVER 2016 TECHNICAL PREVIEW\r\n'
	+ 'This is a stand-in file bundled with dockyard for teaching; it is not Microsoft software.\r\n';

const hosts = '# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# This is a sample HOSTS file used by Microsoft TCP/IP for Windows.\r\n'
	+ '#\r\n# localhost name resolution is handled within DNS itself.\r\n#\t127.0.0.1       localhost\r\n#\t::1             localhost\r\n';

const baseCreated = '2015-11-19T08:00:00Z';
// Technical Preview 3 shipped in August 2015, before TP4.
const tp3Created = '2015-08-19T08:00:00Z';

export const baseRepositories: BaseRepository[] = [
	{
		name: 'NanoServer',
		repository: 'nanoserver',
		versions: [
			{version: '10.0.10586.0', description: tp4, created: baseCreated},
			{version: '10.0.10514.0', description: tp3, created: tp3Created},
		],
		cmd: ['c:\\windows\\system32\\cmd.exe'],
		layers: [{
			files: [
				{path: 'License.txt', text: license},
				{path: 'Windows/System32/cmd.exe', size: 36 * KiB},
				{path: 'Windows/System32/config/SOFTWARE', size: 80 * KiB},
				{path: 'Windows/System32/config/SYSTEM', size: 96 * KiB},
				{path: 'Windows/System32/drivers/etc/hosts', text: hosts},
				{path: 'Windows/System32/drivers/tcpip.sys', size: 64 * KiB},
				{path: 'Windows/System32/kernel32.dll', size: 48 * KiB},
				{path: 'Windows/System32/kernelbase.dll', size: 56 * KiB},
				{path: 'Windows/System32/netsh.exe', size: 16 * KiB},
				{path: 'Windows/System32/ntdll.dll', size: 72 * KiB},
				{path: 'Windows/System32/ntoskrnl.exe', size: 160 * KiB},
				{path: 'Windows/System32/reg.exe', size: 12 * KiB},
				{path: 'Windows/System32/WindowsPowerShell/v1.0/powershell.exe', size: 48 * KiB},
				{path: 'Windows/Temp/'},
			],
		}],
	},
	{
		name: 'WindowsServerCore',
		repository: 'windowsservercore',
		versions: [
			{version: '10.0.10586.0', description: tp4, created: baseCreated},
			{version: '10.0.10514.0', description: tp3, created: tp3Created},
		],
		cmd: ['c:\\windows\\system32\\cmd.exe'],
		layers: [
			{
				files: [
					{path: 'License.txt', text: license},
					{path: 'Program Files/'},
					{path: 'Users/ContainerAdministrator/'},
					{path: 'Windows/System32/advapi32.dll', size: 80 * KiB},
					{path: 'Windows/System32/cmd.exe', size: 48 * KiB},
					{path: 'Windows/System32/config/DEFAULT', size: 64 * KiB},
					{path: 'Windows/System32/config/SOFTWARE', size: 224 * KiB},
					{path: 'Windows/System32/config/SYSTEM', size: 160 * KiB},
					{path: 'Windows/System32/drivers/etc/hosts', text: hosts},
					{path: 'Windows/System32/drivers/tcpip.sys', size: 96 * KiB},
					{path: 'Windows/System32/kernel32.dll', size: 96 * KiB},
					{path: 'Windows/System32/kernelbase.dll', size: 128 * KiB},
					{path: 'Windows/System32/msiexec.exe', size: 40 * KiB},
					{path: 'Windows/System32/netsh.exe', size: 24 * KiB},
					{path: 'Windows/System32/ntdll.dll', size: 112 * KiB},
					{path: 'Windows/System32/ntoskrnl.exe', size: 256 * KiB},
					{path: 'Windows/System32/reg.exe', size: 16 * KiB},
					{path: 'Windows/System32/sc.exe', size: 16 * KiB},
					{path: 'Windows/System32/user32.dll', size: 96 * KiB},
					{path: 'Windows/System32/WindowsPowerShell/v1.0/powershell.exe', size: 64 * KiB},
					{path: 'Windows/System32/WindowsPowerShell/v1.0/powershell_ise.exe', size: 96 * KiB},
					{path: 'Windows/Temp/'},
				],
			},
			{
				files: [
					{path: 'Windows/Microsoft.NET/Framework64/v4.0.30319/clr.dll', size: 256 * KiB},
					{path: 'Windows/Microsoft.NET/Framework64/v4.0.30319/Config/machine.config', text: '<?xml version="1.0" encoding="UTF-8" ?>\r\n<configuration>\r\n  <!-- dockyard stand-in -->\r\n</configuration>\r\n', size: 32 * KiB},
					{path: 'Windows/Microsoft.NET/Framework64/v4.0.30319/csc.exe', size: 64 * KiB},
					{path: 'Windows/Microsoft.NET/Framework64/v4.0.30319/mscorlib.dll', size: 192 * KiB},
					{path: 'Windows/Microsoft.NET/Framework64/v4.0.30319/ngen.exe', size: 48 * KiB},
					{path: 'Windows/Microsoft.NET/Framework64/v4.0.30319/System.dll', size: 128 * KiB},
					{path: 'Windows/System32/WindowsPowerShell/v1.0/Modules/Microsoft.PowerShell.Archive/Microsoft.PowerShell.Archive.psd1', text: '@{\r\nModuleVersion = \'1.0.0.0\'\r\nAuthor = \'Microsoft Corporation\'\r\n}\r\n'},
				],
			},
		],
	},
];

// Shared by the hub images that install a runtime from an MSI, as the Dockerfiles of the time did.
const download = (url: string, file: string, install: string) =>
	`cmd /S /C powershell -NoProfile -Command Invoke-WebRequest ${url} -OutFile ${file}; ${install}; Remove-Item ${file}`;
const msi = (url: string) => download(url, 'installer.msi', 'Start-Process msiexec -ArgumentList \'/i installer.msi /qn\' -Wait');
const unzip = (url: string, to: string) => download(url, 'archive.zip', `Expand-Archive archive.zip -DestinationPath ${to}`);

const iisLayer: LayerSpec = {
	createdBy: 'cmd /S /C powershell -NoProfile -Command Add-WindowsFeature Web-Server',
	files: [
		{path: 'inetpub/logs/LogFiles/'},
		{path: 'inetpub/wwwroot/iis-85.png', size: 96 * KiB},
		{path: 'inetpub/wwwroot/iisstart.htm', text: '<!DOCTYPE html>\r\n<html>\r\n<head><title>IIS Windows Server</title></head>\r\n<body><div id="container"><a href="http://go.microsoft.com/fwlink/?linkid=66138"><img src="iis-85.png" alt="IIS" width="960" height="600" /></a></div></body>\r\n</html>\r\n'},
		{path: 'Windows/System32/inetsrv/appcmd.exe', size: 64 * KiB},
		{path: 'Windows/System32/inetsrv/config/applicationHost.config', text: '<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n  <system.applicationHost>\r\n    <sites>\r\n      <site name="Default Web Site" id="1"><application path="/"><virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" /></application></site>\r\n    </sites>\r\n  </system.applicationHost>\r\n</configuration>\r\n', size: 24 * KiB},
		{path: 'Windows/System32/inetsrv/iiscore.dll', size: 320 * KiB},
		{path: 'Windows/System32/inetsrv/w3svc.dll', size: 160 * KiB},
		{path: 'Windows/System32/inetsrv/w3wp.exe', size: 24 * KiB},
	],
};

const pythonLayer: LayerSpec = {
	createdBy: msi('https://www.python.org/ftp/python/2.7.11/python-2.7.11.amd64.msi'),
	files: [
		{path: 'Python27/DLLs/_socket.pyd', size: 48 * KiB},
		{path: 'Python27/Lib/os.py', text: 'r"""OS routines for NT or Posix depending on what system we\'re on."""\n\nimport sys, errno\n', size: 24 * KiB},
		{path: 'Python27/Lib/site.py', text: '"""Append module search paths for third-party packages to sys.path."""\n\nimport sys\nimport os\n', size: 20 * KiB},
		{path: 'Python27/python.exe', size: 28 * KiB},
		{path: 'Python27/pythonw.exe', size: 28 * KiB},
		{path: 'Python27/Scripts/pip.exe', size: 88 * KiB},
		{path: 'Windows/System32/python27.dll', size: 320 * KiB},
	],
};

const rubyFiles: FileSpec[] = [
	{path: 'Ruby/bin/gem.cmd', text: '@ECHO OFF\r\n@"%~dp0ruby.exe" "%~dpn0" %*\r\n'},
	{path: 'Ruby/bin/ruby.exe', size: 16 * KiB},
	{path: 'Ruby/bin/rubyw.exe', size: 16 * KiB},
	{path: 'Ruby/bin/x64-msvcrt-ruby.dll', size: 480 * KiB},
	{path: 'Ruby/lib/ruby/rubygems.rb', text: '# RubyGems is the Ruby standard for publishing and managing third party libraries.\n', size: 16 * KiB},
];

const pathSetting = (directories: string) => `cmd /S /C setx /M PATH "%PATH%;${directories}"`;
// setx /M writes the machine environment, which lives in the SYSTEM hive.
const systemHive = {path: 'Windows/System32/config/SYSTEM', size: 32 * KiB};

/** The sixteen images of the seed's `docker search *`, in its order. */
export const hubRepositories: HubRepository[] = [
	{
		repository: 'microsoft/aspnet',
		description: 'ASP.NET 5 framework installed in a Windows Server Core based container.',
		stars: 1,
		official: true,
		automated: true,
		versions: [{version: '1.0.0-rc1', created: '2015-12-10T18:21:07Z'}, {version: '1.0.0-beta8', created: '2015-12-02T17:43:51Z'}],
		cmd: ['cmd'],
		env: ['DNX_USER_HOME=C:\\Users\\ContainerAdministrator\\.dnx'],
		layers: [
			{
				createdBy: 'cmd /S /C powershell -NoProfile -Command "&{$Branch=\'dev\';iex ((new-object net.webclient).DownloadString(\'https://raw.githubusercontent.com/aspnet/Home/dev/dnvminstall.ps1\'))}"',
				files: [
					{path: 'Users/ContainerAdministrator/.dnx/bin/dnvm.cmd', text: '@Echo off\r\nset DNVM_CMD_PATH_FILE="%USERPROFILE%\\.dnx\\temp-set-envvars.cmd"\r\nPowerShell -NoProfile -NoLogo -ExecutionPolicy unrestricted -Command "[System.Threading.Thread]::CurrentThread.CurrentCulture = \'\';[System.Threading.Thread]::CurrentThread.CurrentUICulture = \'\';$CmdPathFile=\'%DNVM_CMD_PATH_FILE%\';& \'%~dp0dnvm.ps1\' %*"\r\n'},
					{path: 'Users/ContainerAdministrator/.dnx/bin/dnvm.ps1', text: '#Requires -Version 2\r\n# .NET Version Manager (stand-in bundled with dockyard)\r\n', size: 64 * KiB},
				],
			},
			{
				createdBy: 'cmd /S /C dnvm install {version} -r coreclr -arch x64 -alias default',
				files: [
					{path: 'Users/ContainerAdministrator/.dnx/runtimes/dnx-coreclr-win-x64.{version}/bin/coreclr.dll', size: 384 * KiB},
					{path: 'Users/ContainerAdministrator/.dnx/runtimes/dnx-coreclr-win-x64.{version}/bin/dnx.exe', size: 80 * KiB},
					{path: 'Users/ContainerAdministrator/.dnx/runtimes/dnx-coreclr-win-x64.{version}/bin/mscorlib.dll', size: 192 * KiB},
				],
			},
		],
	},
	{
		repository: 'microsoft/django',
		description: 'Django installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '1.9', created: '2015-12-11T10:12:44Z'}],
		cmd: ['cmd'],
		env: ['PYTHONIOENCODING=UTF-8'],
		layers: [
			pythonLayer,
			{
				createdBy: 'cmd /S /C C:\\Python27\\Scripts\\pip.exe install django=={version}',
				files: [
					{path: 'Python27/Lib/site-packages/django/__init__.py', text: 'from django.utils.version import get_version\n\nVERSION = ({version})\n'},
					{path: 'Python27/Lib/site-packages/django/core/management/__init__.py', text: 'import os\nimport sys\n', size: 16 * KiB},
					{path: 'Python27/Lib/site-packages/django/db/models/base.py', text: 'from __future__ import unicode_literals\n', size: 48 * KiB},
					{path: 'Python27/Scripts/django-admin.exe', size: 88 * KiB},
				],
			},
		],
	},
	{
		repository: 'microsoft/dotnet35',
		description: '.NET 3.5 Runtime installed in a Windows Server Core based container.',
		stars: 1,
		official: true,
		automated: true,
		versions: [{version: '3.5', created: '2015-12-09T15:30:02Z'}],
		cmd: ['cmd'],
		layers: [{
			createdBy: 'cmd /S /C powershell -NoProfile -Command Add-WindowsFeature NET-Framework-Core',
			files: [
				{path: 'Windows/Microsoft.NET/Framework64/v2.0.50727/CONFIG/machine.config', text: '<?xml version="1.0" encoding="UTF-8" ?>\r\n<configuration>\r\n  <!-- .NET 2.0/3.5 machine settings (dockyard stand-in) -->\r\n</configuration>\r\n', size: 24 * KiB},
				{path: 'Windows/Microsoft.NET/Framework64/v2.0.50727/mscorlib.dll', size: 256 * KiB},
				{path: 'Windows/Microsoft.NET/Framework64/v2.0.50727/mscorwks.dll', size: 320 * KiB},
				{path: 'Windows/Microsoft.NET/Framework64/v2.0.50727/System.dll', size: 128 * KiB},
			],
		}],
	},
	{
		repository: 'microsoft/golang',
		description: 'Go Programming Language installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '1.5.2', created: '2015-12-14T11:05:19Z'}, {version: '1.5.1', created: '2015-12-03T09:48:26Z'}],
		cmd: ['cmd'],
		env: ['GOPATH=C:\\gopath', 'GOLANG_VERSION={version}'],
		layers: [
			{
				createdBy: msi('https://storage.googleapis.com/golang/go{version}.windows-amd64.msi'),
				files: [
					{path: 'Go/bin/go.exe', size: 384 * KiB},
					{path: 'Go/bin/gofmt.exe', size: 128 * KiB},
					{path: 'Go/pkg/tool/windows_amd64/compile.exe', size: 192 * KiB},
					{path: 'Go/VERSION', text: 'go{version}'},
				],
			},
			{createdBy: pathSetting('C:\\Go\\bin;C:\\gopath\\bin'), files: [{path: 'gopath/bin/'}, {path: 'gopath/src/'}, systemHive]},
		],
	},
	{
		repository: 'microsoft/httpd',
		description: 'Apache httpd installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '2.4.18', created: '2015-12-15T13:40:55Z'}, {version: '2.4.17', created: '2015-12-04T14:02:13Z'}],
		cmd: ['C:\\Apache24\\bin\\httpd.exe'],
		layers: [
			{
				createdBy: download('https://download.microsoft.com/download/9/3/F/93FCF1E7-E6A4-478B-96E7-D4B285925B00/vc_redist.x64.exe', 'vc_redist.x64.exe', 'Start-Process .\\vc_redist.x64.exe -ArgumentList \'/quiet\' -Wait'),
				files: [
					{path: 'Windows/System32/msvcp140.dll', size: 256 * KiB},
					{path: 'Windows/System32/vcruntime140.dll', size: 88 * KiB},
				],
			},
			{
				createdBy: unzip('https://www.apachelounge.com/download/VC14/binaries/httpd-{version}-win64-VC14.zip', 'C:\\'),
				files: [
					{path: 'Apache24/bin/httpd.exe', size: 32 * KiB},
					{path: 'Apache24/bin/libapr-1.dll', size: 128 * KiB},
					{path: 'Apache24/bin/libhttpd.dll', size: 288 * KiB},
					{path: 'Apache24/conf/httpd.conf', text: '# Apache HTTP Server {version} configuration (dockyard stand-in)\r\nServerRoot "c:/Apache24"\r\nListen 80\r\nDocumentRoot "c:/Apache24/htdocs"\r\n'},
					{path: 'Apache24/htdocs/index.html', text: '<html><body><h1>It works!</h1></body></html>\r\n'},
					{path: 'Apache24/logs/'},
				],
			},
		],
	},
	{
		repository: 'microsoft/iis',
		description: 'Internet Information Services (IIS) installed in a Windows Server Core based container.',
		stars: 1,
		official: true,
		automated: true,
		versions: [{version: '10.0', created: '2015-12-08T16:55:31Z'}],
		cmd: ['cmd'],
		layers: [iisLayer],
	},
	{
		repository: 'microsoft/mongodb',
		description: 'MongoDB installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '3.2.0', created: '2015-12-16T10:27:48Z'}, {version: '3.0.7', created: '2015-12-05T12:11:37Z'}],
		cmd: ['C:\\MongoDB\\bin\\mongod.exe'],
		layers: [
			{
				createdBy: msi('https://fastdl.mongodb.org/win32/mongodb-win32-x86_64-2008plus-ssl-{version}-signed.msi'),
				files: [
					{path: 'MongoDB/bin/mongo.exe', size: 256 * KiB},
					{path: 'MongoDB/bin/mongod.exe', size: 640 * KiB},
					{path: 'MongoDB/README', text: 'MongoDB README\n\nWelcome to MongoDB!\n'},
				],
			},
			{createdBy: 'cmd /S /C mkdir C:\\data\\db', files: [{path: 'data/db/'}]},
		],
	},
	{
		repository: 'microsoft/mysql',
		description: 'MySQL installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '5.7.10', created: '2015-12-15T08:19:02Z'}, {version: '5.6.28', created: '2015-12-07T15:36:44Z'}],
		cmd: ['C:\\MySQL\\bin\\mysqld.exe', '--console'],
		layers: [{
			createdBy: unzip('https://dev.mysql.com/get/Downloads/MySQL-5.7/mysql-{version}-winx64.zip', 'C:\\MySQL'),
			files: [
				{path: 'MySQL/bin/mysql.exe', size: 160 * KiB},
				{path: 'MySQL/bin/mysqld.exe', size: 768 * KiB},
				{path: 'MySQL/data/'},
				{path: 'MySQL/my-default.ini', text: '# MySQL {version}: these groups are read by MySQL server.\r\n[mysqld]\r\nbasedir = C:\\MySQL\r\ndatadir = C:\\MySQL\\data\r\n'},
			],
		}],
	},
	{
		repository: 'microsoft/nginx',
		description: 'Nginx installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '1.9.9', created: '2015-12-14T16:02:10Z'}, {version: '1.8.0', created: '2015-12-01T10:44:59Z'}],
		cmd: ['C:\\nginx\\nginx.exe'],
		workingDir: 'C:\\nginx',
		layers: [{
			createdBy: unzip('http://nginx.org/download/nginx-{version}.zip', 'C:\\') + '; Rename-Item C:\\nginx-{version} C:\\nginx',
			files: [
				{path: 'nginx/conf/mime.types', text: 'types {\r\n    text/html  html htm shtml;\r\n    text/css   css;\r\n}\r\n'},
				{path: 'nginx/conf/nginx.conf', text: 'worker_processes  1;\r\nevents { worker_connections  1024; }\r\nhttp {\r\n    include mime.types;\r\n    server { listen 80; location / { root html; index index.html; } }\r\n}\r\n'},
				{path: 'nginx/html/index.html', text: '<!DOCTYPE html>\r\n<html><head><title>Welcome to nginx!</title></head><body><h1>Welcome to nginx!</h1></body></html>\r\n'},
				{path: 'nginx/logs/'},
				{path: 'nginx/nginx.exe', size: 640 * KiB},
			],
		}],
	},
	{
		repository: 'microsoft/node',
		description: 'Node installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '4.2.3', created: '2015-12-11T14:50:23Z'}, {version: '0.12.9', created: '2015-12-04T09:31:08Z'}],
		cmd: ['node'],
		env: ['NODE_VERSION={version}'],
		layers: [
			{
				createdBy: msi('https://nodejs.org/dist/v{version}/node-v{version}-x64.msi'),
				files: [
					{path: 'Program Files/nodejs/node.exe', size: 896 * KiB},
					{path: 'Program Files/nodejs/node_modules/npm/package.json', text: '{\n  "name": "npm",\n  "description": "a package manager for JavaScript"\n}\n'},
					{path: 'Program Files/nodejs/npm.cmd', text: ':: Created by npm, please don\'t edit manually.\r\n@"%~dp0\\node.exe" "%~dp0\\node_modules\\npm\\bin\\npm-cli.js" %*\r\n'},
				],
			},
			{createdBy: pathSetting('C:\\Program Files\\nodejs'), files: [systemHive]},
		],
	},
	{
		repository: 'microsoft/php',
		description: 'PHP running on Internet Information Services (IIS) in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '5.6.16', created: '2015-12-12T12:08:36Z'}],
		cmd: ['cmd'],
		layers: [
			iisLayer,
			{
				createdBy: unzip('http://windows.php.net/downloads/releases/php-{version}-nts-Win32-VC11-x64.zip', 'C:\\php'),
				files: [
					{path: 'php/php-cgi.exe', size: 64 * KiB},
					{path: 'php/php.ini', text: '[PHP]\r\n; PHP {version} (dockyard stand-in)\r\nextension_dir = "C:\\php\\ext"\r\ncgi.force_redirect = 0\r\n'},
					{path: 'php/php5.dll', size: 512 * KiB},
				],
			},
			{
				createdBy: 'cmd /S /C %windir%\\system32\\inetsrv\\appcmd.exe set config /section:system.webServer/fastCGI /+[fullPath=\'C:\\php\\php-cgi.exe\']',
				files: [{path: 'Windows/System32/inetsrv/config/applicationHost.config', text: '<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n  <system.webServer>\r\n    <fastCgi><application fullPath="C:\\php\\php-cgi.exe" /></fastCgi>\r\n  </system.webServer>\r\n</configuration>\r\n', size: 24 * KiB}],
			},
		],
	},
	{
		repository: 'microsoft/python',
		description: 'Python installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '2.7.11', created: '2015-12-09T11:14:50Z'}],
		cmd: ['C:\\Python27\\python.exe'],
		env: ['PYTHON_VERSION={version}'],
		layers: [pythonLayer, {createdBy: pathSetting('C:\\Python27;C:\\Python27\\Scripts'), files: [systemHive]}],
	},
	{
		repository: 'microsoft/rails',
		description: 'Ruby on Rails installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '4.2.5', created: '2015-12-13T17:26:14Z'}],
		cmd: ['cmd'],
		layers: [
			{createdBy: download('http://dl.bintray.com/oneclick/rubyinstaller/rubyinstaller-2.2.3-x64.exe', 'rubyinstaller.exe', 'Start-Process .\\rubyinstaller.exe -ArgumentList \'/verysilent /dir=C:\\Ruby\' -Wait'), files: rubyFiles},
			{
				createdBy: 'cmd /S /C C:\\Ruby\\bin\\gem.cmd install rails -v {version} --no-document',
				files: [
					{path: 'Ruby/bin/rails', text: '#!/usr/bin/env ruby\n# This file was generated by RubyGems.\nrequire \'rubygems\'\n'},
					{path: 'Ruby/lib/ruby/gems/2.2.0/gems/railties-{version}/lib/rails.rb', text: 'require \'rails/ruby_version_check\'\n', size: 16 * KiB},
					{path: 'Ruby/lib/ruby/gems/2.2.0/gems/nokogiri-1.6.7-x64-mingw32/lib/nokogiri/2.2/nokogiri.so', size: 192 * KiB},
				],
			},
		],
	},
	{
		repository: 'microsoft/redis',
		description: 'Redis installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '3.0.501', created: '2015-12-17T10:58:03Z'}, {version: '2.8.2400', created: '2015-12-06T13:22:41Z'}],
		cmd: ['C:\\Redis\\redis-server.exe'],
		layers: [{
			createdBy: unzip('https://github.com/MSOpenTech/redis/releases/download/win-{version}/Redis-x64-{version}.zip', 'C:\\Redis'),
			files: [
				{path: 'Redis/redis-cli.exe', size: 224 * KiB},
				{path: 'Redis/redis-server.exe', size: 640 * KiB},
				{path: 'Redis/redis.windows.conf', text: '# Redis {version} configuration file example (dockyard stand-in)\r\nport 6379\r\nbind 0.0.0.0\r\n'},
			],
		}],
	},
	{
		repository: 'microsoft/ruby',
		description: 'Ruby installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '2.2.3', created: '2015-12-13T09:37:52Z'}, {version: '2.1.7', created: '2015-12-03T16:45:17Z'}],
		cmd: ['C:\\Ruby\\bin\\irb.cmd'],
		env: ['RUBY_VERSION={version}'],
		layers: [
			{
				createdBy: download('http://dl.bintray.com/oneclick/rubyinstaller/rubyinstaller-{version}-x64.exe', 'rubyinstaller.exe', 'Start-Process .\\rubyinstaller.exe -ArgumentList \'/verysilent /dir=C:\\Ruby\' -Wait'),
				files: [...rubyFiles, {path: 'Ruby/bin/irb.cmd', text: '@ECHO OFF\r\n@"%~dp0ruby.exe" "%~dpn0" %*\r\n'}],
			},
			{createdBy: pathSetting('C:\\Ruby\\bin'), files: [systemHive]},
		],
	},
	{
		repository: 'microsoft/sqlite',
		description: 'SQLite installed in a Windows Server Core based container.',
		stars: 1,
		official: false,
		automated: true,
		versions: [{version: '3.9.2', created: '2015-12-10T08:52:29Z'}],
		cmd: ['C:\\sqlite\\sqlite3.exe'],
		layers: [{
			createdBy: unzip('https://www.sqlite.org/2015/sqlite-tools-win32-x86-3090200.zip', 'C:\\sqlite'),
			files: [
				{path: 'sqlite/sqlite3.def', text: 'EXPORTS\r\nsqlite3_open\r\nsqlite3_close\r\nsqlite3_exec\r\n'},
				{path: 'sqlite/sqlite3.dll', size: 512 * KiB},
				{path: 'sqlite/sqlite3.exe', size: 448 * KiB},
			],
		}],
	},
];
