# The registrar check against the lab's register.lab.test (tests/lab/README.md,
# "REGISTER"): forbidden .161 (403), challenge .162 (401 digest MD5, the lab's
# credentials in SIPSURV_LAB_AUTH_USER / SIPSURV_LAB_AUTH_PASSWORD_FILE),
# busy .163 (503), ok .164 (200); every one answers OPTIONS with 200.

DNS="--dns $SIPSURV_LAB_DNS"
CA="--ca-file $SIPSURV_LAB_CA"

reg_of() { # reg_of TARGET: jq filter for the register object of the probe of TARGET
  echo "[.probes[] | select(.target == \"$1\")][0].register"
}

need_credentials() {
  [[ -n ${SIPSURV_LAB_AUTH_USER:-} && -r ${SIPSURV_LAB_AUTH_PASSWORD_FILE:-} ]] ||
    skip "the lab exports no digest credentials"
}

test_probe_classifies_each_registrar() {
  sipsurv probe register.lab.test $DNS --transport udp --register-check --format json
  expect_valid_json
  expect_json '[.probes[].state] | unique | join(",")' ok
  expect_json "$(reg_of forbidden.register.lab.test) | .state" rejected
  expect_json "$(reg_of forbidden.register.lab.test) | .status" 403
  expect_json "$(reg_of challenge.register.lab.test) | .state" challenged
  expect_json "$(reg_of challenge.register.lab.test) | .challenge_status" 401
  expect_json "$(reg_of busy.register.lab.test) | .state" rejected
  expect_json "$(reg_of busy.register.lab.test) | .status" 503
  expect_json "$(reg_of ok.register.lab.test) | .state" ok
  expect_json "$(reg_of ok.register.lab.test) | .status" 200
  expect_json "$(reg_of ok.register.lab.test) | .aor" sip:sipsurv@register.lab.test
  expect_json '[.findings[] | select(.id == "SIP009") | .message] | length' 2
  expect_rc 1
}

test_probe_text_has_a_registrar_line_over_tcp_and_tls() {
  sipsurv probe register.lab.test $DNS $CA --transport tls --register-check
  expect_out_flowed "registrar: rejected: 403 Forbidden"
  expect_out_flowed "(REGISTER sips:sipsurv@register.lab.test"
  expect_out_flowed "registrar: challenged: 401 Unauthorized"
  expect_out "SIP009"
  sipsurv probe register.lab.test $DNS --transport tcp --register-check --format json
  expect_json "$(reg_of busy.register.lab.test) | .state" rejected
  expect_json "$(reg_of ok.register.lab.test) | .state" ok
}

test_probe_without_the_flag_sends_no_register() {
  sipsurv probe register.lab.test $DNS --transport udp --format json
  expect_rc 0
  expect_json '[.probes[].register] | unique | map(tostring) | join(",")' null
}

test_healthy_registrars_answer_the_query() {
  sipsurv probe healthy.lab.test $DNS $CA --transport tls --register-check --format json
  expect_rc 0
  expect_json '[.probes[].register.state] | unique | join(",")' ok
}

test_credentials_go_through_the_challenge() {
  need_credentials
  local t
  for t in udp tcp tls; do
    sipsurv probe challenge.register.lab.test $DNS $CA --transport "$t" --register-check \
      --auth-user "$SIPSURV_LAB_AUTH_USER" --auth-password-file "$SIPSURV_LAB_AUTH_PASSWORD_FILE" --format json
    expect_json '[.findings[].id | select(startswith("SIP"))] | length' 0
    expect_json "$(reg_of challenge.register.lab.test) | .state" authenticated
    expect_json "$(reg_of challenge.register.lab.test) | .algorithm" MD5
    expect_json "$(reg_of challenge.register.lab.test) | .status" 200
  done
  SIPSURV_AUTH_PASSWORD=$(cat "$SIPSURV_LAB_AUTH_PASSWORD_FILE") sipsurv probe challenge.register.lab.test $DNS \
    --transport udp --register-check --auth-user "$SIPSURV_LAB_AUTH_USER" --format json
  expect_json "$(reg_of challenge.register.lab.test) | .state" authenticated
  SIPSURV_AUTH_PASSWORD=not-the-password sipsurv probe challenge.register.lab.test $DNS --transport udp \
    --register-check --auth-user "$SIPSURV_LAB_AUTH_USER" --format json
  expect_json "$(reg_of challenge.register.lab.test) | .state" credentials-rejected
  expect_json '[.findings[].id | select(startswith("SIP"))] | join(",")' SIP011
}

test_auth_user_without_a_password_is_a_usage_error() {
  SIPSURV_AUTH_PASSWORD= sipsurv probe ok.register.lab.test $DNS --register-check --auth-user someone
  expect_rc 64
  expect_err_one_line
  expect_err "SIPSURV_AUTH_PASSWORD"
  mkfifo "$T_CHECK.fifo"
  at_exit "rm -f '$T_CHECK.fifo'"
  sipsurv probe ok.register.lab.test $DNS --register-check --auth-user someone --auth-password-file "$T_CHECK.fifo"
  expect_rc 64
  expect_err "FIFO"
}

test_status_moves_on_from_the_forbidden_registrar() {
  sipsurv status register.lab.test $DNS --transport udp
  expect_out_flowed "would register with challenge.register.lab.test:5060"
  expect_out_flowed "rejects REGISTER"
  expect_out "SIP009"
  sipsurv status register.lab.test $DNS --transport udp --format json
  expect_valid_json
  expect_json '.verdict.serving.target' challenge.register.lab.test
  expect_json '[.probes[] | select(.target == "forbidden.register.lab.test")][0].register.state' rejected
  expect_json '[.probes[] | select(.target == "forbidden.register.lab.test")][0].register.status' 403
  sipsurv status register.lab.test $DNS --transport udp --no-register-check --format json
  expect_json '.verdict.serving.target' forbidden.register.lab.test
  expect_json '[.probes[].register] | unique | map(tostring) | join(",")' null
}

test_the_password_appears_in_no_output() {
  need_credentials
  local password f
  password=$(cat "$SIPSURV_LAB_AUTH_PASSWORD_FILE")
  [[ ${#password} -ge 8 ]] || fail "the lab's password is too short to search for"
  for f in text json nagios openmetrics; do
    sipsurv status register.lab.test $DNS --transport udp --auth-user "$SIPSURV_LAB_AUTH_USER" \
      --auth-password-file "$SIPSURV_LAB_AUTH_PASSWORD_FILE" --format "$f"
    grep -qF -- "$password" "$T_OUT" "$T_ERR" && fail "the password is in the $f output of status"
    SIPSURV_AUTH_PASSWORD=$password sipsurv status register.lab.test $DNS --transport udp \
      --auth-user "$SIPSURV_LAB_AUTH_USER" --format "$f"
    grep -qF -- "$password" "$T_OUT" "$T_ERR" && fail "the password is in the $f output of status (env)"
    # The header says where the password came from, never what it is.
    [[ $f == text ]] && expect_out "password from SIPSURV_AUTH_PASSWORD"
  done
  for f in text json; do
    sipsurv probe register.lab.test $DNS --transport udp --register-check --auth-user "$SIPSURV_LAB_AUTH_USER" \
      --auth-password-file "$SIPSURV_LAB_AUTH_PASSWORD_FILE" --format "$f"
    grep -qF -- "$password" "$T_OUT" "$T_ERR" && fail "the password is in the $f output of probe"
  done
  sipsurv watch register.lab.test $DNS --transport udp --count 1 --interval 1 --auth-user "$SIPSURV_LAB_AUTH_USER" \
    --auth-password-file "$SIPSURV_LAB_AUTH_PASSWORD_FILE"
  grep -qF -- "$password" "$T_OUT" "$T_ERR" && fail "the password is in the output of watch"
  true
}
