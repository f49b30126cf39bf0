# `cmake --install` into a temporary prefix and the CPack .deb unpacked into
# a temporary root: files in their standard places, found by man, bash-
# completion, zsh and fish, and the installed binary runs.

test_install_into_a_prefix() {
  local prefix=$T_DIR/prefix out
  "$CMAKE" --install "$SIPSURV_BUILD_DIR" --prefix "$prefix" >"$T_DIR/install.log" 2>&1 ||
    fail "cmake --install failed: $(tail -n 5 "$T_DIR/install.log")"
  for f in bin/sipsurv share/man/man1/sipsurv.1.gz share/bash-completion/completions/sipsurv \
    share/zsh/site-functions/_sipsurv share/fish/vendor_completions.d/sipsurv.fish \
    share/doc/sipsurv/copyright share/doc/sipsurv/changelog.Debian.gz share/sipsurv/schema/sipsurv-1.schema.json share/sipsurv/schema/sipsurv-evidence-1.schema.json \
    share/sipsurv/icinga2/command-sipsurv.conf etc/nagios-plugins/config/sipsurv.cfg \
    lib/systemd/system/sipsurv-watch@.service lib/systemd/system/sipsurv-status@.service \
    lib/systemd/system/sipsurv-status@.timer; do
    [[ -f $prefix/$f ]] || fail "cmake --install did not install $f ($(cd "$prefix" && find . -type f | tr '\n' ' '))"
  done
  # Integration files name the binary where this prefix has it, not /usr/bin.
  for f in share/sipsurv/icinga2/command-sipsurv.conf etc/nagios-plugins/config/sipsurv.cfg \
    lib/systemd/system/sipsurv-watch@.service lib/systemd/system/sipsurv-status@.service; do
    grep -qF "$prefix/bin/sipsurv" "$prefix/$f" || fail "$f does not name $prefix/bin/sipsurv"
    if grep -q '/usr/bin/sipsurv' "$prefix/$f"; then fail "$f still names /usr/bin/sipsurv"; fi
  done
  out=$("$prefix/bin/sipsurv" --version) || fail "installed sipsurv --version failed"
  grep -q '^c-ares ' <<<"$out" || fail "installed sipsurv --version: $out"

  # man finds the page by name below the prefix.
  need man
  out=$(MANWIDTH=100 man -M "$prefix/share/man" -P cat sipsurv 2>&1) || fail "man -M … sipsurv: $out"
  grep -q 'sipsurv - diagnose SIP sites' <<<"$out" || fail "man sipsurv shows no NAME line"

  # bash-completion's loader finds the completion by command name.
  if [[ -f /usr/share/bash-completion/bash_completion ]]; then
    out=$(XDG_DATA_DIRS=$prefix/share bash --norc --noprofile -c '
      source /usr/share/bash-completion/bash_completion
      _completion_loader sipsurv
      complete -p sipsurv' 2>&1) || fail "bash-completion did not load the completion: $out"
    grep -q -- '-F _sipsurv sipsurv' <<<"$out" || fail "bash-completion loaded: $out"
  else
    fail "bash-completion is not installed (see scripts/debian-packages.txt)"
  fi

  # fish reads vendor completions from $XDG_DATA_DIRS/fish/vendor_completions.d.
  need fish
  # (fish autoloads completions only for a command found in PATH.)
  mkdir -p "$T_DIR/home"
  out=$(cd "$T_DIR/home" && HOME=$T_DIR/home XDG_CONFIG_HOME=$T_DIR/home/.config XDG_DATA_HOME=$T_DIR/home/.local \
    XDG_DATA_DIRS=$prefix/share PATH=$prefix/bin:$PATH fish -c 'complete -C"sipsurv res"' | cut -f1)
  expect_same "installed fish completion: sipsurv res<TAB>" "resolve" "$out"

  # zsh's compinit picks _sipsurv up from the site-functions directory.
  need zsh
  out=$(HOME=$T_DIR zsh -fc 'fpath=($1 $fpath); autoload -Uz compinit; compinit -u -D; print -r -- $_comps[sipsurv]' \
    _ "$prefix/share/zsh/site-functions")
  expect_same "installed zsh completion" "_sipsurv" "$out"
}

test_deb_package() {
  local root=$T_DIR/root deb depends
  deb=$(deb_package) || exit 1

  # Depends comes from dpkg-shlibdeps: the Debian runtime packages.
  depends=$(dpkg-deb -f "$deb" Depends)
  for p in libc-ares2 libssl3 libsofia-sip-ua0 libfmt9 libc6 libstdc++6; do
    tr ',' '\n' <<<"$depends" | sed -E 's/^ +//; s/ .*//' | grep -qxF -- "$p" || fail "Depends lacks $p: $depends"
  done
  [[ $(dpkg-deb -f "$deb" Package) == sipsurv ]] || fail "package name: $(dpkg-deb -f "$deb" Package)"

  dpkg -x "$deb" "$root" || fail "dpkg -x failed"
  for f in usr/bin/sipsurv usr/share/man/man1/sipsurv.1.gz usr/share/bash-completion/completions/sipsurv \
    usr/share/zsh/vendor-completions/_sipsurv usr/share/fish/vendor_completions.d/sipsurv.fish \
    usr/share/doc/sipsurv/copyright usr/share/doc/sipsurv/changelog.Debian.gz \
    usr/share/sipsurv/schema/sipsurv-1.schema.json usr/share/sipsurv/icinga2/command-sipsurv.conf \
    etc/nagios-plugins/config/sipsurv.cfg usr/lib/systemd/system/sipsurv-watch@.service \
    usr/lib/systemd/system/sipsurv-status@.service usr/lib/systemd/system/sipsurv-status@.timer; do
    [[ -f $root/$f ]] || fail ".deb lacks /$f ($(cd "$root" && find . -type f | tr '\n' ' '))"
  done
  local version
  version=$("$root/usr/bin/sipsurv" --version) || fail "unpacked sipsurv --version failed"
  grep -qE '^sipsurv [0-9.]+$' <<<"$version" || fail "unpacked sipsurv --version: $version"
  grep -qE '^c-ares [0-9.]+$' <<<"$version" || fail "unpacked sipsurv --version lacks c-ares: $version"
  grep -qE '^OpenSSL 3' <<<"$version" || fail "unpacked sipsurv --version lacks OpenSSL: $version"
  grep -qE '^sofia-sip 1\.12' <<<"$version" || fail "unpacked sipsurv --version lacks sofia-sip: $version"
  [[ $(dpkg-deb -f "$deb" Version) == "$(head -n1 <<<"$version" | cut -d' ' -f2)"-* ]] ||
    fail "package version $(dpkg-deb -f "$deb" Version) is not the binary's"
  echo "$(basename "$deb"): Depends: $depends"
}
