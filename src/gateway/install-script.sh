#!/bin/sh
# Skillport installer: puts the skills a Skillport server offers you into your agents' skills
# folders (the folders the `skills` installer uses too), checks every bundle's sha256 digest
# before anything lands, and keeps a manifest so that --update and --uninstall touch only what it
# installed, and never a file you changed.
#
#   curl -fsSL https://skills.example.com/api/skills/install.sh | sh
#   curl -fsSL https://skills.example.com/api/skills/install.sh | sh -s -- --agent cursor --scope user
#
# Needs sh, curl (or wget, without a key), tar, and sha256sum (or shasum). `--help` lists every option.
# Everything below is a function called from the last line, so a download cut short runs nothing.

SP_DEFAULT_SERVER='@SKILLPORT_SERVER@'
SP_MANIFEST=.skillport-manifest
SP_STAGE=.skillport-tmp

# @SKILLPORT_AGENTS@

sp_usage() {
  cat <<'EOF'
Usage: curl -fsSL SERVER/api/skills/install.sh | sh -s -- [options]
       sh install.sh [options]

Installs every skill the server offers you (or the ones --skills names) into an agent's skills
folder, and later updates or removes them. Every bundle's sha256 digest is checked before
anything is installed; a run that fails installs nothing.

Where:
  --agent ID[,ID]   claude-code (the default), any agent below, or "all": every agent whose
                    configuration folder exists on this machine
  --scope SCOPE     project (the default: the agent's folder under the current directory)
                    or user (under your home folder)
  --dir DIR         a skills folder of your own choosing instead of an agent's

What:
  --skills A,B      only these skills
  --update          also replace installed skills that changed on the server
  --uninstall       remove the skills this script installed (all, or those --skills names)
  --force           overwrite or remove skills you changed locally, and replace folders this
                    script did not install
  --dry-run, -n     say what would change; change nothing

From where:
  --server URL      the Skillport server (default: $SKILLPORT_SERVER, else the server this
                    script was downloaded from)
  --key KEY         an API key (default: $SKILLPORT_KEY); sent in a header, never shown or saved
  --share TOKEN     a share link, or just its token (default: $SKILLPORT_SHARE)

Output:
  --quiet, -q       only warnings and errors
  --help, -h        this text

Downloads use curl, or wget when curl is missing (SKILLPORT_DOWNLOADER=wget to choose it);
with wget only share links and public read work, since wget cannot take a key unseen.

Exit status: 0 done; 1 failed (nothing of the failed run was installed); 2 bad usage;
3 done, but some skills were left alone (local changes, or folders this script did not make).

Agents and their folders (user scope, project scope):
EOF
  sp_agent_help
  if [ -n "$SP_DEFAULT_SERVER" ]; then printf '\nThis copy installs from %s unless told otherwise.\n' "$SP_DEFAULT_SERVER"; fi
}

sp_say() { [ "$sp_quiet" = 1 ] || printf '%s\n' "$*"; }
sp_warn() { printf 'install.sh: %s\n' "$*" >&2; }
sp_fail() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}
sp_usage_fail() {
  printf 'install.sh: %s (see --help)\n' "$*" >&2
  exit 2
}
sp_have() { command -v "$1" >/dev/null 2>&1; }

# A folder as people read it: under the home folder as ~/...
sp_show() {
  sp_r=$1
  if [ -n "${HOME:-}" ] && [ "$HOME" != / ]; then
    case $1 in "$HOME"/*) sp_r="~/${1#"$HOME"/}" ;; esac
  fi
}

# Replaces every copy of the share token in $1 (messages from curl or wget) by ***.
sp_redact() {
  sp_r=$1
  [ -n "$sp_share" ] || return 0
  sp_acc=
  while :; do
    case $sp_r in
      *"$sp_share"*) sp_acc=$sp_acc${sp_r%%"$sp_share"*}'***'; sp_r=${sp_r#*"$sp_share"} ;;
      *) break ;;
    esac
  done
  sp_r=$sp_acc$sp_r
}

sp_parse() {
  while [ $# -gt 0 ]; do
    case $1 in
      --*=*) sp_o=${1%%=*}; sp_v=${1#*=}; sp_inline=1 ;;
      *) sp_o=$1; sp_v=; sp_inline=0 ;;
    esac
    case $sp_o in
      --agent | --scope | --skills | --server | --key | --share | --dir)
        if [ "$sp_inline" = 0 ]; then
          [ $# -ge 2 ] || sp_usage_fail "$sp_o needs a value"
          sp_v=$2
          shift
        fi
        case $sp_o in
          --agent) sp_agents=${sp_agents:+$sp_agents,}$sp_v ;;
          --scope) sp_scope=$sp_v ;;
          --skills) sp_skills=${sp_skills:+$sp_skills,}$sp_v ;;
          --server) sp_server=$sp_v ;;
          --key) sp_key=$sp_v ;;
          --share) sp_share=$sp_v ;;
          --dir) sp_dir=$sp_v ;;
        esac
        ;;
      --update | --uninstall | --force | --dry-run | --quiet | --help | -n | -q | -h)
        [ "$sp_inline" = 0 ] || sp_usage_fail "$sp_o takes no value"
        case $sp_o in
          --update) sp_update=1 ;;
          --uninstall) sp_uninstall=1 ;;
          --force) sp_force=1 ;;
          --dry-run | -n) sp_dry=1 ;;
          --quiet | -q) sp_quiet=1 ;;
          --help | -h) sp_usage; exit 0 ;;
        esac
        ;;
      # An unknown option is named only when it looks like one: it might be a mistyped key.
      -*[!a-z-]*) sp_usage_fail 'unknown option' ;;
      -*) sp_usage_fail "unknown option $sp_o" ;;
      *) sp_usage_fail 'unexpected argument (every option starts with --)' ;;
    esac
    shift
  done
}

sp_check_options() {
  if [ "$sp_update" = 1 ] && [ "$sp_uninstall" = 1 ]; then sp_usage_fail '--update and --uninstall do not go together'; fi
  case $sp_scope in
    user | project) ;;
    *) sp_usage_fail "unknown scope \"$sp_scope\"; use one of: user, project" ;;
  esac
  sp_old_ifs=$IFS
  IFS=,
  for sp_n in $sp_skills; do
    case $sp_n in
      '') ;;
      *[!a-z0-9-]* | -* | *- | *--*) IFS=$sp_old_ifs; sp_usage_fail "\"$sp_n\" is not a skill name (lowercase letters, digits and single hyphens)" ;;
    esac
  done
  IFS=$sp_old_ifs
  # A whole share link names the server too.
  case $sp_share in
    http://*/s/* | https://*/s/*)
      sp_server=${sp_share%%/s/*}
      sp_share=${sp_share#*/s/}
      sp_share=${sp_share%%/*}
      ;;
  esac
  case $sp_share in
    *[!A-Za-z0-9._~-]*) sp_usage_fail 'the share token has characters share tokens never have: pass the share link or its token as you were given it' ;;
  esac
  case $sp_key in
    *[!A-Za-z0-9._~+/=-]*) sp_usage_fail 'the key (SKILLPORT_KEY or --key) has characters API keys never have, such as spaces or quotes' ;;
  esac
  [ -n "$sp_server" ] || sp_server=$SP_DEFAULT_SERVER
  if [ "$sp_uninstall" = 1 ]; then return 0; fi
  [ -n "$sp_server" ] || sp_usage_fail 'no server: pass --server URL (or set SKILLPORT_SERVER)'
  case $sp_server in
    http://?* | https://?*) ;;
    *) sp_usage_fail "the server must be an http:// or https:// URL, such as https://skills.example.com" ;;
  esac
  case $sp_server in
    *[!][A-Za-z0-9._~:/%+-]*) sp_usage_fail 'the server URL may hold a scheme, host, port and path only (no user name, query or spaces)' ;;
  esac
  while :; do
    case $sp_server in
      */) sp_server=${sp_server%/} ;;
      *) break ;;
    esac
  done
  if [ -n "$sp_share" ]; then
    sp_base=$sp_server/s/$sp_share
    sp_where="a share link on $sp_server"
  else
    sp_base=$sp_server
    sp_where=$sp_server
  fi
}

sp_check_tools() {
  if sp_have sha256sum; then
    sp_sha=sha256sum
  elif sp_have shasum; then
    sp_sha='shasum -a 256'
  else
    sp_fail 'needs sha256sum or shasum to check what it installs; install coreutils (or perl for shasum) and run again'
  fi
  [ "$sp_uninstall" = 1 ] && return 0
  sp_have tar || sp_fail 'needs tar; install it and run again'
  case ${SKILLPORT_DOWNLOADER:-} in
    '')
      if sp_have curl; then sp_http=curl; elif sp_have wget; then sp_http=wget; else sp_fail 'needs curl or wget to download skills; install one and run again'; fi
      ;;
    curl | wget)
      sp_http=$SKILLPORT_DOWNLOADER
      sp_have "$sp_http" || sp_fail "SKILLPORT_DOWNLOADER is $sp_http, which is not installed"
      ;;
    *) sp_usage_fail 'SKILLPORT_DOWNLOADER must be curl or wget' ;;
  esac
  # wget takes headers only on its command line or from a file: either would expose the key.
  if [ "$sp_http" = wget ] && [ -n "$sp_key" ]; then
    sp_fail 'an API key needs curl: wget would have to put it on its command line, where other users of this machine can read it. Install curl, or use a share link (--share) instead of a key'
  fi
}

# The folders to install into, numbered sp_t_1.. with the agents each serves in sp_ta_N.
sp_add_target() {
  sp_i=1
  while [ "$sp_i" -le "$sp_tn" ]; do
    eval "sp_x=\$sp_t_$sp_i"
    if [ "$sp_x" = "$1" ]; then
      eval "sp_ta_$sp_i=\"\$sp_ta_$sp_i, \$2\""
      return 0
    fi
    sp_i=$((sp_i + 1))
  done
  sp_tn=$((sp_tn + 1))
  eval "sp_t_$sp_tn=\$1"
  eval "sp_ta_$sp_tn=\$2"
}

sp_resolve_targets() {
  sp_tn=0
  if [ -n "$sp_dir" ]; then
    [ -z "$sp_agents" ] || sp_usage_fail '--dir and --agent do not go together: --dir names the folder itself'
    case $sp_dir in /*) ;; *) sp_dir=$PWD/$sp_dir ;; esac
    sp_add_target "$sp_dir" "--dir"
    return 0
  fi
  sp_chosen=
  sp_all=0
  sp_old_ifs=$IFS
  IFS=,
  for sp_a in ${sp_agents:-claude-code}; do
    case $sp_a in
      '') ;;
      all) sp_all=1 ;;
      *)
        case " $SP_AGENT_IDS " in
          *" $sp_a "*) sp_chosen="$sp_chosen $sp_a" ;;
          *)
            IFS=$sp_old_ifs
            sp_m=all
            for sp_x in $SP_AGENT_IDS; do sp_m="$sp_m, $sp_x"; done
            sp_usage_fail "unknown agent \"$sp_a\"; use one of: $sp_m"
            ;;
        esac
        ;;
    esac
  done
  IFS=$sp_old_ifs
  if [ -z "${HOME:-}" ] && { [ "$sp_scope" = user ] || [ "$sp_all" = 1 ]; }; then sp_fail 'HOME is not set: it is needed to find the agents'"'"' folders'; fi
  if [ "$sp_all" = 1 ]; then
    sp_found=
    for sp_a in $SP_AGENT_IDS; do
      if sp_agent_detected "$sp_a"; then sp_found="$sp_found $sp_a"; fi
    done
    [ -n "$sp_found" ] || sp_fail "--agent all found no agent on this machine (it looks for their configuration folders, such as ~/.claude or ~/.cursor); name one with --agent"
    sp_chosen="$sp_chosen $sp_found"
  fi
  [ -n "$sp_chosen" ] || sp_usage_fail 'no agent named'
  for sp_a in $sp_chosen; do
    sp_agent_dir "$sp_a" "$sp_scope"
    case $sp_r in /*) ;; *) sp_r=$PWD/$sp_r ;; esac
    sp_add_target "$sp_r" "$sp_a"
  done
}

# Options every curl request shares, and the key as a header. curl reads them (and the URLs)
# from its standard input, so neither the key nor a share token is ever on a command line, where
# other users of the machine could read it, nor on disk.
sp_curl_config() {
  printf '%s\n' silent show-error 'proto = "=http,https"' 'connect-timeout = 30' 'speed-limit = 1' 'speed-time = 120' \
    'user-agent = "skillport-install.sh"' 'write-out = "%{http_code}\n"'
  if [ -n "$sp_key" ]; then printf 'header = "Authorization: Bearer %s"\n' "$sp_key"; fi
}

# One download with wget, the URL through its standard input (never on its command line, where
# other users of the machine could read a share token). Appends the HTTP status (000 when none)
# to the file codes.
sp_wget() {
  printf '%s/%s\n' "$sp_base" "$1" | wget -nv -S --tries=1 --max-redirect=0 --timeout=60 -U skillport-install.sh --content-on-error -O "$2" -i - 2>http.err
  sp_rc=$?
  sp_status=000
  while IFS= read -r sp_l; do
    sp_l=${sp_l#"${sp_l%%[! ]*}"}
    case $sp_l in HTTP/*' '[0-9][0-9][0-9]*) sp_status=${sp_l#* }; sp_status=${sp_status%%[!0-9]*} ;; esac
  done <http.err
  printf '%s\n' "$sp_status" >>codes
}

# The server's message in an error answer ({"error": ..., "message": ...}), on one line.
sp_server_message() {
  awk '
    NR > 200 { exit }
    { s = s $0 " " }
    function field(k,   i, t, r, c) {
      i = index(s, "\"" k "\":\"")
      if (i == 0) return ""
      t = substr(s, i + length(k) + 4)
      r = ""
      while (t != "" && length(r) < 600) {
        c = substr(t, 1, 1)
        if (c == "\\") { r = r substr(t, 2, 1); t = substr(t, 3); continue }
        if (c == "\"") break
        r = r c
        t = substr(t, 2)
      }
      return r
    }
    END {
      e = field("error"); m = field("message")
      if (m != "" && m != e) e = e (e == "" ? "" : ": ") m
      gsub(/[[:cntrl:]]/, " ", e)
      print e
    }' "$1" 2>/dev/null
}

# What curl or wget said went wrong (curl: its first line; wget: its last line that is not a
# header), without the share token.
sp_transfer_error() {
  sp_r=
  if [ -s http.err ]; then
    while IFS= read -r sp_l; do
      case $sp_l in '' | ' '*) continue ;; esac
      sp_r=$sp_l
      [ "$sp_http" = curl ] && break
    done <http.err
  fi
  sp_redact "$sp_r"
}

# Explains a failed answer: $1 status, $2 file holding the body, $3 what was asked for.
sp_http_failure() {
  if [ "$1" = 000 ]; then
    sp_transfer_error
    sp_fail "cannot reach $sp_where for $3${sp_r:+: $sp_r}"
  fi
  sp_m=$(sp_server_message "$2")
  sp_m=${sp_m:+: $sp_m}
  case $1 in
    401)
      if [ -n "$sp_share" ]; then sp_hint='the share link is wrong, revoked or expired: ask for a new one'
      elif [ -n "$sp_key" ]; then sp_hint='the key is wrong, revoked or expired: make a new one under API keys'
      else sp_hint='set SKILLPORT_KEY to an API key, or pass --share with a share link'; fi
      sp_fail "the server refused $3 (HTTP 401$sp_m). $sp_hint"
      ;;
    403) sp_fail "the server refused $3 (HTTP 403$sp_m)" ;;
    404) sp_fail "the server answered HTTP 404 for $3$sp_m: is $sp_server a Skillport server?" ;;
    3[0-9][0-9]) sp_fail "the server redirected the request for $3 (HTTP $1): pass the URL it moved to as --server" ;;
    *) sp_fail "the server answered HTTP $1 for $3$sp_m" ;;
  esac
}

# Downloads the list of skills to install (name, version, digest, path; tab-separated) into want.tsv.
sp_fetch_list() {
  : >codes
  : >http.err
  if [ "$sp_http" = curl ]; then
    { sp_curl_config; printf 'url = "%s/api/skills/install.tsv"\noutput = "list.tsv"\n' "$sp_base"; } | curl -K - >codes 2>http.err
    sp_rc=$?
  else
    sp_wget api/skills/install.tsv list.tsv
  fi
  read -r sp_status <codes || sp_status=000
  [ "$sp_status" = 200 ] || sp_http_failure "$sp_status" list.tsv 'the list of skills'
  if [ "$sp_rc" != 0 ]; then
    sp_transfer_error
    sp_fail "the list of skills from $sp_where was cut short${sp_r:+: $sp_r}"
  fi
  : >list.bad
  : >list.missing
  awk -F '\t' -v want="$sp_skills" -v bad=list.bad -v missing=list.missing '
    function okname(s) { return length(s) <= 64 && s ~ /^[a-z0-9]+(-[a-z0-9]+)*$/ }
    function okpath(s) { return s ~ /^[A-Za-z0-9._~@+\/-]+$/ && s !~ /^\// && s !~ /(^|\/)\.\.?(\/|$)/ }
    BEGIN {
      n = split(want, w, ",")
      for (i = 1; i <= n; i++) if (w[i] != "") { wanted[w[i]] = 1; filter = 1 }
    }
    { sub(/\r$/, "") }
    $0 == "" { next }
    NF != 4 || !okname($1) || $2 !~ /^[0-9A-Za-z.+-]+$/ || $3 !~ /^sha256:[0-9a-f]+$/ || length($3) != 71 || !okpath($4) || seen[$1]++ {
      print NR > bad
      failed = 1
      exit 1
    }
    filter && !($1 in wanted) { next }
    { found[$1] = 1; print }
    END {
      if (failed) exit 1
      for (k in wanted) if (!(k in found)) print k > missing
    }' list.tsv >want.tsv || {
    read -r sp_l <list.bad
    sp_fail "the list of skills from $sp_where has a line this script cannot read (line ${sp_l:-?}): is the server a Skillport server?"
  }
  if [ ! -s list.tsv ]; then
    if [ -n "$sp_key$sp_share" ]; then sp_say "The server offers you no skills."; else sp_say "The server offers no skills without a key: set SKILLPORT_KEY to an API key, or pass --share with a share link."; fi
  fi
  if [ -s list.missing ]; then
    sp_m=
    while IFS= read -r sp_l; do sp_m=${sp_m:+$sp_m, }$sp_l; done <list.missing
    sp_fail "not offered to you by $sp_where: $sp_m (check the names, and what your key or share link may read)"
  fi
}

# The lock on a target folder: its staging folder, made with mkdir (atomic). A leftover from a
# run that was killed (its process is gone) is removed.
sp_lock() {
  sp_stage=$1/$SP_STAGE
  mkdir -p "$1" 2>/dev/null || { sp_show "$1"; sp_fail "cannot create $sp_r"; }
  if ! mkdir "$sp_stage" 2>/dev/null; then
    sp_pid=
    if [ -f "$sp_stage/pid" ]; then read -r sp_pid <"$sp_stage/pid"; fi
    if [ -n "$sp_pid" ] && kill -0 "$sp_pid" 2>/dev/null; then
      sp_show "$1"
      sp_fail "another install.sh (process $sp_pid) is working in $sp_r; wait for it to finish"
    fi
    rm -rf "$sp_stage"
    mkdir "$sp_stage" 2>/dev/null || { sp_show "$1"; sp_fail "cannot write to $sp_r"; }
  fi
  sp_stages=$sp_stages$sp_nl$sp_stage
  printf '%s\n' "$$" >"$sp_stage/pid"
}

sp_cleanup() {
  sp_old_ifs=$IFS
  IFS=$sp_nl
  for sp_s in $sp_stages; do
    [ -n "$sp_s" ] && rm -rf "$sp_s"
  done
  IFS=$sp_old_ifs
  if [ -n "$sp_work" ]; then
    cd / 2>/dev/null
    rm -rf "$sp_work"
  fi
}

# Names of the entries of a folder, one a line (nothing when it does not exist).
sp_list_dir() {
  if [ -d "$1" ]; then ls -a "$1" >"$2" 2>/dev/null || : >"$2"; else : >"$2"; fi
}

# Hashes the files of installed skills ($2: names) in folder $1 into $3.sums, and lists what is
# neither a file nor a folder in $3.other.
sp_hash_installed() {
  : >"$3.sums"
  : >"$3.other"
  [ -n "$2" ] || return 0
  (cd "$1" && find $2 -type f -exec $sp_sha {} + >"$sp_work/$3.sums" 2>/dev/null)
  (cd "$1" && find $2 ! -type d ! -type f -print >"$sp_work/$3.other" 2>/dev/null)
  return 0
}

# Local changes to installed skills: reads the manifest ($1), the hashes made by
# sp_hash_installed ($2.sums, $2.other); writes "name TAB description" for each changed skill.
sp_local_changes() {
  awk -F '\t' -v mf="$1" -v sums="$2.sums" -v other="$2.other" '
    function note(name, what) {
      count[name]++
      if (count[name] <= 4) text[name] = text[name] (text[name] == "" ? "" : ", ") what
      else if (count[name] == 5) text[name] = text[name] ", and more"
    }
    BEGIN {
      while ((getline l < mf) > 0) {
        n = split(l, f, "\t")
        if (f[1] == "file" && n >= 4) { p = f[4]; for (i = 5; i <= n; i++) p = p "\t" f[i]; want[f[2] "/" p] = f[3] }
      }
      while ((getline l < sums) > 0) {
        h = substr(l, 1, 64); p = substr(l, 66); sub(/^[ *]/, "", p)
        name = p; sub(/\/.*/, "", name)
        if (!(p in want)) note(name, p " (added)")
        else if (want[p] != h) note(name, p " (changed)")
      }
      while ((getline l < other) > 0) { name = l; sub(/\/.*/, "", name); note(name, l " (not a plain file)") }
      for (name in text) print name "\t" text[name]
    }'
}

# The plan for one target: reads want.tsv, the manifest ($1) and the folder listing ($2); writes
# "action TAB name TAB version TAB digest TAB path TAB installed-version" to stdout.
sp_plan() {
  awk -F '\t' -v OFS='\t' -v mf="$1" -v present="$2" -v update="$sp_update" -v force="$sp_force" -v filter="$sp_skills" '
    BEGIN {
      while ((getline l < mf) > 0) { split(l, f, "\t"); if (f[1] == "skill") { mver[f[2]] = f[3]; mdig[f[2]] = f[4] } }
      while ((getline l < present) > 0) here[l] = 1
    }
    {
      name = $1
      listed[name] = 1
      if (name in mdig) {
        if (!(name in here)) act = "reinstall"
        else if (mdig[name] == $3) act = "same"
        else act = update == 1 ? "update" : "outdated"
      } else if (name in here) act = force == 1 ? "replace" : "foreign"
      else act = "install"
      print act, name, $2, $3, $4, (name in mver ? mver[name] : "-")
    }
    END {
      if (update == 1 && filter == "") for (name in mdig) if (!(name in listed)) print "gone", name, mver[name], mdig[name], "-", mver[name]
    }' want.tsv
}

# Marks updates of locally changed skills as kept (unless --force): reads the plan on stdin and
# the changes file $1; adds the description of the changes as a seventh column.
sp_apply_changes() {
  awk -F '\t' -v OFS='\t' -v changes="$1" -v force="$sp_force" '
    BEGIN { while ((getline l < changes) > 0) { i = index(l, "\t"); what[substr(l, 1, i - 1)] = substr(l, i + 1) } }
    {
      if ($2 in what) {
        if (force == 1) $7 = "overwrote: " what[$2]
        else { $1 = "kept"; $7 = what[$2] }
      }
      print
    }'
}

# One line per skill that changes (or is left alone), and a summary, from a plan file ($1) for the
# folder shown as $2. Exits 3 when something was left alone.
sp_report() {
  awk -F '\t' -v where="$2" -v quiet="$sp_quiet" -v dry="$sp_dry" -v mode="$3" '
    function say(s) { if (quiet != 1) print s }
    function warn(s) { print "install.sh: " s > "/dev/stderr" }
    {
      n[$1]++
      w = dry == 1 ? "would " : ""
      if ($1 == "install") say("  " (dry == 1 ? "would install " : "installed ") $2 " " $3)
      else if ($1 == "reinstall") say("  " (dry == 1 ? "would install " : "installed ") $2 " " $3 " (its folder was missing)")
      else if ($1 == "update") say("  " (dry == 1 ? "would update " : "updated ") $2 " " $6 " -> " $3 ($7 != "" ? " (" $7 ")" : ""))
      else if ($1 == "replace") say("  " (dry == 1 ? "would replace " : "replaced ") $2 " with " $3 " (its folder was not installed by install.sh)")
      else if ($1 == "outdated") say("  " $2 " " $6 " is installed; the server has " $3 ": run with --update to update it")
      else if ($1 == "gone") say("  " $2 " " $6 " is no longer offered to you; kept (--uninstall --skills " $2 " removes it)")
      else if ($1 == "remove") say("  " (dry == 1 ? "would remove " : "removed ") $2 " " $3 ($7 != "" ? " (" $7 ")" : ""))
      else if ($1 == "drop") say("  " (dry == 1 ? "would forget " : "forgot ") $2 " " $3 " (its folder was already gone)")
      else if ($1 == "foreign") warn("left " $2 " alone: " where "/" $2 " exists and was not installed by install.sh (--force replaces it)")
      else if ($1 == "kept" && mode == "uninstall") warn("left " $2 " alone, it has local changes: " $7 "; --force removes it anyway")
      else if ($1 == "kept") warn("left " $2 " alone, it has local changes: " $7 "; move your changes away, or run again with --force to overwrite them")
      else if ($1 == "unknown") warn($2 " was not installed in " where " by install.sh; left alone")
    }
    END {
      s = ""
      if (mode == "uninstall") {
        add(n["remove"] + n["drop"], dry == 1 ? "to remove" : "removed")
      } else {
        add(n["install"] + n["reinstall"], dry == 1 ? "to install" : "installed")
        add(n["update"], dry == 1 ? "to update" : "updated")
        add(n["replace"], dry == 1 ? "to replace" : "replaced")
        add(n["same"], "up to date")
        add(n["outdated"], "with a newer version (--update)")
      }
      add(n["kept"] + n["foreign"], "left alone")
      say("  " (dry == 1 ? "dry run: " : "done: ") (s == "" ? "nothing to do" : s))
      if (n["kept"] + n["foreign"] > 0) exit 3
    }
    function add(count, label) { if (count > 0) s = s (s == "" ? "" : ", ") count " " label }' "$1"
}

# The new manifest: the old one ($1) without the skills the plan ($2) replaces or removes, plus
# the skills it installs with each file's sha256 ($3: sha256sum output over name/path).
sp_write_manifest() {
  awk -F '\t' -v OFS='\t' -v plan="$2" -v sums="$3" '
    BEGIN {
      print "# Skillport: the skills install.sh put in this folder, with the sha256 of each file."
      print "# install.sh --update and --uninstall read it; do not edit it."
      while ((getline l < plan) > 0) {
        split(l, f, "\t")
        if (f[1] ~ /^(install|reinstall|update|replace)$/) { order[++k] = f[2]; ver[f[2]] = f[3]; dig[f[2]] = f[4]; drop[f[2]] = 1 }
        else if (f[1] == "remove" || f[1] == "drop") drop[f[2]] = 1
      }
    }
    /^#/ { next }
    { if (!($2 in drop)) { print; if ($1 == "skill") kept++ } }
    END {
      for (i = 1; i <= k; i++) print "skill", order[i], ver[order[i]], dig[order[i]]
      while ((getline l < sums) > 0) {
        h = substr(l, 1, 64); p = substr(l, 66); sub(/^[ *]/, "", p)
        name = p; sub(/\/.*/, "", name); rest = substr(p, length(name) + 2)
        print "file", name, h, rest
      }
      if (k + kept == 0) exit 4
    }' "$1"
}

# Names in a plan file whose action matches $2 (an awk regular expression), on one line.
sp_names() {
  awk -F '\t' -v re="$2" '$1 ~ re { printf "%s ", $2 }' "$1"
}

# Downloads every bundle named in need.tsv into b/NAME.tgz and checks it against its digest.
sp_download() {
  mkdir b || sp_fail "cannot write to $sp_work"
  : >codes
  : >http.err
  sp_count=$(awk 'END { print NR }' need.tsv)
  sp_say "Downloading $sp_count bundle(s) from $sp_where"
  sp_rc=0
  if [ "$sp_http" = curl ]; then
    { sp_curl_config; awk -F '\t' -v base="$sp_base" '{ printf "url = \"%s/%s\"\noutput = \"b/%s.tgz\"\n", base, $3, $1 }' need.tsv; } | curl -K - >codes 2>http.err
    sp_rc=$?
  else
    while IFS='	' read -r sp_n sp_d sp_p; do sp_wget "$sp_p" "b/$sp_n.tgz"; done <need.tsv
  fi
  set +f
  (cd b && $sp_sha *.tgz) >sums 2>/dev/null
  set -f
  awk -F '\t' -v OFS='\t' -v sums=sums -v codes=codes '
    BEGIN {
      while ((getline l < sums) > 0) { h = substr(l, 1, 64); p = substr(l, 66); sub(/^[ *]/, "", p); got[p] = h }
      while ((getline l < codes) > 0) code[++c] = l
    }
    {
      i++
      st = (i in code) ? code[i] : "000"
      f = $1 ".tgz"
      if (st != "200") print $1, "http", st
      else if (!(f in got)) print $1, "missing", ""
      else if ("sha256:" got[f] != $2) print $1, "digest", "sha256:" got[f], $2
    }' need.tsv >failed.tsv
  [ -s failed.tsv ] || return 0
  sp_failed=0
  sp_lines=
  while IFS='	' read -r sp_n sp_why sp_got sp_want; do
    sp_failed=$((sp_failed + 1))
    [ "$sp_failed" -le 10 ] || continue
    case $sp_why in
      http)
        if [ "$sp_got" = 000 ]; then
          sp_transfer_error
          sp_l="could not be downloaded${sp_r:+: $sp_r}"
        else
          sp_m=$(sp_server_message "b/$sp_n.tgz")
          sp_l="HTTP $sp_got${sp_m:+: $sp_m}"
        fi
        ;;
      missing) sp_l='no bundle arrived' ;;
      digest) sp_l="the bundle does not match its digest (the list says $sp_want, the bytes are $sp_got): the download was cut short or the bundle was altered" ;;
    esac
    sp_lines="$sp_lines$sp_nl  $sp_n: $sp_l"
  done <failed.tsv
  [ "$sp_failed" -le 10 ] || sp_lines="$sp_lines$sp_nl  and $((sp_failed - 10)) more"
  sp_fail "$sp_failed of $sp_count bundle(s) failed; nothing was installed:$sp_lines"
}

# Unpacks the bundles a target needs ($2: names) into $1/new: each bundle holds its files under
# a folder named after its skill, so one tar unpacks them all (with GNU tar or bsdtar). When that
# fails, each bundle is unpacked on its own, which also tells which one tar refused. The whole run
# is refused when a bundle holds anything but plain files and folders inside its own folder.
sp_unpack() {
  mkdir "$1/new" "$1/old" || sp_fail "cannot write to $1"
  sp_tgz=$(printf '%s.tgz ' $2)
  sp_bad=
  sp_refused=' '
  if (cd b && cat $sp_tgz) >all.tgz 2>/dev/null && tar -xoz --ignore-zeros -f all.tgz -C "$1/new" 2>tar.err && [ ! -s tar.err ]; then
    :
  else
    rm -rf "$1/new" "$1/one"
    mkdir "$1/new" "$1/one" || sp_fail "cannot write to $1"
    (cd "$1/one" && mkdir $2) || sp_fail "cannot write to $1/one"
    sp_moves=
    for sp_n in $2; do
      if ! tar -xozf "b/$sp_n.tgz" -C "$1/one/$sp_n" 2>tar.err || [ -s tar.err ]; then
        sp_bad="$sp_bad$sp_nl  $sp_n: tar refused an entry (a name with .., an absolute path, or a link out of the folder)"
        sp_refused="$sp_refused$sp_n "
        continue
      fi
      sp_ok=1
      set +f
      for sp_e in "$1/one/$sp_n"/* "$1/one/$sp_n"/.[!.]* "$1/one/$sp_n"/..?*; do
        if { [ -e "$sp_e" ] || [ -L "$sp_e" ]; } && [ "$sp_e" != "$1/one/$sp_n/$sp_n" ]; then sp_ok=0; fi
      done
      set -f
      if [ "$sp_ok" = 1 ]; then
        sp_moves="$sp_moves $sp_n/$sp_n"
      else
        sp_bad="$sp_bad$sp_nl  $sp_n: the bundle holds files outside the folder $sp_n/"
        sp_refused="$sp_refused$sp_n "
      fi
    done
    if [ -n "$sp_moves" ]; then
      (cd "$1/one" && mv $sp_moves "$1/new/") || sp_fail "could not gather the unpacked skills in $1"
    fi
  fi
  # Exactly the skills asked for, each with a SKILL.md.
  sp_list_dir "$1/new" unpacked
  awk -v names="$2" '
    BEGIN { n = split(names, w, " "); for (i = 1; i <= n; i++) want[w[i]] = 1 }
    $0 != "." && $0 != ".." && !($0 in want) { printf "\n  %s: a bundle holds this folder, which is not a skill being installed", $0 }' unpacked >found.txt
  sp_bad=$sp_bad$(cat found.txt)
  for sp_n in $2; do
    case $sp_refused in *" $sp_n "*) continue ;; esac
    [ -f "$1/new/$sp_n/SKILL.md" ] || sp_bad="$sp_bad$sp_nl  $sp_n: the bundle has no $sp_n/SKILL.md"
  done
  # Anything but plain files and folders (links, devices, hard links), or names a manifest line
  # cannot hold: the skill is refused, and with it the run.
  (cd "$1/new" && find . \( ! -type d ! -type f \) -o \( -type f -links +1 \) -o -name "*$sp_nl*" -o -name "*$sp_tab*" -o -name '*\\*') >found.txt 2>/dev/null
  if [ -s found.txt ]; then
    sp_bad="$sp_bad$(awk -v nl="$sp_nl" '{ sub(/^\.\//, ""); n = $0; sub(/\/.*/, "", n); if (n != "" && !(n in seen)) { seen[n] = 1; printf "%s  %s: the bundle holds a link, a hard link or a name with a tab, newline or backslash\n", nl, n } }' found.txt)"
  fi
  [ -z "$sp_bad" ] || sp_fail "refused, nothing was installed:$sp_bad"
  # Modes as the server meant them: the owner can always change and remove what was installed,
  # and nothing is writable by others or set-id.
  chmod -R u+rwX,go-w,ug-s "$1/new" || sp_fail "cannot set permissions in $1/new"
}

# Plans target $1 into plan.$1: what to install, update or leave alone there.
sp_plan_target() {
  eval "sp_d=\$sp_t_$1"
  sp_list_dir "$sp_d" "present.$1"
  sp_mf=$sp_d/$SP_MANIFEST
  [ -f "$sp_mf" ] || sp_mf=/dev/null
  sp_plan "$sp_mf" "present.$1" >"plan0.$1" || sp_fail 'could not plan the install'
  # Skills about to be replaced: compare their files with the manifest first.
  : >"changes.$1"
  if [ "$sp_force" != 1 ]; then
    sp_upd=$(sp_names "plan0.$1" '^update$')
    if [ -n "$sp_upd" ]; then
      sp_hash_installed "$sp_d" "$sp_upd" "cur.$1"
      sp_local_changes "$sp_mf" "cur.$1" >"changes.$1"
    fi
  fi
  sp_apply_changes "changes.$1" <"plan0.$1" >"plan.$1"
}

sp_install() {
  sp_fetch_list
  sp_i=1
  while [ "$sp_i" -le "$sp_tn" ]; do
    sp_plan_target "$sp_i"
    # A folder where nothing changes is not touched at all; where something does, the plan is
    # made again under the folder's lock.
    if [ "$sp_dry" != 1 ] && [ -n "$(sp_names "plan.$sp_i" '^(install|reinstall|update|replace)$')" ]; then
      sp_lock "$sp_d"
      sp_plan_target "$sp_i"
    fi
    sp_i=$((sp_i + 1))
  done
  # Every bundle any target needs, once.
  sp_i=1
  sp_plans=
  while [ "$sp_i" -le "$sp_tn" ]; do sp_plans="$sp_plans plan.$sp_i"; sp_i=$((sp_i + 1)); done
  awk -F '\t' -v OFS='\t' '$1 ~ /^(install|reinstall|update|replace)$/ && !seen[$2]++ { print $2, $4, $5 }' $sp_plans >need.tsv
  if [ "$sp_dry" != 1 ] && [ -s need.tsv ]; then
    sp_download
    # Unpack and check everything for every target before anything lands anywhere.
    sp_i=1
    while [ "$sp_i" -le "$sp_tn" ]; do
      eval "sp_d=\$sp_t_$sp_i"
      sp_new=$(sp_names "plan.$sp_i" '^(install|reinstall|update|replace)$')
      [ -z "$sp_new" ] || sp_unpack "$sp_d/$SP_STAGE" "$sp_new"
      sp_i=$((sp_i + 1))
    done
  fi
  sp_status=0
  sp_i=1
  while [ "$sp_i" -le "$sp_tn" ]; do
    sp_target "$sp_i"
    sp_say "Skillport: $sp_where -> $sp_shown ($sp_as)"
    sp_new=$(sp_names "plan.$sp_i" '^(install|reinstall|update|replace)$')
    if [ "$sp_dry" != 1 ] && [ -n "$sp_new" ]; then
      sp_stage=$sp_d/$SP_STAGE
      (cd "$sp_stage/new" && find $sp_new -type f -exec $sp_sha {} + >"$sp_work/new.sums.$sp_i") || sp_fail "could not hash the files unpacked in $sp_stage"
      sp_old=$(sp_names "plan.$sp_i" '^(update|replace)$')
      # The folders being replaced move aside, then the manifest is written, then the new
      # folders move in: each step a rename, so a run cut short leaves whole skills only (a
      # skill the manifest lists but whose folder is missing is installed again next time).
      if [ -n "$sp_old" ]; then
        (cd "$sp_d" && mv $sp_old "$sp_stage/old/") || sp_fail "could not move the old skills aside in $sp_shown"
      fi
      sp_mf=$sp_d/$SP_MANIFEST
      [ -f "$sp_mf" ] || sp_mf=/dev/null
      sp_write_manifest "$sp_mf" "plan.$sp_i" "new.sums.$sp_i" >"$sp_stage/manifest" || sp_fail "could not write the manifest in $sp_stage"
      mv "$sp_stage/manifest" "$sp_d/$SP_MANIFEST" || sp_fail "could not write $sp_shown/$SP_MANIFEST"
      (cd "$sp_stage/new" && mv $sp_new "$sp_d/") || sp_fail "could not move the new skills into $sp_shown"
    fi
    sp_report "plan.$sp_i" "$sp_shown" install
    sp_rc=$?
    [ "$sp_rc" = 0 ] || sp_status=$sp_rc
    sp_i=$((sp_i + 1))
  done
}

# Target $1: its folder (sp_d), the agent it is for (sp_as), and the folder as shown (sp_shown).
sp_target() {
  eval "sp_d=\$sp_t_$1; sp_as=\$sp_ta_$1"
  sp_show "$sp_d"
  sp_shown=$sp_r
}

# Plans the removals in folder $sp_d (manifest $sp_mf) into the file plan.
sp_plan_removal() {
  sp_list_dir "$sp_d" present
  awk -F '\t' -v OFS='\t' -v present=present -v filter="$sp_skills" '
    BEGIN {
      while ((getline l < present) > 0) here[l] = 1
      n = split(filter, w, ",")
      for (i = 1; i <= n; i++) if (w[i] != "") { wanted[w[i]] = 1; some = 1 }
    }
    $1 == "skill" && (!some || $2 in wanted) { seen[$2] = 1; print ($2 in here ? "remove" : "drop"), $2, $3, $4, "-", $3 }
    END { for (k in wanted) if (!(k in seen)) print "unknown", k, "-", "-", "-", "-" }' "$sp_mf" >plan0
  : >changes
  if [ "$sp_force" != 1 ]; then
    sp_rm=$(sp_names plan0 '^remove$')
    if [ -n "$sp_rm" ]; then
      sp_hash_installed "$sp_d" "$sp_rm" cur
      sp_local_changes "$sp_mf" cur >changes
    fi
  fi
  sp_apply_changes changes <plan0 >plan
  sp_rm=$(sp_names plan '^remove$')
  sp_drop=$(sp_names plan '^drop$')
}

sp_uninstall_all() {
  sp_status=0
  sp_i=1
  while [ "$sp_i" -le "$sp_tn" ]; do
    sp_target "$sp_i"
    sp_i=$((sp_i + 1))
    sp_mf=$sp_d/$SP_MANIFEST
    if [ ! -f "$sp_mf" ]; then
      sp_say "Skillport: nothing installed by install.sh in $sp_shown ($sp_as)"
      continue
    fi
    sp_say "Skillport: removing from $sp_shown ($sp_as)"
    sp_plan_removal
    if [ "$sp_dry" != 1 ] && [ -n "$sp_rm$sp_drop" ]; then
      sp_lock "$sp_d"
      sp_plan_removal
    fi
    if [ "$sp_dry" != 1 ] && [ -n "$sp_rm$sp_drop" ]; then
      sp_stage=$sp_d/$SP_STAGE
      mkdir "$sp_stage/old" || sp_fail "cannot write to $sp_shown"
      if [ -n "$sp_rm" ]; then
        (cd "$sp_d" && mv $sp_rm "$sp_stage/old/") || sp_fail "could not move the skills out of $sp_shown"
      fi
      if sp_write_manifest "$sp_mf" plan /dev/null >"$sp_stage/manifest"; then
        mv "$sp_stage/manifest" "$sp_mf" || sp_fail "could not write $sp_mf"
      else
        rm -f "$sp_mf" || sp_fail "could not remove $sp_mf"
      fi
    fi
    sp_report plan "$sp_shown" uninstall
    sp_rc=$?
    [ "$sp_rc" = 0 ] || sp_status=$sp_rc
  done
}

sp_main() {
  # Nothing below reads the terminal; when the script arrives through a pipe, the rest of the
  # pipe stays the shell's.
  exec </dev/null
  set -f
  sp_nl='
'
  sp_tab='	'
  sp_agents=
  sp_scope=project
  sp_skills=
  sp_server=${SKILLPORT_SERVER:-}
  sp_key=${SKILLPORT_KEY:-}
  sp_share=${SKILLPORT_SHARE:-}
  sp_dir=
  sp_update=0
  sp_uninstall=0
  sp_force=0
  sp_dry=0
  sp_quiet=0
  sp_work=
  sp_stages=
  sp_base=
  sp_where=
  sp_parse "$@"
  sp_check_options
  sp_check_tools
  sp_resolve_targets
  trap sp_cleanup 0
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 143' TERM
  sp_work=$(mktemp -d "${TMPDIR:-/tmp}/skillport.XXXXXX" 2>/dev/null) || {
    sp_work=${TMPDIR:-/tmp}/skillport.$$
    mkdir -m 700 "$sp_work" || sp_fail "cannot make a temporary folder in ${TMPDIR:-/tmp}"
  }
  cd "$sp_work" || sp_fail "cannot enter $sp_work"
  if [ "$sp_uninstall" = 1 ]; then sp_uninstall_all; else sp_install; fi
  exit "$sp_status"
}

sp_main "$@"
