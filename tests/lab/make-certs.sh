#!/usr/bin/env bash
# make-certs.sh DIR: the lab's test PKI, made fresh with openssl at lab start.
#
# Writes into DIR (the lab's certs/ folder):
#   ca.pem / ca.key            the lab's test CA ("sipsurv lab CA"); tests pass --ca-file ca.pem
#   other-ca.pem               a second CA that signed nothing the servers use
#   <name>.pem / <name>.key    server certificates, one per case below
#   client.pem / client.key    a client certificate signed by the lab CA (mutual TLS)
#   rogue-client.pem / .key    a client certificate the mtls server must refuse (self-signed)
#
# Server cases (the SIP domain of the certs site is certs.lab.test):
#   good        SAN URI:sip:certs.lab.test, DNS:certs.lab.test, DNS:good.certs.lab.test
#   hostonly    SAN DNS:hostonly.certs.lab.test only (valid for the SRV target, not the domain)
#   expired     like good, but not-after in the past
#   selfsigned  like good, but self-signed (no chain to the lab CA)
#   wrongname   SAN DNS:wrong.example.invalid, CN wrong.example.invalid
#   mtls        like good; the server requires a client certificate from the lab CA
#   soon        like good, but expires in 10 days (inside the default --cert-warn-days 30)
#   healthy     the Kamailio on 127.0.0.11-.18 and ::1, which serves four SIP domains:
#               URI:sip: and DNS: for healthy.lab.test, mixed.lab.test, hostile.lab.test
#               and weighted.lab.test, DNS:sip1/sip2/sip3.healthy.lab.test,
#               DNS:good.mixed.lab.test, DNS:good.hostile.lab.test,
#               DNS:w1-w5.weighted.lab.test, IP:127.0.0.11-18, IP:::1
#   register    the register.lab.test cases on 127.0.0.161-.164: URI:sip: and DNS: for
#               register.lab.test and for forbidden/challenge/busy.register.lab.test
#               (each is a SIP domain too), DNS:ok.register.lab.test
#   hostile     the hostile peers: URI:sip:hostile.lab.test, DNS:hostile.lab.test, DNS:*.hostile.lab.test;
#               its subject's O carries U+202E (RLO), U+202C (PDF) and U+2028 (LINE SEPARATOR),
#               which a terminal would obey if sipsurv printed them raw
#
# Keys are EC P-256 so making them takes milliseconds. Idempotent: it rebuilds
# everything each time (the PKI lives only as long as the lab).
set -euo pipefail

dir=${1:?usage: make-certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
rm -rf ca-db && mkdir ca-db && : >ca-db/index.txt && echo 1000 >ca-db/serial

# A minimal "openssl ca" configuration: it is the only openssl 3.0 command
# that can set an explicit not-before/not-after, which the expired case needs.
cat >ca.cnf <<'CNF'
[ ca ]
default_ca = lab
[ lab ]
dir = .
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[ any ]
commonName = supplied
organizationName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = sipsurv lab CA
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ server ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $ENV::LAB_SAN
[ client ]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = $ENV::LAB_SAN
CNF

key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

make_ca() { # make_ca NAME CN
  key "$1.key"
  LAB_SAN=DNS:unused openssl req -new -x509 -config ca.cnf -key "$1.key" -subj "/CN=$2" \
    -days 3650 -extensions v3_ca -out "$1.pem"
}

# issue NAME CN SAN [openssl-ca date options...]: a leaf signed by the lab CA
# (ORG, when set, is the subject's O, in UTF-8)
issue() {
  local name=$1 cn=$2 san=$3 ext=${EXT:-server}
  shift 3
  key "$name.key"
  LAB_SAN=$san openssl req -new -utf8 -config ca.cnf -key "$name.key" -subj "${ORG:+/O=$ORG}/CN=$cn" -out "$name.csr"
  LAB_SAN=$san openssl ca -batch -config ca.cnf -cert ca.pem -keyfile ca.key -extensions "$ext" \
    -in "$name.csr" -out "$name.pem" -notext "$@" 2>ca-db/last.log
  rm -f "$name.csr"
}

make_ca ca "sipsurv lab CA"
make_ca other-ca "sipsurv other CA"

certs_san="URI:sip:certs.lab.test,DNS:certs.lab.test"
issue good good.certs.lab.test "$certs_san,DNS:good.certs.lab.test" -days 365
issue hostonly hostonly.certs.lab.test "DNS:hostonly.certs.lab.test" -days 365
issue expired expired.certs.lab.test "$certs_san,DNS:expired.certs.lab.test" \
  -startdate 20200101000000Z -enddate 20210101000000Z
issue wrongname wrong.example.invalid "DNS:wrong.example.invalid" -days 365
issue mtls mtls.certs.lab.test "$certs_san,DNS:mtls.certs.lab.test" -days 365
issue soon soon.certs.lab.test "$certs_san,DNS:soon.certs.lab.test" -days 10
issue healthy sip1.healthy.lab.test \
  "URI:sip:healthy.lab.test,DNS:healthy.lab.test,DNS:sip1.healthy.lab.test,DNS:sip2.healthy.lab.test,DNS:sip3.healthy.lab.test,URI:sip:mixed.lab.test,DNS:mixed.lab.test,DNS:good.mixed.lab.test,URI:sip:hostile.lab.test,DNS:hostile.lab.test,DNS:good.hostile.lab.test,URI:sip:weighted.lab.test,DNS:weighted.lab.test,DNS:w1.weighted.lab.test,DNS:w2.weighted.lab.test,DNS:w3.weighted.lab.test,DNS:w4.weighted.lab.test,DNS:w5.weighted.lab.test,IP:127.0.0.11,IP:127.0.0.12,IP:127.0.0.13,IP:127.0.0.14,IP:127.0.0.15,IP:127.0.0.16,IP:127.0.0.17,IP:127.0.0.18,IP:::1" \
  -days 365
register_san="URI:sip:register.lab.test,DNS:register.lab.test,DNS:ok.register.lab.test"
for case in forbidden challenge busy; do
  register_san+=",URI:sip:$case.register.lab.test,DNS:$case.register.lab.test"
done
issue register register.lab.test "$register_san" -days 365
# Byte escapes, not \u: they do not depend on the locale the lab runs in.
ORG=$'sipsurv lab \xe2\x80\xaeevil\xe2\x80\xac \xe2\x80\xa8hostile' \
  issue hostile hostile.lab.test "URI:sip:hostile.lab.test,DNS:hostile.lab.test,DNS:*.hostile.lab.test" -days 365
EXT=client issue client "sipsurv lab client" "URI:sip:client@lab.test" -days 365

# Self-signed: its own issuer, so no chain to the lab CA.
key selfsigned.key
LAB_SAN="$certs_san,DNS:selfsigned.certs.lab.test" openssl req -new -x509 -config ca.cnf \
  -key selfsigned.key -subj "/CN=selfsigned.certs.lab.test" -days 365 -extensions server \
  -out selfsigned.pem
key rogue-client.key
LAB_SAN="URI:sip:rogue@lab.test" openssl req -new -x509 -config ca.cnf -key rogue-client.key \
  -subj "/CN=rogue client" -days 365 -extensions client -out rogue-client.pem

chmod 600 ./*.key
