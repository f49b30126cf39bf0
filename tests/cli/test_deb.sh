# The CPack .deb as Debian's tools judge it: lintian without an error or a
# warning (and without a hardening tag, which lintian only reports as info),
# hardening-check on the binary (fortify, stack protector, PIE, relro, bindnow),
# and the changelog, copyright and maintainer agreeing with each other.

test_lintian_is_clean() {
  need lintian
  local deb out
  deb=$(deb_package) || exit 1
  # --display-info: hardening-no-bindnow and hardening-no-fortify-functions are info tags.
  out=$(lintian --display-info --no-tag-display-limit "$deb" 2>&1)
  local bad
  bad=$(grep -E '^(E|W): ' <<<"$out")
  [[ -z $bad ]] || fail "lintian $(basename "$deb"):"$'\n'"$bad"
  bad=$(grep -E '^I: .*hardening-' <<<"$out")
  [[ -z $bad ]] || fail "lintian reports missing hardening:"$'\n'"$bad"
  # Overrides hide tags: only the one cmake/debian/lintian-overrides explains.
  local overrides
  overrides=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/lintian/overrides/sipsurv | grep -v '^#' | sed '/^$/d')
  [[ $overrides == "sipsurv: initial-upload-closes-no-bugs" ]] || fail "unexpected lintian overrides: $overrides"
  echo "lintian $(basename "$deb"): ${out:-no tags}"
}

test_binary_is_hardened() {
  need hardening-check
  local deb root=$T_DIR/root out
  deb=$(deb_package) || exit 1
  dpkg -x "$deb" "$root" || fail "dpkg -x failed"
  # --nocfprotection: Debian 12's glibc start files (Scrt1.o, crti.o) carry no
  # CET property, so the linker drops it from every bookworm binary (nsd's
  # too); sipsurv's own objects have it (checked below).
  out=$(hardening-check --nocfprotection "$root/usr/bin/sipsurv" 2>&1) || fail "hardening-check:"$'\n'"$out"
  for feature in "Position Independent Executable: yes" "Stack protected: yes" "Fortify Source functions: yes" \
    "Read-only relocations: yes" "Immediate binding: yes" "Stack clash protection: yes"; do
    grep -qF -- "$feature" <<<"$out" || fail "hardening-check lacks '$feature':"$'\n'"$out"
  done
  if [[ $(uname -m) == x86_64 ]]; then
    local obj=$SIPSURV_BUILD_DIR/cli/CMakeFiles/sipsurv.dir/main.cpp.o
    readelf -n "$obj" | grep -q 'x86 feature: IBT, SHSTK' || fail "$obj was not built with -fcf-protection"
  fi
  echo "$out"
}

test_changelog_copyright_and_maintainer_agree() {
  local deb root=$T_DIR/root maintainer version top trailer contact
  deb=$(deb_package) || exit 1
  dpkg -x "$deb" "$root" || fail "dpkg -x failed"
  maintainer=$(dpkg-deb -f "$deb" Maintainer)
  version=$(dpkg-deb -f "$deb" Version)
  top=$(zcat "$root/usr/share/doc/sipsurv/changelog.Debian.gz" | head -n 1)
  [[ $top == "sipsurv ($version) "* ]] || fail "changelog's first entry '$top' is not version $version"
  trailer=$(zcat "$root/usr/share/doc/sipsurv/changelog.Debian.gz" | grep -m1 '^ -- ')
  [[ $trailer == " -- $maintainer  "* ]] || fail "changelog trailer '$trailer' does not name the Maintainer $maintainer"
  contact=$(sed -n 's/^Upstream-Contact: //p' "$root/usr/share/doc/sipsurv/copyright")
  [[ $contact == "$maintainer" ]] || fail "copyright's Upstream-Contact '$contact' is not the Maintainer $maintainer"
  # The Nagios definitions under /etc are conffiles, kept over an upgrade.
  dpkg-deb -e "$deb" "$T_DIR/control" || fail "dpkg-deb -e failed"
  grep -qx '/etc/nagios-plugins/config/sipsurv.cfg' "$T_DIR/control/conffiles" ||
    fail "conffiles: $(cat "$T_DIR/control/conffiles" 2>&1)"
}
