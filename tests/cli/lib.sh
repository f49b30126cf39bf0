# Helpers for the cli tests. Environment (set by tests/cli/CMakeLists.txt):
# SIPSURV, SIPSURV_DOCGEN, SIPSURV_MAN_PAGE, SIPSURV_{BASH,ZSH,FISH}_COMPLETION,
# SIPSURV_SOURCE_DIR, SIPSURV_BUILD_DIR, CMAKE, CPACK.
set -uo pipefail

T_DIR=$(mktemp -d)
trap 'rm -rf "$T_DIR"' EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

skip() {
  echo "SKIP: $*"
  exit 77
}

need() { # a tool the test needs; scripts/debian-packages.txt installs it
  command -v "$1" >/dev/null || fail "$1 is not installed (see scripts/debian-packages.txt)"
}

# What the generated files must contain, straight from the CLI definition
# and the tables (see cli/docgen/listing.hpp for the columns).
docgen_list() {
  "$SIPSURV_DOCGEN" list "$1" || fail "sipsurv-docgen list $1 failed"
}

has_command() {
  docgen_list commands | grep -qx -- "$1"
}

# Lines of `sipsurv-docgen list options`: SCOPE NAME KIND CHOICES.
options_of() { # SCOPE (a command, with the phone settings it takes; "-" for before the command)
  docgen_list options | awk -F'\t' -v s="$1" '$1 == s'
}

# Lines of `sipsurv-docgen list phone-settings`: NAME KIND CHOICES COMMANDS.
phone_settings() {
  docgen_list phone-settings
}

# A command's own options (its rows of options_of without the phone settings).
own_options_of() { # COMMAND
  local names
  names=$(phone_settings | cut -f1)
  options_of "$1" | awk -F'\t' -v names="$names" 'BEGIN { n = split(names, a, "\n"); for (i = 1; i <= n; i++) p[a[i]] = 1 }
    !($2 in p) && $2 != "--phone"'
}

choices_of() { # SCOPE NAME -> the enumerated values, one a line, sorted
  options_of "$1" | awk -F'\t' -v n="$2" '$2 == n { print $4 }' | tr ' ' '\n' | sed '/^$/d' | sort
}

sorted_lines() { # WORDS... -> one a line, sorted
  printf '%s\n' "$@" | sed '/^$/d' | sort
}

expect_same() { # WHAT EXPECTED ACTUAL (multi-line strings)
  [[ "$2" == "$3" ]] || fail "$1: expected [$(echo "$2" | tr '\n' ' ')] got [$(echo "$3" | tr '\n' ' ')]"
}

# The man page rendered to plain text, wide enough that no line wraps.
rendered_man() {
  if [[ ! -s $T_DIR/man.txt ]]; then
    need groff
    groff -man -Tascii -P-cbou -rLL=250n "$SIPSURV_MAN_PAGE" >"$T_DIR/man.txt" 2>/dev/null ||
      fail "groff could not render $SIPSURV_MAN_PAGE"
  fi
  cat "$T_DIR/man.txt"
}

# The lines of a rendered man page from the first line matching START (an
# ERE) up to, not including, the next line matching STOP.
man_segment() { # START STOP
  rendered_man | awk -v start="$1" -v stop="$2" '
    on && $0 ~ stop { exit }
    !on && $0 ~ start { on = 1; next }
    on { print }'
}

# Ask a real bash what it completes: bash_complete WORD... where the last
# word is the one under the cursor (may be ""). The completion function is
# the one `complete -p sipsurv` names after sourcing the generated script.
bash_complete() {
  bash --norc --noprofile -c '
    source "$1" || exit 1
    shift
    spec=$(complete -p sipsurv) || exit 1
    fn=${spec##*-F }
    fn=${fn%% *}
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMP_LINE="$*"
    COMP_POINT=${#COMP_LINE}
    "$fn" sipsurv "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}"' _ "$SIPSURV_BASH_COMPLETION" sipsurv "$@" | sed '/^$/d' | sort
}

# Ask a real fish: fish_complete "sipsurv resolve --" -> the candidates.
fish_complete() {
  need fish
  fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$SIPSURV_FISH_COMPLETION" "$1" |
    cut -f1 | sed '/^$/d' | sort
}

# Ask a real interactive zsh (in a pseudo-terminal) to complete each command
# line; one shell answers them all (compinit is slow). Fills Z_DONE[LINE]
# with the candidates, one a line, sorted:
#   zsh_complete_all "sipsurv resolve --" "sipsurv res"
declare -A Z_DONE
zsh_complete_all() {
  need zsh
  mkdir -p "$T_DIR/zsh-fpath" "$T_DIR/zsh-home"
  cp "$SIPSURV_ZSH_COMPLETION" "$T_DIR/zsh-fpath/_sipsurv"
  (cd "$T_DIR" && HOME=$T_DIR/zsh-home PATH=$(dirname "$SIPSURV"):$PATH \
    timeout 300 zsh -f "$SIPSURV_SOURCE_DIR/tests/cli/zsh_complete.zsh" "$T_DIR/zsh-fpath" "$@") \
    >"$T_DIR/zsh.out" || fail "zsh could not complete: $*"
  local line key=""
  while IFS= read -r line; do
    if [[ $line == "@@ "* ]]; then
      key=${line#@@ }
      Z_DONE[$key]=""
    elif [[ -n $key ]]; then
      Z_DONE[$key]+="${Z_DONE[$key]:+$'\n'}$line"
    fi
  done <"$T_DIR/zsh.out"
  for line in "$@"; do
    [[ -v "Z_DONE[$line]" ]] || fail "zsh gave no answer for '$line'"
  done
}
