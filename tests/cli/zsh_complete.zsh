# Ask a real interactive zsh what it completes, through a pseudo-terminal:
#   zsh -f zsh_complete.zsh FPATH_DIR 'sipsurv resolve --format ' ...
# For each command line, prints "@@ LINE" and then its candidates, one a
# line. compinit loads _sipsurv from FPATH_DIR; compadd is wrapped to print
# each match it is given; Tab completes, and ^X prints a marker and clears
# the line, so one shell answers every request (compinit is slow). Every
# wait is bounded by the caller's `timeout`.
zmodload zsh/zpty || { print -u2 "zsh/zpty is not available"; exit 2 }
zpty z zsh -f -i
zpty -w z "PROMPT='' RPROMPT=''"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -D"
# (The marker strings are split with "" so the echo of these lines never
# matches them.)
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; (( $#__hits )) && print -r -- ${(F)${__hits/#/MA""TCH:}}; builtin compadd "$@"; }'
zpty -w z 'zstyle ":completion:*" list-prompt ""; zstyle ":completion:*" menu no; LISTMAX=100000'
zpty -w z 'finish() { print -- "END""OF""COMPLETION"; BUFFER=""; CURSOR=0; }; zle -N finish; bindkey "^X" finish; bindkey "^I" complete-word'
local out request
for request in "${@[2,-1]}"; do
  zpty -w -n z "$request"$'\t'
  zpty -w -n z $'\x18'
  zpty -r z out '*ENDOFCOMPLETION*' || { print -u2 "no answer from zsh for '$request'"; exit 1 }
  print -r -- "@@ $request"
  print -r -- "$out" | tr -d '\r' | grep -ao 'MATCH:[^[:cntrl:] ]*' | sed 's/^MATCH://' | sort -u
done
zpty -d z
