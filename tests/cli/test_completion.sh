# The generated bash, zsh and fish completions: syntax, and real shells
# completing subcommands, every option and every enumerated value from the
# CLI definition.

test_bash_syntax() {
  bash -n "$SIPSURV_BASH_COMPLETION" || fail "bash -n rejects $SIPSURV_BASH_COMPLETION"
}

test_zsh_syntax() {
  need zsh
  zsh -n "$SIPSURV_ZSH_COMPLETION" || fail "zsh -n rejects $SIPSURV_ZSH_COMPLETION"
  head -n1 "$SIPSURV_ZSH_COMPLETION" | grep -qx '#compdef sipsurv' || fail "_sipsurv does not start with #compdef"
}

test_fish_syntax() {
  need fish
  fish --no-config -n "$SIPSURV_FISH_COMPLETION" || fail "fish -n rejects $SIPSURV_FISH_COMPLETION"
}

test_bash_completes_res_to_resolve() {
  expect_same "sipsurv res<TAB>" "resolve" "$(bash_complete res)"
  # A global option's value before the command is not taken for a command.
  expect_same "sipsurv --transport tls res<TAB>" "resolve" "$(bash_complete --transport tls res)"
  expect_same "sipsurv <TAB>" "$(docgen_list commands | sort)" "$(bash_complete '')"
}

test_bash_completes_st_to_status() {
  has_command status || skip "no status command in this build"
  expect_same "sipsurv st<TAB>" "$(docgen_list commands | grep '^st' | sort)" "$(bash_complete st)"
  bash_complete st | grep -qx status || fail "sipsurv st<TAB> does not offer status"
}

test_bash_completes_resolve_format() {
  expect_same "sipsurv resolve --format <TAB>" "$(sorted_lines json text)" "$(bash_complete resolve --format '')"
  expect_same "sipsurv resolve --format=j<TAB>" "json" "$(bash_complete resolve --format = j)"
  expect_same "sipsurv resolve --format=<TAB>" "$(sorted_lines json text)" "$(bash_complete resolve --format =)"
}

test_bash_completes_status_format() {
  has_command status || skip "no status command in this build"
  local got
  got=$(bash_complete status --format '')
  expect_same "sipsurv status --format <TAB>" "$(choices_of status --format)" "$got"
  for f in text json nagios openmetrics; do
    grep -qx "$f" <<<"$got" || fail "sipsurv status --format <TAB> lacks $f (SPEC.md)"
  done
}

# Every option of every command, before and after the command for the phone
# settings, and the values of every enumerated or file option.
test_bash_every_option_and_value() {
  local cmd scope name kind choices offered n=0
  touch "$T_DIR/site-a.ini" "$T_DIR/site-b.toml"
  mkdir -p "$T_DIR/dirs/ca-certs" && touch "$T_DIR/dirs/ca-file.pem"
  while read -r cmd; do
    offered=$(bash_complete "$cmd" --)
    while IFS=$'\t' read -r scope name kind choices; do
      [[ $kind == positional ]] && continue
      grep -qx -- "$name" <<<"$offered" || fail "sipsurv $cmd --<TAB> lacks $name"
      if [[ -n $choices ]]; then
        expect_same "sipsurv $cmd $name <TAB>" "$(choices_of "$scope" "$name")" \
          "$(bash_complete "$cmd" "$name" '')"
      elif [[ $kind == file ]]; then
        expect_same "sipsurv $cmd $name site-<TAB>" "$(sorted_lines site-a.ini site-b.toml)" \
          "$(cd "$T_DIR" && bash_complete "$cmd" "$name" site-)"
      elif [[ $kind == directory ]]; then
        # Directories only: the CA file beside them is not offered.
        expect_same "sipsurv $cmd $name ca<TAB>" "ca-certs" "$(cd "$T_DIR/dirs" && bash_complete "$cmd" "$name" ca)"
      elif [[ $kind == value ]]; then
        # A free value: no commands, options or files offered.
        expect_same "sipsurv $cmd $name <TAB>" "" "$(cd "$T_DIR" && bash_complete "$cmd" "$name" '')"
      fi
      n=$((n + 1))
    done < <(options_of "$cmd")
  done < <(docgen_list commands)
  # Before the command: --help and --version only (phone settings go after it).
  offered=$(bash_complete --)
  expect_same "sipsurv --<TAB>" "$(sorted_lines --help --version)" "$offered"
  echo "checked $n (command, option) pairs"
}

test_fish_completes_commands_options_values() {
  need fish
  local cmd scope name kind choices offered n=0
  expect_same "fish: sipsurv res<TAB>" "resolve" "$(fish_complete 'sipsurv res')"
  expect_same "fish: sipsurv resolve --transport tls --fo<TAB>" "--format" \
    "$(fish_complete 'sipsurv resolve --transport tls --fo')"
  expect_same "fish: sipsurv <TAB>" "$(docgen_list commands | sort)" "$(fish_complete 'sipsurv ')"
  touch "$T_DIR/site-a.ini"
  mkdir -p "$T_DIR/dirs/ca-certs" && touch "$T_DIR/dirs/ca-file.pem"
  while read -r cmd; do
    offered=$(fish_complete "sipsurv $cmd --")
    while IFS=$'\t' read -r scope name kind choices; do
      [[ $kind == positional ]] && continue
      grep -qx -- "$name" <<<"$offered" || fail "fish: sipsurv $cmd --<TAB> lacks $name"
      if [[ -n $choices ]]; then
        expect_same "fish: sipsurv $cmd $name <TAB>" "$(choices_of "$scope" "$name")" \
          "$(fish_complete "sipsurv $cmd $name ")"
      elif [[ $kind == file ]]; then
        expect_same "fish: sipsurv $cmd $name site<TAB>" "site-a.ini" \
          "$(cd "$T_DIR" && fish_complete "sipsurv $cmd $name site")"
      elif [[ $kind == directory ]]; then
        expect_same "fish: sipsurv $cmd $name ca<TAB>" "ca-certs/" \
          "$(cd "$T_DIR/dirs" && fish_complete "sipsurv $cmd $name ca")"
      fi
      n=$((n + 1))
    done < <(options_of "$cmd")
  done < <(docgen_list commands)
  if has_command status; then
    expect_same "fish: sipsurv st<TAB>" "$(docgen_list commands | grep '^st' | sort)" "$(fish_complete 'sipsurv st')"
  fi
  echo "checked $n (command, option) pairs"
}

# A real zsh, through a pseudo-terminal (tests/cli/zsh_complete.zsh).
test_zsh_completes_commands_options_values() {
  local cmd scope name kind choices n=0
  local -a requests=("sipsurv res" "sipsurv resolve --format " "sipsurv resolve --format=j" "sipsurv --"
    "sipsurv resolve --transport " "sipsurv resolve --transport tls --fo")
  has_command status && requests+=("sipsurv st")
  touch "$T_DIR/site-a.ini"
  mkdir -p "$T_DIR/dirs/ca-certs" && touch "$T_DIR/dirs/ca-file.pem"
  # Every option of every command; the values of enumerated and file options.
  while read -r cmd; do
    requests+=("sipsurv $cmd --")
    while IFS=$'\t' read -r scope name kind choices; do
      [[ -n $choices ]] && requests+=("sipsurv $cmd $name ")
      [[ $kind == file ]] && requests+=("sipsurv $cmd $name site")
      [[ $kind == directory ]] && requests+=("sipsurv $cmd $name dirs/ca")
    done < <(options_of "$cmd")
  done < <(docgen_list commands)
  zsh_complete_all "${requests[@]}"

  expect_same "zsh: sipsurv res<TAB>" "resolve" "${Z_DONE[sipsurv res]}"
  expect_same "zsh: sipsurv resolve --format <TAB>" "$(sorted_lines json text)" "${Z_DONE[sipsurv resolve --format ]}"
  expect_same "zsh: sipsurv resolve --format=j<TAB>" "json" "${Z_DONE[sipsurv resolve --format=j]}"
  expect_same "zsh: sipsurv resolve --transport <TAB>" "$(choices_of resolve --transport)" \
    "${Z_DONE[sipsurv resolve --transport ]}"
  expect_same "zsh: sipsurv resolve --transport tls --fo<TAB>" "--format" "${Z_DONE[sipsurv resolve --transport tls --fo]}"
  if has_command status; then
    expect_same "zsh: sipsurv st<TAB>" "$(docgen_list commands | grep '^st' | sort)" "${Z_DONE[sipsurv st]}"
  fi
  while IFS=$'\t' read -r _ name _ _; do
    grep -qx -- "$name" <<<"${Z_DONE[sipsurv --]}" || fail "zsh: sipsurv --<TAB> lacks $name"
  done < <(options_of -)
  grep -qx -- --transport <<<"${Z_DONE[sipsurv --]}" && fail "zsh: sipsurv --<TAB> offers a phone setting"
  while read -r cmd; do
    while IFS=$'\t' read -r scope name kind choices; do
      [[ $kind == positional ]] && continue
      grep -qx -- "$name" <<<"${Z_DONE[sipsurv $cmd --]}" || fail "zsh: sipsurv $cmd --<TAB> lacks $name"
      if [[ -n $choices ]]; then
        expect_same "zsh: sipsurv $cmd $name <TAB>" "$(choices_of "$scope" "$name")" "${Z_DONE[sipsurv $cmd $name ]}"
      elif [[ $kind == file ]]; then
        expect_same "zsh: sipsurv $cmd $name site<TAB>" "site-a.ini" "${Z_DONE[sipsurv $cmd $name site]}"
      elif [[ $kind == directory ]]; then
        expect_same "zsh: sipsurv $cmd $name dirs/ca<TAB>" "ca-certs" "${Z_DONE[sipsurv $cmd $name dirs/ca]}"
      fi
      n=$((n + 1))
    done < <(options_of "$cmd")
  done < <(docgen_list commands)
  echo "checked $n (command, option) pairs in ${#requests[@]} completions"
}

# The file is a completion function that compinit picks up by its #compdef.
test_zsh_compinit_registers_the_function() {
  need zsh
  mkdir -p "$T_DIR/fpath" && cp "$SIPSURV_ZSH_COMPLETION" "$T_DIR/fpath/"
  local comp
  comp=$(HOME=$T_DIR zsh -fc 'fpath=($1 $fpath); autoload -Uz compinit; compinit -u -D; print -r -- $_comps[sipsurv]' \
    _ "$T_DIR/fpath")
  expect_same "zsh: compinit registers" "_sipsurv" "$comp"
}
