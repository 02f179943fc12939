import type { RuleSpec } from '../rules/types.js';

/**
 * The rules of the script flow analysis (analyze.ts). They have no patterns: the `script-flow`
 * check reads every Python, JavaScript/TypeScript and shell file of the skill and reports what
 * its data does. A rule's severity is its worst case; each finding carries its own.
 */
export const FLOW_RULES: RuleSpec[] = [
  {
    id: 'flow.secret-to-network',
    category: 'data_exfiltration',
    severity: 'CRITICAL',
    title: 'Script sends a secret over the network',
    description:
      'A script of the skill reads a secret (a credential file such as ~/.ssh/id_rsa, ~/.aws/credentials, ~/.kube/config, ~/.docker/config.json, ~/.netrc or the GitHub CLI token; a keychain or browser profile; the whole environment or the home folder; an API key from the environment) and the data reaches a network send: an HTTP client, a socket, a DNS lookup, curl, wget, nc, ssh/scp, or a public paste or gist. Followed through variables, function parameters, string building and encodings. CRITICAL for credential stores, the whole environment, pastes and DNS; HIGH for a named secret sent to a service its name does not belong to.',
    remediation: 'Remove the send, or send only the documented API key to the documented API of the service, in its authentication header. A skill never needs to upload key files, keychains, browser data or the whole environment.',
    file_types: ['@script'],
    patterns: [],
    check: 'script-flow',
  },
  {
    id: 'flow.writes-startup-file',
    category: 'command_injection',
    severity: 'HIGH',
    title: 'Script writes a startup file, cron table or launch agent',
    description:
      'A script of the skill writes to a shell startup file (~/.bashrc, ~/.zshrc, ~/.profile), the crontab, a launch agent, a systemd user unit, an autostart entry or ~/.ssh/authorized_keys, so that code runs again at every login or on a schedule. HIGH when what it writes downloads or runs code, carries a secret, or adds an SSH key; MEDIUM otherwise.',
    remediation: 'Tell the user what to add to their startup files instead of writing them; never install scheduled jobs, login hooks or SSH keys from a skill.',
    file_types: ['@script'],
    patterns: [],
    check: 'script-flow',
  },
  {
    id: 'flow.writes-other-skill',
    category: 'prompt_injection',
    severity: 'HIGH',
    title: "Script writes into another skill or the agent's instructions",
    description:
      "A script of the skill writes into another skill's folder (a sibling through `..`, every SKILL.md by a pattern, the agent's skills folder) or into the agent's own instructions and settings (CLAUDE.md, AGENTS.md, .claude/settings.json, .cursor rules), where the text becomes instructions the agent follows. HIGH when it appends, patches files found by a pattern, reaches a sibling, or writes data it read; MEDIUM for writing a new file there.",
    remediation: 'A skill should change only its own files and whatever the user asked for; installing or editing other skills and agent settings needs the user to do it.',
    file_types: ['@script'],
    patterns: [],
    check: 'script-flow',
  },
  {
    id: 'flow.unparsed',
    category: 'obfuscation',
    severity: 'INFO',
    title: 'Script could not be parsed for data-flow analysis',
    description: 'A Python, JavaScript/TypeScript or shell file of the skill has syntax errors, so what its data does was followed only as far as the parser recovered (Python) or not at all; the line rules still read all of it.',
    remediation: 'Fix the syntax error; a script that does not parse may also not run as the skill describes.',
    file_types: ['@script'],
    patterns: [],
    check: 'script-flow',
  },
  {
    id: 'flow.not-analysed',
    category: 'obfuscation',
    severity: 'LOW',
    title: 'Script too large or too slow for data-flow analysis',
    description: 'A script of the skill is over the size the flow analysis reads (1 MB) or its analysis ran past its time or step budget, so its data flow was followed only in part or not at all; the line rules still read all of it.',
    remediation: 'Keep scripts small; split generated or vendored code out of the skill.',
    file_types: ['@script'],
    patterns: [],
    check: 'script-flow',
  },
];
