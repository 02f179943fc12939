import { NEGATED } from './shared.js';
import { rx, type RuleSpec } from './types.js';

/** Signs that following the skill means running shell commands. */
const SHELL_USE = [
  rx`(?m)^\s*(?:\x60{3,}|~{3,})\s*(?:bash|sh|shell|zsh|console|shell-session|terminal|powershell|pwsh|ps1|cmd|bat|fish)\b`,
  rx`(?m)^#!\s*/(?:usr/)?(?:local/)?bin/(?:env\s+)?(?:ba|z|da|k|fi)?sh\b`,
  rx`(?m)^\s*\$\s+(?:sudo\s+)?(?:[a-z][\w.-]*)(?:\s|$)`,
  rx`\b(?:run|execute|invoke)\s+(?:the\s+following\s+|this\s+)?(?:shell\s+|bash\s+|terminal\s+)?(?:command|script)s?\b`,
  rx`\b(?:subprocess\.(?:run|call|Popen|check_output)|os\.system|child_process|execSync|spawnSync)\b`,
];

/** Signs that following the skill means fetching from the network. */
const NETWORK_USE = [
  rx`\b(?:curl|wget)\s+(?:-\S+\s+)*["']?https?://`,
  rx`\b(?:requests|httpx)\.(?:get|post|put|delete|patch)\s*\(`,
  rx`\bfetch\s*\(\s*["'\x60]https?://`,
  rx`\b(?:fetch|download|retrieve|GET|POST)\s+(?:the\s+)?(?:\w+\s+)?(?:from\s+)?https?://`,
];

/** Destructive or privileged operations a skill should declare with `dangerous: true`. */
const DANGEROUS_OPERATIONS = [
  rx`\brm\s+(?:-\S+\s+)*-[a-zA-Z]*[rR][a-zA-Z]*\s+["']?(?:/|~|\$HOME|\$\{HOME\})`,
  rx`\bDROP\s+(?:TABLE|DATABASE|SCHEMA|USER)\b`,
  rx`\bTRUNCATE\s+TABLE\b`,
  rx`\bDELETE\s+FROM\s+\w+\s*(?:;|$)`,
  rx`\bkubectl\s+delete\s+(?:ns|namespace|all|deployment|pv|pvc|node)\b|\bkubectl\s+delete\b[^\n]*--all\b`,
  rx`\bterraform\s+(?:destroy|apply\s+[^\n]*-auto-approve)\b`,
  rx`\bgit\s+push\s+(?:\S+\s+)*(?:--force|-f)(?:\s|$)`,
  rx`\bgit\s+(?:reset\s+--hard\s+origin|clean\s+-[a-z]*f[a-z]*d|filter-branch|filter-repo)\b`,
  rx`\b(?:mkfs|fdisk|parted|wipefs)\b`,
  rx`\b(?:shutdown|reboot|halt|poweroff)\s+(?:-\S+\s+)*(?:now|-h|-r|\+?\d)`,
  rx`\bsystemctl\s+(?:stop|disable|mask|restart)\s+\S`,
  rx`\bsudo\s+(?:-\S+\s+)*(?:rm|chmod|chown|dd|mv|kill|systemctl|iptables|ufw|useradd|usermod|passwd|visudo|tee\s+/etc|sh|bash)\b`,
  rx`\bdocker\s+run\b[^\n]*--privileged\b`,
  rx`\b(?:aws\s+s3\s+rb|aws\s+s3\s+rm\s+[^\n]*--recursive|gsutil\s+(?:-m\s+)?rm\s+-r|az\s+group\s+delete)\b`,
  rx`\bchmod\s+(?:-R\s+)?(?:0?777|a\+rwx)\b`,
  rx`\b(?:kill|pkill|killall)\s+-9\b`,
  rx`\bdropdb\b|\bredis-cli\s+flushall\b|\bFLUSHALL\b`,
];

export const TOOL_MISUSE_RULES: RuleSpec[] = [
  {
    id: 'tm-shell-not-declared',
    category: 'tool_misuse',
    severity: 'MEDIUM',
    title: 'Needs a shell the skill does not declare',
    description: 'The skill declares which tools it uses (`allowed-tools` or `requires_tools`) and no shell is among them, yet its content runs shell commands or ships shell scripts. Either the declaration understates what the skill does, or the content expects the agent to reach past it.',
    remediation: 'Add the shell tool (narrowly, e.g. `Bash(git status:*)`) to the declaration, or remove the commands.',
    file_types: '*',
    patterns: SHELL_USE,
    check: 'shell-not-declared',
    max_per_file: 3,
  },
  {
    id: 'tm-network-not-declared',
    category: 'tool_misuse',
    severity: 'MEDIUM',
    title: 'Needs network access the skill does not declare',
    description: 'The skill declares its tools and neither a web tool nor a shell is among them, yet its content fetches from or sends to URLs.',
    remediation: 'Declare the web tool the skill needs, or remove the network access.',
    file_types: '*',
    patterns: NETWORK_USE,
    check: 'network-not-declared',
    max_per_file: 3,
  },
  {
    id: 'tm-undeclared-dangerous',
    category: 'tool_misuse',
    severity: 'MEDIUM',
    title: 'Destructive or privileged operation in a skill not marked dangerous',
    description: 'The skill is not marked `dangerous: true`, yet it deletes data, force-pushes, destroys infrastructure, stops services, or runs privileged commands. Skillport lets only admins or keys with `skills:dangerous` run dangerous skills; an undeclared one skips that gate.',
    remediation: 'Mark the skill `dangerous: true` with a description of what it changes, or remove the operation.',
    file_types: '*',
    patterns: DANGEROUS_OPERATIONS,
    check: 'not-marked-dangerous',
    max_per_file: 3,
  },
  {
    id: 'tm-permission-bypass',
    category: 'tool_misuse',
    severity: 'HIGH',
    title: 'Turns off the agent\'s permission prompts or sandbox',
    description: 'Flags and settings that make an agent run every tool without asking (`--dangerously-skip-permissions`, `bypassPermissions`, `--yolo`, `"allow": ["Bash(*)"]`, `approval_policy = "never"`, `danger-full-access`). A skill that grants itself this removes the user from the loop.',
    remediation: 'Remove it. Permissions are the user\'s decision, made in their own settings.',
    file_types: '*',
    patterns: [
      rx`--dangerously-skip-permissions\b`,
      rx`--dangerously-bypass-approvals-and-sandbox\b`,
      rx`--yolo\b`,
      rx`\bbypassPermissions\b`,
      rx`--permission-mode[=\s]+["']?(?:bypassPermissions|acceptEdits)\b`,
      rx`"allow"\s*:\s*\[[^\]\n]*"(?:Bash|Shell|\*)(?:\(\*\)|\(\*:\*\))?"`,
      rx`\bapproval[_-]policy\s*[=:]\s*["']?never\b`,
      rx`\bsandbox[_-]mode\s*[=:]\s*["']?danger-full-access\b`,
      rx`--(?:trust-all-tools|allow-all-tools|auto-approve(?:-all)?)\b`,
      rx`"(?:chat\.tools\.autoApprove|autoApprove)"\s*:\s*(?:true|\[\s*"\*")`,
      rx`\bskipDangerousModePermissionPrompt\b`,
    ],
    exclusions: [NEGATED],
  },
  {
    id: 'tm-skip-confirmation',
    category: 'tool_misuse',
    severity: 'MEDIUM',
    title: 'Tells the agent not to ask before acting',
    description: 'Text tells the agent to act without asking for the user\'s confirmation, approval or permission. Acceptable for read-only steps; combined with changes or network access it removes the user\'s chance to stop them.',
    remediation: 'Let the agent confirm before any change outside the working directory or any network transfer.',
    file_types: '*',
    patterns: [
      rx`\b(?:without|no\s+need\s+(?:to|for)|never|don'?t|do\s+not|skip)\s+(?:asking|ask(?:ing)?\s+(?:for|the\s+user)|request(?:ing)?|wait(?:ing)?\s+for|seek(?:ing)?|prompt(?:ing)?\s+(?:for|the\s+user)|get(?:ting)?|need(?:ing)?|confirm(?:ing)?\s+with)\s+(?:the\s+user'?s?\s+|for\s+|any\s+|user\s+|their\s+|explicit\s+)*(?:confirmation|approval|permission|consent|authori[sz]ation)`,
      rx`\b(?:auto-?approve|automatically\s+approve|always\s+approve|approve\s+all)\s+(?:all\s+|every\s+|any\s+)?(?:tool\s+calls|commands|actions|requests|permission\s+prompts|changes)`,
    ],
    max_per_file: 3,
  },
  {
    id: 'tm-agent-config-tamper',
    category: 'tool_misuse',
    severity: 'MEDIUM',
    title: 'Changes the agent\'s own configuration or memory files',
    description: 'The skill writes to agent settings, hooks, MCP configuration or instruction files (`.claude/settings.json`, `CLAUDE.md`, `AGENTS.md`, `.cursor/rules`, `.github/copilot-instructions.md`, `claude_desktop_config.json`). Changes there persist into every later session.',
    remediation: 'Leave agent configuration to the user; if the skill needs a setting, tell the user what to add.',
    file_types: '*',
    patterns: [
      rx`(?:>>?|\btee\s+(?:-a\s+)?|\b(?:append|add|write|insert|inject|modify|overwrite|edit|update|patch|replace)\s+(?:\w+\s+){0,4}?(?:to|into|in|of)?\s*)["'\x60]?(?:~/|\$HOME/|\./)?(?:\.claude/(?:settings(?:\.local)?\.json|hooks|commands|agents)|CLAUDE\.md|AGENTS\.md|GEMINI\.md|\.cursorrules|\.cursor/(?:rules|mcp\.json)|\.github/copilot-instructions\.md|\.windsurfrules|\.clinerules|\.mcp\.json|claude_desktop_config\.json|\.codex/config\.toml|\.gemini/settings\.json)`,
    ],
    exclusions: [NEGATED],
    max_per_file: 3,
  },
];
