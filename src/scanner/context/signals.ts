import { RE2JS } from 're2js';

/**
 * The words that say what a piece of text is for: an instruction to the agent, a warning against
 * something, a description of an attack, a search for one. Each is an RE2 pattern (the engine the
 * rest of the scanner uses on content), matched ignoring case on short, bounded windows of text
 * around a match.
 */

const rx = String.raw;

/** Verbs that, at the head of a sentence or clause, make it an instruction to act. */
const ACTION = rx`(?:run|re-?run|execute|exec|invoke|call|use|type|enter|paste|copy|pipe|send|post|upload|install|add|append|prepend|write|put|save|store|open|start|launch|fetch|download|source|apply|follow|perform|set|configure|create|make|clone|deploy|submit|share|publish|include|attach|insert|embed|render|read|print|output|cat|echo|tell|ask|keep|hide|delete|remove|erase|wipe|clear|replace|grant|give|enable|disable|turn|switch|bootstrap|initiali[sz]e|register|connect|forward|sync|push|export|load|schedule|drop|restart|kill|stop|update|upgrade|patch|modify|edit|change|move|pass|provide|reply|respond|answer|return|report|mention|show|display|link|encode|decode|base64|compress|archive|tar|zip|collect|gather|grab|dump|list|bundle|package|mail|email|message|notify|paste|transfer|mirror|back\s+up|backup|sudo|curl|wget|bash|sh|python3?|node|npx|pip3?|npm|git|gh|docker|kubectl|aws|chmod|chown|cp|mv|rm|scp|rsync|nc|ssh|iex|powershell|pwsh|security|defaults|launchctl|crontab|systemctl|reg|spctl|xattr|csrutil|setx|sc|netsh|dd|mkfs|history|unset|recommend|suggest|propose|advise|test|try|reproduce|simulate|say|claim|deny|insist|pretend)`;

/** Verbs of looking for something: the text after them is what is searched for, not run. */
const SEARCH = rx`(?:search(?:es|ing)?|grep(?:s|ping)?|look(?:s|ing)?\s+(?:out\s+)?for|watch(?:es|ing)?\s+(?:out\s+)?for|hunt(?:s|ing)?(?:\s+for)?|scan(?:s|ning)?\s+for|check(?:s|ing)?\s+(?:\w+\s+)?for|flag(?:s|ging)?|detect(?:s|ing)?|match(?:es|ing)?|alert(?:s|ing)?\s+on|block(?:s|ing)?|recogni[sz]e|spot(?:s|ting)?|notice|beware\s+of|be\s+wary\s+of|report(?:s|ing)?\s+(?:any\s+)?(?:lines?|files?|skills?|commands?|entries)\s+(?:with|that|containing|like))`;

/** Words that negate what follows. */
const NEGATION = rx`(?:never|do\s+not|don'?t|does\s+not|doesn'?t|must\s+not|mustn'?t|should\s+not|shouldn'?t|may\s+not|cannot|can'?t|won'?t|will\s+not|refuse\s+to|avoid(?:ing)?|not\s+to|no\s+(?:one|skill|agent|user|reason\s+to)\s+(?:should|will|needs?\s+to|may|can)|nobody\s+should|instead\s+of|rather\s+than)`;

/** After a negation, these verbs turn it into an instruction ("do not skip", "don't forget to"). */
const DOUBLE_NEGATIVE = rx`(?:skip|forget|omit|hesitate|fail|neglect|wait|worry|bother|stop|pause|delay|mind|miss|leave\s+out|ask\s+(?:for\s+(?:confirmation|permission|approval)|first|before|again|whether|if|the\s+user\s+(?:first|before|whether|if|for))|(?:tell|inform|mention|let|notify|explain|show|reveal|say|report|log|print|display|disclose|alert|warn)(?:\s+(?:[\w'-]+\s+){0,3}?(?:about|that|what|anything|where|why|of)\b|\s*$|\s+(?:it|this|them|anyone|the\s+user|the\s+human|the\s+operator)\s*$))`;

/**
 * A negation that stands alone as the answer to what the sentence before proposed: "… told people
 * to run the following. Don't: …", "Some tools ask you to do this; refuse:". No verb follows, so
 * there is nothing for a double negative to turn around.
 */
const BARE_NEGATION = rx`(?:^|[.!?;:,—–(]\s*)(?:don'?t|do\s+not|never|refuse|decline)\s*(?:[.!:;—–)]|$)`;

/**
 * German and French negated orders to run, paste or install something ("Führe das niemals aus",
 * "n'exécutez jamais"). Only verbs of running or handing over: "erwähne das nicht" (do not mention)
 * hides a step, so it is no negation of the step.
 */
const FOREIGN_NEGATION = rx`\b(?:führe|führen\s+sie|starte|starten\s+sie|kopiere|kopieren\s+sie|füge|fügen\s+sie|installiere|installieren\s+sie|verwende|verwenden\s+sie|benutze|benutzen\s+sie|sende|senden\s+sie|schicke|schicken\s+sie|lade|laden\s+sie|tippe|gib|geben\s+sie)\s+(?:[\w'-]+\s+){0,4}?(?:niemals|nie|keinesfalls|nicht)\b|\bauf\s+keinen\s+fall\b|\bn['e]\s*(?:exécute[zr]?|lance[zr]?|copie[zr]?|colle[zr]?|utilise[zr]?|installe[zr]?|envoie[zr]?|tape[zr]?|ajoute[zr]?)\s+(?:jamais|pas)\b|\bne\s+(?:jamais|pas)\s+(?:exécuter|lancer|copier|coller|utiliser|installer|envoyer|ajouter)\b`;

const FLAGS = RE2JS.CASE_INSENSITIVE;
const re = (source: string) => RE2JS.compile(source, FLAGS);

/** The text just before a match negates it: "never run `…`", "do not paste the following into …". */
export const NEGATED_BEFORE = re(rx`\b${NEGATION}\s+((?:X,?\s+|(?:or|and|nor)\s+|[\w'-]+\s+){0,12})\W{0,3}$`);
/** The first word after a negation that makes it a positive instruction instead. */
export const DOUBLE_NEGATIVE_WORD = re(rx`^(?:to\s+)?(?:even\s+|just\s+|ever\s+)?${DOUBLE_NEGATIVE}\b`);

/** "never tell the user to run …", "do not ask anyone to paste …": the negation stands. */
export const TELLS_SOMEONE_TO = re(rx`^(?:ever\s+|even\s+|just\s+)?(?:tell|ask|instruct|advise|encourage|get|let|make|have|invite|lure|convince|persuade)\s+(?:[\w'-]+\s+){0,3}?(?:to\s+)?${ACTION}\b`);

/** The text just after a match rejects it: "`…` is never acceptable", "… must not be run". */
export const NEGATED_AFTER = re(
  rx`^[\x60'"\s)*_]{0,6}(?:[,—–-]\s*)?(?:(?:is|are|was|would\s+be|will\s+be)\s+(?:never|not|forbidden|prohibited|banned|unsafe|dangerous|a\s+bad\s+idea)|(?:must|should|may|can)\s*(?:never|not)\b|(?:never|not)\s+(?:ok|okay|acceptable|allowed|safe|needed|required|necessary)\b|\(?\s*(?:never|do\s+not|don'?t)\s+(?:run|do|use|execute|paste|type|follow)\b)`,
);

/** Somewhere in a sentence: a negated action, or a word that forbids. */
export const NEGATED_SENTENCE = re(
  rx`\b${NEGATION}\s+["'\x{201C}\x{2018}]?((?:[\w'-]+\s+){0,3}?${ACTION})\b|\b(?:forbidden|prohibited|not\s+allowed|never\s+allowed|banned|must\s+never|should\s+never|what\s+not\s+to\s+do|anti-?patterns?|bad\s+practices?|never\s+do\s+this|do\s+not\s+do\s+this|don'?ts\b|is\s+never\s+(?:ok|okay|acceptable|safe|needed|required|necessary)|say\s+no\s+(?:and|to)|(?:refuse|decline|reject)\s+(?:it|this|that|them|the\s+(?:request|suggestion|offer)))|${BARE_NEGATION}|${FOREIGN_NEGATION}`,
);

/** The text describes an attack rather than asking for one. */
export const DESCRIBED_ATTACK = re(
  rx`\b(?:attack(?:s|ed|er|ers|er's|ers')?|attacker-controlled|adversar(?:y|ies|ial)|threat\s+actors?|malicious|malware|infostealers?|stealers?|trojans?|backdoors?|rootkits?|ransomware|phishing|phished|scam(?:s|mers?)?|iocs?|indicators?\s+of\s+compromise|indicators?|red\s+flags?|warning\s+signs?|known[- ]bad|compromised?|exploit(?:s|ed|ation)?|payloads?|droppers?|beacons?|exfiltrat\w*|tricks?|leak(?:s|ed|ing)?|prompt[- ]injections?|injected|jailbreaks?|intrusions?|incidents?|forensic\w*|seen\s+in\s+the\s+wild|in\s+the\s+wild|(?:an?\s+)?examples?\s+of\s+(?:an?\s+)?(?:malicious|bad|dangerous|hostile|suspicious|harmful|attack|injected|evil|risky)|quoted\s+(?:here|only|as|so|for)|for\s+(?:reference|illustration)\s+only|so\s+(?:that\s+)?you\s+(?:can\s+)?(?:recogni[sz]e|spot|detect)|what\s+(?:an?\s+)?(?:attack(?:er)?s?|malware|the\s+attacker)|the\s+(?:fake|malicious|rogue|hostile|bad)\b|suspicious|dangerous|unsafe|harmful|sigma|yara|signatures?|detection\s+rules?|(?:the|this|our)\s+rule\s+(?:matches|fires|flags|detects)|red[- ]team\w*|ctf|capture\s+the\s+flag|an?\s+(?:fake|look-?alike|spoofed|counterfeit|typo-?squatted|forged)|look-?alike|so\s+(?:that\s+)?(?:you|reviewers?|readers?|people|users?|others|the\s+team|maintainers)\s+(?:can\s+|could\s+|will\s+)?(?:recogni[sz]e|spot|detect|identify)|(?:it|this|they|the\s+(?:text|passage|comment|message|payload|snippet|page|note|block|line|command|string))\s+(?:tries|try|tried|attempts?|attempted|is\s+trying|are\s+trying|was\s+trying)\s+to)\b`,
);

/** A clause that begins with an order: an imperative verb, after a list marker or a sequencing word. */
export const IMPERATIVE_START = re(
  rx`^[\s\x60*_>(\[]*(?:(?:step\s+\d+|\d+[.)]|[-*+])[\s:.)]*)?(?:(?:first|firstly|then|next|now|finally|also|afterwards|after\s+that|and|so|lastly|please|just|simply|quickly|always|immediately|once\s+done|to\s+finish|right\s+away)[,\s]+)*(?:(?:you\s+(?:must|should|need\s+to|have\s+to|will|are\s+to|shall|can)\s+)|(?:make\s+sure|be\s+sure|remember|don'?t\s+forget|do\s+not\s+forget)\s+(?:to\s+|you\s+)?)?${ACTION}\b`,
);

/** A conditional or purpose clause before the order: "if it is missing, run …", "to install, run …". */
export const CONDITIONAL_IMPERATIVE = re(
  rx`^[\s\x60*_>(\[]*(?:(?:step\s+\d+|\d+[.)]|[-*+])[\s:.)]*)?(?:if|when|whenever|once|after|before|unless|to|for|in\s+order\s+to|on\s+\w+|otherwise|at\s+the\s+end)\b[^.;:!?]{0,100}?,\s*(?:(?:then|first|also|please|just|always)\s+)*${ACTION}\b`,
);

/** An order anywhere in the clause: "you must run …", "the agent should send …". */
export const MODAL_INSTRUCTION = re(
  rx`\b(?:you|agent|assistant|claude|the\s+model)\s+(?:must|should|need\s+to|have\s+to|are\s+to|shall|will\s+need\s+to)\s+(?:always\s+|now\s+|then\s+|also\s+|first\s+)?${ACTION}\b|\b(?:make\s+sure|be\s+sure|remember|don'?t\s+forget|do\s+not\s+forget)\s+(?:to\s+|you\s+)?${ACTION}\b`,
);

/** The match follows a search: "grep for `…`", "flag any line like `…`", or is the argument of grep. */
export const SEARCHED_BEFORE = re(rx`(?:^|[\s(\x60"'])${SEARCH}\s+(?:[\w'",-]+\s+){0,6}\W{0,3}$`);
/** The match is an argument of a search command in the same pipeline step: `grep -E "…"`, `rg '…'`. */
// A `|` inside a quoted pattern (`grep -E 'a|b'`) is an alternation, not a pipe: quoted text is skipped whole.
export const SEARCH_ARGUMENT = re(
  rx`\b(?:grep|egrep|fgrep|zgrep|rg|ag|ack|findstr|Select-String|sls|yara|semgrep|awk\s+'/|sed\s+-n\s+'/)\b(?:[^|;&\n'"]|'[^'\n]*'|"[^"\n]*")*(?:'[^'\n]*|"[^"\n]*)?$`,
);

/** A lead-in that is a search: "Look for lines like:", "The rule flags:". */
export const SEARCH_LEAD = re(
  rx`^[\s\x60*_>(\[]*(?:(?:step\s+\d+|\d+[.)]|[-*+])[\s:.)]*)?(?:(?:first|then|next|now|also|and)[,\s]+)*(?:you\s+(?:should|must|can|will)\s+)?${SEARCH}\b|\b(?:to|will|should|must|can|that|which|rules?|query|queries|signatures?|scanners?|detectors?)\s+(?:\w+\s+)?${SEARCH}\b`,
);

/** A heading or file name that says its section forbids or describes attacks. */
export const SECTION_NEGATED = re(rx`\b(?:never|don'?ts?|do\s+not|what\s+not\s+to|avoid|forbidden|prohibited|anti-?patterns?|bad\s+practices?|pitfalls|mistakes)\b`);
export const SECTION_DESCRIBED = re(
  rx`\b(?:indicators?|iocs?|red\s+flags?|warning\s+signs?|attacks?|attackers?|threats?|malicious|malware|examples?\s+of|known[- ]bad|detections?|detect(?:ing|or)?|hunting|hunt|signatures?|sigma|yara|what\s+(?:it|they|the\s+\w+)\s+did|how\s+(?:it|the\s+attack)\s+works|techniques?|ttps?|samples?|payloads?|suspicious|dangerous|unsafe|vulnerab\w*|exploits?|incidents?|forensics?|triage|phishing|injections?|jailbreaks?)\b`,
);
/** A heading that says its section is what to do. */
export const SECTION_STEPS = re(rx`\b(?:steps?|setup|set\s+up|install(?:ation|ing)?|usage|quick\s*start|getting\s+started|how\s+to\s+use|instructions|procedure|workflow|bootstrap|onboarding|run(?:ning)?|configure|configuration|deploy(?:ment|ing)?)\b`);

/** A skill whose declared purpose (name and description) is detecting, reviewing or teaching about attacks. */
export const DETECTION_PURPOSE = re(
  rx`\b(?:detect(?:s|ed|ing|ion|ions|or|ors)?|hunt(?:s|ing)?|threat[- ](?:hunting|intel\w*|detection|model\w*)|forensic\w*|incident[- ](?:response|runbook|triage|handling)|triage|iocs?|indicators?|sigma|yara|siem|edr|malware[- ]analysis|security[- ](?:training|awareness|review\w*|audit\w*|lesson\w*|course\w*|education|research\w*|scann\w*|checklist)|awareness|teach(?:es|ing)?|lessons?|courses?|tutorials?|training|ctf|capture[- ]the[- ]flag|red[- ]team\w*|blue[- ]team\w*|purple[- ]team\w*|review(?:s|ing|er|ers)?\s+(?:\w+\s+){0,3}?(?:for|of)\s+(?:\w+\s+){0,2}?(?:attacks?|injection|malicious|secrets|security|risks?|red\s+flags)|(?:prompt[- ])?injection[- ](?:defen[cs]e|detection|scanner|review)|phishing|compromise|infostealers?|stealers?|persistence[- ](?:hunt\w*|audit\w*|review)|hardening|vulnerabilit(?:y|ies)|pentest\w*|penetration[- ]test\w*|attack[- ]surface|malicious)\b`,
);

/** Text vouching for itself to a reader or a scanner: never a reason to lower, often the opposite. */
export const REASSURANCE = re(
  rx`\b(?:this|it|the\s+(?:command|script|step|skill|line|code|file|upload))\s+(?:is|are)\s+(?:completely\s+|totally\s+|perfectly\s+|entirely\s+|100%\s+)?(?:safe|harmless|benign|approved|pre-?approved|verified|whitelisted|allow-?listed|sanctioned|not\s+(?:malicious|an?\s+attack|dangerous|harmful|a\s+risk))\b|\bnot\s+(?:actually\s+|really\s+)?(?:malicious|an?\s+attack|malware|dangerous|harmful)\b|\b(?:scanners?|reviewers?|security\s+(?:tools?|scanners?|review)|linters?|auditors?|static\s+analy[sz]ers?)\s+(?:may|might|will|can|should|must|often|sometimes|wrongly)\s+(?:\w+\s+){0,2}?(?:flag|ignore|skip|warn|complain|report|approve|pass)\b|\bsafe\s+to\s+(?:run|ignore|execute|skip)\b|\b(?:approved|vetted|audited|reviewed|signed\s+off)\s+by\s+(?:the\s+|our\s+)?(?:security|secops|infosec|it|platform)\b`,
);

/** After a block: "do not run it", "never paste this". */
export const TRAILER_NEGATED = re(
  rx`\b${NEGATION}\s+(?:ever\s+)?(?:run|execute|use|paste|type|copy|follow|try|install|reproduce|do|send|enter|source|add|include|put|write|embed|render|output|produce|emit|insert|append|apply|commit|clone|download|fetch|pull|visit|open|click|trust|act|connect|decode)\s+(?:(?:from|on|to|into|with|at|upon)\s+)?(?:it|this|that|these|those|them|any\s+of|the\s+(?:above|command|commands|line|lines|snippet|example|code|script|payload|one-liner|loader|entry|block|tag|image|link|markup))\b|^\W{0,3}(?:don'?t|do\s+not|never|refuse|decline)\s*[.!:;—–]`,
);

export const HAS_LETTER = RE2JS.compile(rx`\pL`);
