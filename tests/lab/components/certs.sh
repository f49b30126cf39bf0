# certs: the lab's test PKI (tests/lab/make-certs.sh) in DIR/certs; the
# TLS peers below read it, the tests pass DIR/certs/ca.pem as --ca-file.

certs_start() {
  lab_ensure openssl openssl || return 1
  "$LAB_HOME/make-certs.sh" "$1/certs" >"$1/certs.log" 2>&1
}

certs_wait() {
  [[ -s $1/certs/ca.pem && -s $1/certs/client.key ]]
}

certs_stop() {
  : # files only; they are rebuilt at every start
}
