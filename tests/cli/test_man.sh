# The generated man page: clean roff, and every option, exit code, finding
# and limit of the binary's definition in its place.

test_groff_is_clean() {
  need groff
  local warnings
  warnings=$(groff -ww -z -man "$SIPSURV_MAN_PAGE" 2>&1)
  [[ -z $warnings ]] || fail "groff -ww -z -man warns: $warnings"
}

test_man_renders_with_man() {
  need man
  local text
  text=$(MANWIDTH=100 man -l -P cat "$SIPSURV_MAN_PAGE" 2>&1) || fail "man -l failed: $text"
  for heading in NAME SYNOPSIS DESCRIPTION COMMANDS "PHONE SETTINGS" "JSON OUTPUT" "EXIT STATUS" FINDINGS \
    LIMITS ENVIRONMENT FILES EXAMPLES "SEE ALSO"; do
    grep -qx -- "$heading" <<<"$text" || fail "man page has no section $heading"
  done
  grep -q "sipsurv $("$SIPSURV" --version | head -n1 | cut -d' ' -f2)" <<<"$text" ||
    fail "man page footer does not carry the binary's version"
}

test_no_template_directive_left() {
  if grep -nE '^\.\\" @(generated|if-command|end-if)|@VERSION@' "$SIPSURV_MAN_PAGE"; then
    fail "template directives left in the generated page"
  fi
}

test_every_command_option_in_its_section() {
  local cmd name kind choices segment n=0
  while read -r cmd; do
    segment=$(man_segment "^ *Options of sipsurv $cmd:" '^([A-Z]|   [a-z]|[ ]*Options of )')
    [[ -n $segment ]] || fail "no 'Options of sipsurv $cmd:' in the man page"
    while IFS=$'\t' read -r _ name kind choices; do
      grep -qE -- "^ +(-[a-zA-Z], )?${name}( |$)" <<<"$segment" || fail "man page: sipsurv $cmd lacks option $name"
      for value in $choices; do
        grep -qF -- "$value" <<<"$segment" || fail "man page: $cmd $name lacks allowed value $value"
      done
      n=$((n + 1))
    done < <(own_options_of "$cmd")
    # The phone settings it takes are named in one paragraph.
    while IFS=$'\t' read -r name _ _ commands; do
      [[ " $commands " == *" $cmd "* ]] || continue
      grep -qF -- "$name" <<<"$segment" || fail "man page: sipsurv $cmd does not name phone setting $name"
    done < <(phone_settings)
  done < <(docgen_list commands)
  ((n > 0)) || fail "no command options listed"
  echo "checked $n command options"
}

test_every_phone_setting_in_its_section() {
  local segment name n=0
  segment=$(man_segment '^PHONE SETTINGS$' '^[A-Z]')
  while IFS=$'\t' read -r name _ choices commands; do
    grep -qE -- "^ +(-[a-z], )?${name}( |$)" <<<"$segment" || fail "man page: PHONE SETTINGS lacks $name"
    for c in $commands; do
      grep -qF -- "$c" <<<"$segment" || fail "man page: PHONE SETTINGS does not say $c takes $name"
    done
    n=$((n + 1))
  done < <(phone_settings)
  ((n >= 10)) || fail "only $n phone settings listed"
}

test_every_exit_code() {
  local segment code name
  segment=$(man_segment '^EXIT STATUS$' '^[A-Z]')
  while IFS=$'\t' read -r code name; do
    grep -qE -- "^ +${code} +${name}:" <<<"$segment" || fail "EXIT STATUS lacks $code $name"
  done < <(docgen_list exit-codes)
  # The codes the code base defines are the ones listed.
  local defined
  defined=$(grep -oE '^\s+[a-z_]+ = [0-9]+,' "$SIPSURV_SOURCE_DIR/cli/exit_code.hpp" | grep -oE '[0-9]+' | sort -n)
  expect_same "exit codes in cli/exit_code.hpp vs man page" "$defined" "$(docgen_list exit-codes | cut -f1 | sort -n)"
}

test_every_finding() {
  local segment id severity n=0
  segment=$(man_segment '^FINDINGS$' '^[A-Z]')
  while IFS=$'\t' read -r id severity; do
    grep -qE -- "^ +${id} \(${severity}\)" <<<"$segment" || fail "FINDINGS lacks $id ($severity)"
    n=$((n + 1))
  done < <(docgen_list findings)
  # Every ID the catalogue source defines is listed (the table is the source).
  local in_source
  in_source=$(grep -oE 'FindingInfo\{"[A-Z]+[0-9]+"' "$SIPSURV_SOURCE_DIR/core/report/finding_catalogue.cpp" |
    grep -oE '[A-Z]+[0-9]+' | sort)
  expect_same "finding IDs" "$in_source" "$(docgen_list findings | cut -f1 | sort)"
  echo "checked $n findings"
}

test_every_limit_of_limits_hpp() {
  local header=$SIPSURV_SOURCE_DIR/core/util/limits.hpp segment name value
  # Every k_ constant of limits.hpp has a documented row...
  local constants
  constants=$(grep -oE 'inline constexpr std::size_t k_[a-z0-9_]+' "$header" | sed 's/.* k_//' | sort)
  [[ -n $constants ]] || fail "no constants found in $header"
  expect_same "limits.hpp constants vs k_limit_table rows" "$constants" "$(docgen_list limits | cut -f1 | sort)"
  # ...with its value, in the LIMITS section.
  segment=$(man_segment '^LIMITS$' '^[A-Z]')
  while IFS=$'\t' read -r name value; do
    grep -qE -- "^ +${name} = ${value} " <<<"$segment" || fail "LIMITS lacks $name = $value"
  done < <(docgen_list limits)
}

test_help_of_every_command() {
  local cmd name out
  while read -r cmd; do
    out=$("$SIPSURV" "$cmd" --help) || fail "sipsurv $cmd --help exited $?"
    while IFS=$'\t' read -r _ name kind _; do
      [[ $kind == positional ]] && continue
      grep -qF -- "$name" <<<"$out" || fail "sipsurv $cmd --help lacks $name"
    done < <(options_of "$cmd")
  done < <(docgen_list commands)
}

test_version_names_the_libraries() {
  local out
  out=$("$SIPSURV" --version) || fail "sipsurv --version exited $?"
  grep -qE '^sipsurv [0-9]+\.[0-9]+\.[0-9]+$' <<<"$out" || fail "first line is not 'sipsurv X.Y.Z': $out"
  grep -qE '^c-ares [0-9]+\.[0-9]+\.[0-9]+$' <<<"$out" || fail "no c-ares version: $out"
  grep -qE '^OpenSSL 3\.[0-9]+\.[0-9]+' <<<"$out" || fail "no OpenSSL version: $out"
  grep -qE '^sofia-sip 1\.12\.[0-9]+' <<<"$out" || fail "no sofia-sip version: $out"
  # The versions are the ones in use: those of the installed Debian packages.
  if command -v dpkg-query >/dev/null; then
    local cares ssl
    cares=$(dpkg-query -W -f='${Version}' libc-ares2 2>/dev/null | sed -E 's/-.*//')
    ssl=$(dpkg-query -W -f='${Version}' libssl3 2>/dev/null | sed -E 's/-.*//')
    [[ -z $cares ]] || grep -qx "c-ares $cares" <<<"$out" || fail "c-ares is $cares, --version says: $out"
    [[ -z $ssl ]] || grep -qE "^OpenSSL $ssl " <<<"$out" || fail "OpenSSL is $ssl, --version says: $out"
  fi
}
